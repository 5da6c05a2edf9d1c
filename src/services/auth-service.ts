// Accounts and sign-in: registration, password checks with a lockout, sessions and password
// changes. Passwords are stored only as bcrypt hashes; session tokens only as SHA-256 hashes.
import { createHash } from 'node:crypto';
import bcrypt from 'bcrypt';
import type { ProfileFields, UserCredentials, UserProfile } from '../repositories/index.js';
import { ConflictError, NotSignedInError, UsageError } from '../domain/errors.js';
import { FieldError } from '../domain/field-error.js';
import { field, say, step } from '../domain/phrases.js';
import { checkPasswordStrength } from './password-rules.js';
import { endSession, hashToken, startSession, type Workspace } from './workspace.js';

/** bcrypt's work factor: 2^12 rounds, about a quarter of a second per check. */
export const BCRYPT_COST = 12;
/** This many failed sign-ins within the window (from its first attempt) lock the account... */
export const MAX_FAILED_LOGINS = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** ...for this long. */
export const LOCKOUT_MS = 15 * 60 * 1000;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The same message for an unknown email and a wrong password, so emails cannot be probed. */
const WRONG_CREDENTIALS = 'wrong email or password';

/** An account's email as stored and looked up: trimmed, in lower case. */
function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function normaliseEmail(email: string, field = 'email'): string {
  const normalised = emailKey(email);
  if (!EMAIL_PATTERN.test(normalised)) {
    throw new FieldError({
      field,
      problem: 'invalid',
      value: email,
      detail: `'${email}' is not an email address`,
    });
  }
  return normalised;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/**
 * What an unknown email's password is compared with, so that answer costs the same bcrypt
 * check as a wrong password (same cost factor; made once, not at each sign-in, which would
 * double the time). A hash of no one's password: the comparison's result is never used.
 */
export const DECOY_HASH = '$2b$12$qZEMf0S3.nqI3kfdVZpDkujCYbm/HApjs8Iu7PiC.iCHpVaqRsYRu';

export interface Registration {
  profile: ProfileFields & { name: string; email: string };
  password: string;
}

/**
 * The email a new account would have, normalised: a FieldError when it is not an email, a
 * ConflictError when an account has it (which registering would say anyway, so asking first
 * tells no one more).
 */
export async function checkNewAccountEmail(workspace: Workspace, email: string): Promise<string> {
  const normalised = normaliseEmail(email);
  if (await workspace.repositories.users.emailTaken(normalised)) {
    throw new ConflictError(`an account with the email ${normalised} already exists`, {
      hint: say`sign in with \`${step('sign-in')} ${field('email')} ${normalised}\``,
    });
  }
  return normalised;
}

/** Creates the account and signs this machine in as it (ending any previous session here). */
export async function createAccount(
  workspace: Workspace,
  input: Registration,
): Promise<UserProfile> {
  const name = input.profile.name.trim();
  if (name === '') {
    throw new FieldError({ field: 'name', problem: 'invalid', detail: 'a name is required' });
  }
  const email = await checkNewAccountEmail(workspace, input.profile.email);
  checkPasswordStrength(input.password);
  const user = await workspace.repositories.users.create({
    ...input.profile,
    name,
    email,
    passwordHash: await hashPassword(input.password),
  });
  await endSession(workspace);
  await startSession(workspace, user);
  return user;
}

function lockedError(until: Date): NotSignedInError {
  return new NotSignedInError(
    `this account is locked after ${MAX_FAILED_LOGINS} failed sign-ins, until ${until.toISOString()}`,
    { hint: 'wait until then and sign in again' },
  );
}

/** Whose attempts are counted together: the (normalised) email, hashed (see LoginAttempt). */
function throttleKey(email: string): string {
  return createHash('sha256').update(email).digest('hex');
}

/**
 * One password check for `email` (normalised: the one string the lockout counts and the
 * account is looked up by) under the lockout. The attempt is counted first, in one
 * atomic update, whether or not an account has the email; with no room left in the window it
 * is refused (locked) without any check, so no number of parallel guesses gets more than
 * MAX_FAILED_LOGINS checks a window. The window's last admitted check, failed, locks the email;
 * a check that succeeds forgets the attempts.
 */
async function throttledCheck(
  workspace: Workspace,
  email: string,
  now: Date,
  check: () => Promise<boolean>,
): Promise<boolean> {
  const { loginAttempts } = workspace.repositories;
  const key = throttleKey(email);
  const admission = await loginAttempts.admit(key, now, {
    maxAttempts: MAX_FAILED_LOGINS,
    windowMs: FAILURE_WINDOW_MS,
  });
  // The lock is recorded once the window's last attempt has failed; until then, it will end
  // about now plus the lockout.
  if (!admission.admitted) {
    throw lockedError(admission.lockedUntil ?? new Date(now.getTime() + LOCKOUT_MS));
  }
  if (await check()) {
    await loginAttempts.clear(key);
    return true;
  }
  if (admission.attempt >= MAX_FAILED_LOGINS) {
    const until = new Date(now.getTime() + LOCKOUT_MS);
    await loginAttempts.lock(key, until);
    throw lockedError(until);
  }
  return false;
}

/**
 * Checks the email and password and signs this machine in. Wrong credentials and a locked
 * account are NotSignedInError (exit 6); the lock holds even for the right password. An
 * unknown email takes the same path as a wrong password (counted, locked, and a bcrypt check
 * against a decoy of the same cost), so it gets exactly the same answers.
 */
export async function login(
  workspace: Workspace,
  email: string,
  password: string,
  now = new Date(),
): Promise<UserProfile> {
  const users = workspace.repositories.users;
  // Normalised once: the lockout counts, and the lookup finds, this very string.
  const address = emailKey(email);
  let credentials: UserCredentials | undefined;
  const matches = await throttledCheck(workspace, address, now, async () => {
    credentials = await users.findCredentialsByEmail(address);
    const same = await bcrypt.compare(password, credentials?.password ?? DECOY_HASH);
    return credentials !== undefined && same;
  });
  const user = matches && credentials ? await users.findProfile(credentials._id) : undefined;
  if (!user) throw new NotSignedInError(WRONG_CREDENTIALS);
  await endSession(workspace);
  await startSession(workspace, user);
  return user;
}

/** Ends this machine's session; false when nobody was signed in. */
export function logout(workspace: Workspace): Promise<boolean> {
  return endSession(workspace);
}

/**
 * Changes the password after checking the current one. This machine stays signed in; every
 * other session of the account ends (whoever else had it must sign in with the new password).
 */
export async function changePassword(
  workspace: Workspace,
  user: UserProfile,
  current: string,
  next: string,
): Promise<{ endedSessions: number }> {
  checkPasswordStrength(next, 'the new password');
  const users = workspace.repositories.users;
  // Under the same lockout as signing in: a session must not be a way to guess the password.
  const matches = await throttledCheck(workspace, user.email, new Date(), async () => {
    const credentials = await users.findCredentials(user._id);
    return credentials !== undefined && bcrypt.compare(current, credentials.password);
  });
  if (!matches) throw new NotSignedInError('the current password is wrong');
  if (current === next) throw new UsageError('the new password is the same as the current one');
  await users.setPasswordHash(user._id, await hashPassword(next));
  const token = workspace.config.get('session.token');
  const endedSessions =
    token === undefined
      ? await workspace.repositories.sessions.removeAllFor(user._id)
      : await workspace.repositories.sessions.removeOthersFor(user._id, hashToken(token));
  return { endedSessions };
}
