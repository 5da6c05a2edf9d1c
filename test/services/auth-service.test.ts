// The sign-in rules (lockout window, lock expiry, clearing failures) on in-memory fakes,
// with the clock passed in, so time can jump without waiting.
import bcrypt from 'bcrypt';
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Workspace } from '../../src/services/workspace.js';
import {
  FAILURE_WINDOW_MS,
  LOCKOUT_MS,
  MAX_FAILED_LOGINS,
  login,
} from '../../src/services/auth-service.js';
import { NotSignedInError } from '../../src/ui/errors.js';

vi.setConfig({ testTimeout: 60_000 });

const PASSWORD = 'correct horse battery staple';
const EMAIL = 'ada@example.com';
let passwordHash: string;

beforeAll(async () => {
  // A low cost keeps the test fast; the cost used for real is checked end to end.
  passwordHash = await bcrypt.hash(PASSWORD, 4);
});

interface FakeUser {
  _id: Types.ObjectId;
  failedLogins: Date[];
  lockedUntil: Date | undefined;
}

function fakeWorkspace() {
  const user: FakeUser = { _id: new Types.ObjectId(), failedLogins: [], lockedUntil: undefined };
  const config = new Map<string, string>();
  const sessions: string[] = [];
  const workspace = {
    repositories: {
      users: {
        findCredentialsByEmail: (email: string) =>
          Promise.resolve(
            email.toLowerCase() === EMAIL ? { ...user, password: passwordHash } : undefined,
          ),
        recordFailedLogin: (_id: Types.ObjectId, when: Date, keep: number) => {
          user.failedLogins = [...user.failedLogins, when].slice(-keep);
          return Promise.resolve(user.failedLogins);
        },
        setLoginFailures: (_id: Types.ObjectId, failures: Date[], until: Date | undefined) => {
          user.failedLogins = failures;
          user.lockedUntil = until;
          return Promise.resolve();
        },
        findProfile: () => Promise.resolve({ _id: user._id, name: 'Ada', email: EMAIL }),
      },
      sessions: {
        create: (hash: string) => Promise.resolve(void sessions.push(hash)),
        remove: () => Promise.resolve(),
      },
    },
    config: {
      get: (key: string) => config.get(key),
      set: (key: string, value: string) => config.set(key, value),
      unset: (key: string) => config.delete(key),
    },
  } as unknown as Workspace;
  return { workspace, user, sessions };
}

const at = (start: Date, ms: number) => new Date(start.getTime() + ms);

async function failure(promise: Promise<unknown>): Promise<NotSignedInError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(NotSignedInError);
  return error as NotSignedInError;
}

describe('login', () => {
  it('locks on the fifth failure within the window, refuses the right password, then unlocks', async () => {
    const { workspace, user, sessions } = fakeWorkspace();
    const start = new Date('2026-01-01T10:00:00Z');
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) {
      const error = await failure(login(workspace, EMAIL, 'wrong', at(start, i * 1000)));
      expect(error.message).toBe('wrong email or password');
    }
    const fifth = await failure(login(workspace, EMAIL, 'wrong', at(start, 5000)));
    expect(fifth.message).toContain(`until ${at(start, 5000 + LOCKOUT_MS).toISOString()}`);
    expect(user.lockedUntil).toEqual(at(start, 5000 + LOCKOUT_MS));

    const locked = await failure(login(workspace, EMAIL, PASSWORD, at(start, 6000)));
    expect(locked.message).toContain('locked');
    expect(sessions).toHaveLength(0);

    const user2 = await login(workspace, EMAIL, PASSWORD, at(start, 5000 + LOCKOUT_MS + 1));
    expect(user2.email).toBe(EMAIL);
    expect(sessions).toHaveLength(1);
    expect(user.failedLogins).toEqual([]);
    expect(user.lockedUntil).toBeUndefined();
  });

  it('forgets failures older than the window', async () => {
    const { workspace, user } = fakeWorkspace();
    const start = new Date('2026-01-01T10:00:00Z');
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) {
      await failure(login(workspace, EMAIL, 'wrong', at(start, i)));
    }
    // The fifth failure comes after the first four left the window: no lock.
    const later = at(start, FAILURE_WINDOW_MS + 10);
    const error = await failure(login(workspace, EMAIL, 'wrong', later));
    expect(error.message).toBe('wrong email or password');
    expect(user.lockedUntil).toBeUndefined();
    expect(user.failedLogins).toHaveLength(MAX_FAILED_LOGINS);
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const { workspace } = fakeWorkspace();
    const unknown = await failure(login(workspace, 'nobody@example.com', PASSWORD));
    const wrong = await failure(login(workspace, EMAIL, 'wrong'));
    expect(unknown.message).toBe(wrong.message);
  });
});
