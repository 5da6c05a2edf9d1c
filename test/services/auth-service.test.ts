// The sign-in rules (lockout window, lock expiry, clearing attempts, parallel guesses, unknown
// emails) in-process against real repositories on an isolated database, with the clock
// passed in, so time can jump without waiting.
import bcrypt from 'bcrypt';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Repositories } from '../../src/repositories/index.js';
import {
  BCRYPT_COST,
  changePassword,
  FAILURE_WINDOW_MS,
  LOCKOUT_MS,
  MAX_FAILED_LOGINS,
  login,
} from '../../src/services/auth-service.js';
import { withWorkspace, type Workspace } from '../../src/services/workspace.js';
import type { NotSignedInError } from '../../src/domain/errors.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PASSWORD = 'correct horse battery staple';
const WRONG = 'wrong email or password';
let lowCostHash: string;
let database: IsolatedDatabase;
let previousHome: string | undefined;

beforeAll(async () => {
  previousHome = process.env.CAREER_HOME;
  process.env.CAREER_HOME = makeTempDir('career-auth-svc-');
  database = await isolatedDatabase();
  // A low cost keeps most tests fast; the timing test uses the real cost.
  lowCostHash = await bcrypt.hash(PASSWORD, 4);
});

afterAll(async () => {
  await database?.close();
  if (previousHome === undefined) delete process.env.CAREER_HOME;
  else process.env.CAREER_HOME = previousHome;
  removeTempDirs();
});

afterEach(() => {
  vi.restoreAllMocks();
});

let counter = 0;

async function newAccount(repositories: Repositories, passwordHash = lowCostHash) {
  const email = `ada${++counter}@example.com`;
  await repositories.users.create({ name: 'Ada', email, passwordHash });
  return email;
}

function inWorkspace(work: (workspace: Workspace) => Promise<void>): Promise<void> {
  return withWorkspace({ dbUri: database.uri }, async (workspace) => {
    // Every test starts signed out (the CAREER_HOME is shared).
    workspace.config.unset('session.token');
    await work(workspace);
  });
}

const at = (start: Date, ms: number) => new Date(start.getTime() + ms);

