// `career auth ...` end to end: registration, sign-in with its lockout, sessions (only a
// hash in the database, the token in a 0600 config file), sign-out and password changes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_PASSWORD } from '../helpers/accounts.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount as signedInAccount,
  runInProcess,
  type InProcessResult,
} from '../helpers/in-process.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let server: IsolatedDatabase;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  server = await isolatedDatabase({ transport: 'tcp' });
  client = await MongoClient.connect(server.uri);
  db = client.db('career');
});

afterAll(async () => {
  await client.close();
  await server.close();
  removeTempDirs();
});

let counter = 0;
function freshEmail(): string {
  return `auth${process.pid}-${++counter}@Example.com`;
}

/** Runs the CLI in `home` against the shared server. */
function run(home: string, args: string[], env: Record<string, string> = {}, input?: string) {
  return runInProcess(args, {
    home,
    env: { CAREER_DB_URI: server.uri, ...env },
    ...(input === undefined ? {} : { stdin: input }),
  });
}

function configToken(home: string): string | undefined {
  if (!existsSync(path.join(home, 'config.json'))) return undefined;
  const config = JSON.parse(readFileSync(path.join(home, 'config.json'), 'utf8')) as {
    session?: { token?: string };
  };
  return config.session?.token;
}

function expectNoSecret(result: InProcessResult, ...secrets: string[]): void {
  for (const secret of secrets) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }
}