/** The message a sign-in fails with (it must fail, with NotSignedInError: exit code 6). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  // By name: a test may load a fresh copy of the modules, with classes of its own.
  expect((error as Error | undefined)?.name).toBe('NotSignedInError');
  expect((error as NotSignedInError).exitCode).toBe(6);
  return (error as NotSignedInError).message;
}

const LOCKED = /^this account is locked after 5 failed sign-ins, until \d{4}-\d\d-\d\dT[\d:.]+Z$/;

describe('login', () => {
  it('locks on the fifth failure within the window, refuses the right password, then unlocks', async () => {
    await inWorkspace(async (workspace) => {
      const email = await newAccount(workspace.repositories);
      const start = new Date('2026-01-01T10:00:00Z');
      for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) {
        expect(await refusal(login(workspace, email, 'wrong', at(start, i * 1000)))).toBe(WRONG);
      }
      const fifth = await refusal(login(workspace, email, 'wrong', at(start, 5000)));
      expect(fifth).toContain(`until ${at(start, 5000 + LOCKOUT_MS).toISOString()}`);

      const locked = await refusal(login(workspace, email, PASSWORD, at(start, 6000)));
      expect(locked).toContain(`until ${at(start, 5000 + LOCKOUT_MS).toISOString()}`);
      expect(workspace.config.get('session.token')).toBeUndefined();

      const user = await login(workspace, email, PASSWORD, at(start, 5000 + LOCKOUT_MS + 1));
      expect(user.email).toBe(email);
      expect(workspace.config.get('session.token')).toBeDefined();
      // The success forgot the attempts: four more wrong ones are just wrong.
      for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) {
        const later = at(start, 5000 + LOCKOUT_MS + 2 + i);
        expect(await refusal(login(workspace, email, 'wrong', later))).toBe(WRONG);
      }
    });
  });

  it('counts every spelling of one email (case, spaces) in one lockout, and signs in with any', async () => {
    await inWorkspace(async (workspace) => {
      const email = await newAccount(workspace.repositories);
      const shouted = ` ${email.replace('ada', 'ADA').replace('example.com', 'Example.COM')} `;
      expect(shouted).not.toBe(email);
      const start = new Date('2026-03-01T10:00:00Z');
      const user = await login(workspace, shouted, PASSWORD, start);
      expect(user.email).toBe(email);
      for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) {
        const spelling = i % 2 === 0 ? shouted : email;
        expect(await refusal(login(workspace, spelling, 'wrong', at(start, 1 + i)))).toBe(WRONG);
      }
      // The fifth failure, whichever the spelling, locks the one account for both.
      expect(await refusal(login(workspace, shouted, 'wrong', at(start, 10)))).toMatch(LOCKED);
      expect(await refusal(login(workspace, email, PASSWORD, at(start, 11)))).toMatch(LOCKED);
      expect(await refusal(login(workspace, shouted, PASSWORD, at(start, 12)))).toMatch(LOCKED);
    });
  });

  it('starts a new window once the last one is over', async () => {
    await inWorkspace(async (workspace) => {
      const email = await newAccount(workspace.repositories);
      const start = new Date('2026-01-01T10:00:00Z');
      for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) {
        await refusal(login(workspace, email, 'wrong', at(start, i)));
      }
      // The fifth failure comes after the window of the first four ended: no lock.
      const later = at(start, FAILURE_WINDOW_MS + 10);
      expect(await refusal(login(workspace, email, 'wrong', later))).toBe(WRONG);
      const user = await login(workspace, email, PASSWORD, at(later, 1));
      expect(user.email).toBe(email);
    });
  });

  it('checks at most five passwords of 20 parallel guesses, and then refuses the right one', async () => {
    await inWorkspace(async (workspace) => {
      const email = await newAccount(workspace.repositories);
      const compare = vi.spyOn(bcrypt, 'compare');
      const now = new Date();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => refusal(login(workspace, email, `guess ${i}`, now))),
      );
      expect(compare).toHaveBeenCalledTimes(MAX_FAILED_LOGINS);
      expect(answers.filter((answer) => answer === WRONG)).toHaveLength(MAX_FAILED_LOGINS - 1);
      expect(answers.filter((answer) => LOCKED.test(answer))).toHaveLength(
        20 - (MAX_FAILED_LOGINS - 1),
      );

      const right = await refusal(login(workspace, email, PASSWORD, at(now, 1000)));
      expect(right).toMatch(LOCKED);
      expect(compare).toHaveBeenCalledTimes(MAX_FAILED_LOGINS);
      expect(workspace.config.get('session.token')).toBeUndefined();
    });
  });

  it('answers an unknown email exactly like a wrong password, locked after as many attempts', async () => {
    await inWorkspace(async (workspace) => {
      const email = await newAccount(workspace.repositories);
      const unknown = `nobody-${email}`;
      const start = new Date('2026-02-01T10:00:00Z');
      for (let i = 0; i < MAX_FAILED_LOGINS + 1; i++) {
        const when = at(start, i * 1000);
        const [wrongPassword, unknownEmail] = await Promise.all([
          refusal(login(workspace, email, 'wrong', when)),
          refusal(login(workspace, unknown, PASSWORD, when)),
        ]);
        expect(unknownEmail, `attempt ${i + 1}`).toBe(wrongPassword);
        expect(wrongPassword).toMatch(i < MAX_FAILED_LOGINS - 1 ? WRONG : LOCKED);
      }
    });
  });

  it('counts wrong current passwords of `auth passwd` against the same lockout', async () => {
    await inWorkspace(async (workspace) => {
      const email = await newAccount(workspace.repositories);
      const user = await login(workspace, email, PASSWORD);
      const compare = vi.spyOn(bcrypt, 'compare');
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          refusal(changePassword(workspace, user, `guess ${i}`, 'a brand new passphrase')),
        ),
      );
      expect(compare).toHaveBeenCalledTimes(MAX_FAILED_LOGINS);
      expect(answers.filter((answer) => answer === 'the current password is wrong')).toHaveLength(
        MAX_FAILED_LOGINS - 1,
      );
      expect(await refusal(login(workspace, email, PASSWORD))).toMatch(LOCKED);
      const right = changePassword(workspace, user, PASSWORD, 'a brand new passphrase');
      expect(await refusal(right)).toMatch(LOCKED);
    });
  });

  it('checks an unknown email with bcrypt at the same cost, without making a hash', async () => {
    // A fresh copy of the service, as each `career` process has: nothing made on an earlier call.
    vi.resetModules();
    const fresh = await import('../../src/services/auth-service.js');
    await inWorkspace(async (workspace) => {
      const compare = vi.spyOn(bcrypt, 'compare');
      const hash = vi.spyOn(bcrypt, 'hash');
      await refusal(fresh.login(workspace, `nobody${++counter}@example.com`, PASSWORD));
      expect(hash).not.toHaveBeenCalled();
      expect(compare).toHaveBeenCalledTimes(1);
      expect(bcrypt.getRounds(compare.mock.calls[0]?.[1] as string)).toBe(BCRYPT_COST);
    });
  });

  it('takes as long for an unknown email as for a wrong password (bcrypt cost 12)', async () => {
    await inWorkspace(async (workspace) => {
      const email = await newAccount(workspace.repositories, await bcrypt.hash(PASSWORD, 12));
      const timed = async (who: string, password: string) => {
        const started = performance.now();
        await refusal(login(workspace, who, password));
        return performance.now() - started;
      };
      const wrong: number[] = [];
      const unknown: number[] = [];
      // Alternated, within the four attempts that are checked, on fresh unknown emails.
      for (let i = 0; i < 3; i++) {
        wrong.push(await timed(email, `wrong ${i}`));
        unknown.push(await timed(`nobody${++counter}@example.com`, PASSWORD));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[1] as number;
      const ratio = median(unknown) / median(wrong);
      console.log(
        `sign-in timing: wrong password ${median(wrong).toFixed(0)} ms, unknown email ` +
          `${median(unknown).toFixed(0)} ms (median of 3), ratio ${ratio.toFixed(2)}`,
      );
      // Loose on purpose (shared machines): both pay one bcrypt check of the same cost.
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    });
  });
});