describe('career auth', () => {
  it('registers, keeps only hashes in the database, and signs in, out and in again', async () => {
    const home = makeTempDir('career-auth-');
    const email = freshEmail();
    const registered = await run(
      home,
      [
        '--json',
        'auth',
        'register',
        '--name',
        'Ada Lovelace',
        '--email',
        email,
        '--goal',
        'new-job',
      ],
      { CAREER_PASSWORD: TEST_PASSWORD },
    );
    expect(registered.code, registered.stderr).toBe(0);
    expectNoSecret(registered, TEST_PASSWORD);
    const user = JSON.parse(registered.stdout) as Record<string, unknown>;
    expect(user).toMatchObject({
      name: 'Ada Lovelace',
      email: email.toLowerCase(),
      goalType: 'new-job',
      preferences: { notifications: true, emailUpdates: true },
    });
    expect(user).not.toHaveProperty('password');
    expect(user).not.toHaveProperty('security');

    // The password is a bcrypt hash with cost 12; the session token lives only in the
    // owner-only config file, and the database has its SHA-256 with an expiry.
    const stored = await db.collection('users').findOne({ email: email.toLowerCase() });
    expect(stored?.password).toMatch(/^\$2[aby]\$12\$/);
    const token = configToken(home);
    expect(token).toMatch(/^[\w-]{40,}$/);
    expect(statSync(path.join(home, 'config.json')).mode & 0o777).toBe(0o600);
    const sessions = await db.collection('sessions').find({ userId: stored?._id }).toArray();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.tokenHash).toBe(
      createHash('sha256')
        .update(token ?? '')
        .digest('hex'),
    );
    expect(sessions[0]?.expiresAt).toBeInstanceOf(Date);
    expect(JSON.stringify(sessions)).not.toContain(token);

    const whoami = await run(home, ['--json', 'auth', 'whoami']);
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(JSON.parse(whoami.stdout)).toEqual({
      _id: String(stored?._id),
      name: 'Ada Lovelace',
      email: email.toLowerCase(),
    });

    const logout = await run(home, ['auth', 'logout']);
    expect(logout.code).toBe(0);
    expect(logout.stdout).toContain('Signed out');
    expect(await db.collection('sessions').countDocuments({ userId: stored?._id })).toBe(0);
    expect(configToken(home)).toBeUndefined();
    // Signed out: commands that need an account refuse with exit 6; logging out again is fine.
    const signedOut = await Promise.all([
      run(home, ['auth', 'whoami']),
      run(home, ['profile', 'show']),
      run(home, ['auth', 'passwd'], { CAREER_PASSWORD: TEST_PASSWORD }),
      run(home, ['auth', 'logout']),
    ]);
    expect(signedOut.map((result) => result.code)).toEqual([6, 6, 6, 0]);
    expect(signedOut[0]?.stderr).toContain('not signed in');

    // Sign in with the email in another case and the password on stdin.
    const login = await run(
      home,
      ['auth', 'login', '--email', email.toUpperCase(), '--password-stdin'],
      {},
      `${TEST_PASSWORD}\n`,
    );
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain('Signed in as Ada Lovelace');
    expectNoSecret(login, TEST_PASSWORD);
    expect((await run(home, ['auth', 'whoami'])).stdout).toContain(email.toLowerCase());
  });

  it('rejects bad registrations without writing anything', async () => {
    const home = makeTempDir('career-auth-');
    const taken = await signedInAccount('Taken', { dbUri: server.uri });
    const email = freshEmail();
    const [short, duplicate, noPassword, badEmail, badGoal] = await Promise.all([
      run(home, ['auth', 'register', '--name', 'A', '--email', email], {
        CAREER_PASSWORD: 'short',
      }),
      run(home, ['auth', 'register', '--name', 'A', '--email', taken.email.toUpperCase()], {
        CAREER_PASSWORD: TEST_PASSWORD,
      }),
      run(home, ['auth', 'register', '--name', 'A', '--email', email]),
      run(home, ['auth', 'register', '--name', 'A', '--email', 'not-an-email'], {
        CAREER_PASSWORD: TEST_PASSWORD,
      }),
      run(home, ['auth', 'register', '--name', 'A', '--email', email, '--goal', 'fame'], {
        CAREER_PASSWORD: TEST_PASSWORD,
      }),
    ]);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 8 characters');
    expect(duplicate.code).toBe(5);
    expect(duplicate.stderr).toContain('already exists');
    expect(duplicate.stderr).toContain('career auth login');
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/--password-stdin.*CAREER_PASSWORD/);
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain('not an email address');
    expect(badGoal.code).toBe(2);
    expect(badGoal.stderr).toContain('new-job, promotion, skill-development');
    expect(await db.collection('users').countDocuments({ email: email.toLowerCase() })).toBe(0);
    expect(await db.collection('users').countDocuments({ email: 'not-an-email' })).toBe(0);
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const account = await signedInAccount('Probe', { dbUri: server.uri });
    const home = makeTempDir('career-auth-');
    const [wrongPassword, unknownEmail] = await Promise.all([
      run(home, ['auth', 'login', '--email', account.email], {
        CAREER_PASSWORD: 'not the password',
      }),
      run(home, ['auth', 'login', '--email', `nobody-${account.email}`], {
        CAREER_PASSWORD: TEST_PASSWORD,
      }),
    ]);
    expect(wrongPassword.code).toBe(6);
    expect(unknownEmail.code).toBe(6);
    expect(wrongPassword.stderr).toBe(unknownEmail.stderr);
    expect(wrongPassword.stderr).toContain('wrong email or password');
    expectNoSecret(wrongPassword, 'not the password');
  });

  it('locks the account after five failed sign-ins, even against the right password, and an unknown email alike', async () => {
    const account = await signedInAccount('Locked Out', { dbUri: server.uri });
    const unknownEmail = `nobody-${account.email}`;
    const home = makeTempDir('career-auth-');
    const attempt = (email: string, password: string) =>
      run(home, ['auth', 'login', '--email', email], { CAREER_PASSWORD: password });
    // The lock's end differs by the moment of each attempt; everything else must be equal.
    const answer = (result: InProcessResult) => ({
      code: result.code,
      stderr: result.stderr.replace(/until \S+Z/, 'until <time>'),
    });
    const attempts: InProcessResult[] = [];
    // One round after another (each attempt is counted before the next reads the count); in
    // each, a wrong password for the account and the right one for an unknown email.
    for (let i = 0; i < 6; i++) {
      const [wrongPassword, unknown] = await Promise.all([
        attempt(account.email, `wrong password ${i}`),
        attempt(unknownEmail, TEST_PASSWORD),
      ]);
      expect(answer(unknown), `attempt ${i + 1}`).toEqual(answer(wrongPassword));
      attempts.push(wrongPassword);
    }
    expect(attempts.map((result) => result.code)).toEqual([6, 6, 6, 6, 6, 6]);
    expect(attempts[3]?.stderr).toContain('wrong email or password');
    expect(attempts[4]?.stderr).toMatch(/locked .* until \d{4}-\d\d-\d\dT/);
    expect(attempts[5]?.stderr).toMatch(/locked .* until \d{4}-\d\d-\d\dT/);

    const rightPassword = await attempt(account.email, TEST_PASSWORD);
    expect(rightPassword.code).toBe(6);
    expect(rightPassword.stderr).toMatch(/locked .* until/);
    expect(configToken(home)).toBeUndefined();
    // Counted per email, under its SHA-256: the probed address is not kept as text.
    const key = createHash('sha256').update(account.email.toLowerCase()).digest('hex');
    const stored = await db
      .collection<{ _id: string; lockedUntil?: Date }>('login_attempts')
      .findOne({ _id: key });
    expect(stored?.lockedUntil).toBeInstanceOf(Date);
    expect((stored?.lockedUntil as Date).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(
      await db.collection('login_attempts').countDocuments({ _id: unknownEmail as never }),
    ).toBe(0);
  });

  it('changes the password, keeping this session and ending the others', async () => {
    const account = await signedInAccount('Changer', { dbUri: server.uri });
    const otherMachine = makeTempDir('career-auth-');
    const elsewhere = await run(otherMachine, ['auth', 'login', '--email', account.email], {
      CAREER_PASSWORD: TEST_PASSWORD,
    });
    expect(elsewhere.code, elsewhere.stderr).toBe(0);

    const newPassword = 'a brand new passphrase';
    const [wrongCurrent, tooShort] = await Promise.all([
      account.run(['auth', 'passwd', '--password-stdin'], { stdin: `nope nope\n${newPassword}\n` }),
      account.run(['auth', 'passwd'], {
        env: { CAREER_PASSWORD: TEST_PASSWORD, CAREER_NEW_PASSWORD: 'short' },
      }),
    ]);
    expect(wrongCurrent.code).toBe(6);
    expect(wrongCurrent.stderr).toContain('current password is wrong');
    expect(tooShort.code).toBe(2);
    expect(tooShort.stderr).toContain('at least 8 characters');

    const changed = await account.run(['--json', 'auth', 'passwd', '--password-stdin'], {
      stdin: `${TEST_PASSWORD}\n${newPassword}\n`,
    });
    expect(changed.code, changed.stderr).toBe(0);
    expect(JSON.parse(changed.stdout)).toEqual({ changed: true, endedSessions: 1 });
    expectNoSecret(changed, TEST_PASSWORD, newPassword);

    const [here, there, oldPassword, viaEnv] = await Promise.all([
      account.run(['auth', 'whoami']),
      run(otherMachine, ['auth', 'whoami']),
      run(makeTempDir('career-auth-'), ['auth', 'login', '--email', account.email], {
        CAREER_PASSWORD: TEST_PASSWORD,
      }),
      run(makeTempDir('career-auth-'), ['auth', 'login', '--email', account.email], {
        CAREER_PASSWORD: newPassword,
      }),
    ]);
    expect(here.code).toBe(0);
    expect(there.code).toBe(6);
    expect(there.stderr).toContain('expired or was ended');
    expect(oldPassword.code).toBe(6);
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
  });
});
