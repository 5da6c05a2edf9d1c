// Accounts and sign-in: registration, password checks with a lockout, sessions and password
// changes. Passwords are stored only as bcrypt hashes; session tokens only as SHA-256 hashes.
import bcrypt from 'bcrypt';
import type { ProfileFields, UserProfile } from '../repositories/index.js';
import { ConflictError, NotSignedInError, UsageError } from '../ui/errors.js';
import { checkPasswordStrength } from './password-input.js';
import { endSession, hashToken, startSession, type Workspace } from './workspace.js';

/** bcrypt's work factor: 2^12 rounds, about a quarter of a second per check. */
export const BCRYPT_COST = 12;
/** This many failed sign-ins within the window lock the account... */
export const MAX_FAILED_LOGINS = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** ...for this long. */
export const LOCKOUT_MS = 15 * 60 * 1000;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The same message for an unknown email and a wrong password, so emails cannot be probed. */
const WRONG_CREDENTIALS = 'wrong email or password';

export function normaliseEmail(email: string, flag = '--email'): string {
  const normalised = email.trim().toLowerCase();
  if (!EMAIL_PATTERN.test(normalised)) {
    throw new UsageError(`${flag}: '${email}' is not an email address`);
  }
  return normalised;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

// A hash to compare against when the email is unknown, so that answer takes as long as a
// wrong password does (made once, on first use).
let decoyHash: Promise<string> | undefined;
function decoy(): Promise<string> {
  decoyHash ??= bcrypt.hash('not a password of anyone', BCRYPT_COST);
  return decoyHash;
}

export interface Registration {
  profile: ProfileFields & { name: string; email: string };
  password: string;
}

/** Creates the account and signs this machine in as it (ending any previous session here). */
export async function createAccount(
  workspace: Workspace,
  input: Registration,
): Promise<UserProfile> {
  const name = input.profile.name.trim();
  if (name === '') throw new UsageError('--name: a name is required');
  const email = normaliseEmail(input.profile.email);
  checkPasswordStrength(input.password);
  const users = workspace.repositories.users;
  if (await users.emailTaken(email)) {
    throw new ConflictError(`an account with the email ${email} already exists`, {
      hint: `sign in with \`career auth login --email ${email}\``,
    });
  }
  const user = await users.create({
    ...input.profile,
    name,
    email,
    passwordHash: await hashPassword(input.password),
  });
  await endSession(workspace);
  await startSession(workspace, user);
  return user;
}

/** Failures still inside the window that ends now. */
function recentFailures(failures: readonly Date[], now: Date): Date[] {
  return failures.filter((at) => now.getTime() - at.getTime() < FAILURE_WINDOW_MS);
}

function lockedError(until: Date): NotSignedInError {
  return new NotSignedInError(
    `this account is locked after ${MAX_FAILED_LOGINS} failed sign-ins, until ${until.toISOString()}`,
    { hint: 'wait until then and sign in again' },
  );
}

/**
 * Checks the email and password and signs this machine in. Wrong credentials and a locked
 * account are NotSignedInError (exit 6); the lock holds even for the right password.
 */
export async function login(
  workspace: Workspace,
  email: string,
  password: string,
  now = new Date(),
): Promise<UserProfile> {
  const users = workspace.repositories.users;
  const credentials = await users.findCredentialsByEmail(email);
  if (!credentials) {
    await bcrypt.compare(password, await decoy());
    throw new NotSignedInError(WRONG_CREDENTIALS);
  }
  if (credentials.lockedUntil && credentials.lockedUntil > now) {
    throw lockedError(credentials.lockedUntil);
  }
  if (!(await bcrypt.compare(password, credentials.password))) {
    const recorded = await users.recordFailedLogin(credentials._id, now, MAX_FAILED_LOGINS);
    if (recentFailures(recorded, now).length >= MAX_FAILED_LOGINS) {
      const until = new Date(now.getTime() + LOCKOUT_MS);
      await users.setLoginFailures(credentials._id, [], until);
      throw lockedError(until);
    }
    throw new NotSignedInError(WRONG_CREDENTIALS);
  }
  if (credentials.failedLogins.length > 0 || credentials.lockedUntil) {
    await users.setLoginFailures(credentials._id, [], undefined);
  }
  const user = await users.findProfile(credentials._id);
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
  const credentials = await users.findCredentials(user._id);
  if (!credentials || !(await bcrypt.compare(current, credentials.password))) {
    throw new NotSignedInError('the current password is wrong');
  }
  if (current === next) throw new UsageError('the new password is the same as the current one');
  await users.setPasswordHash(user._id, await hashPassword(next));
  const token = workspace.config.get('session.token');
  const endedSessions =
    token === undefined
      ? await workspace.repositories.sessions.removeAllFor(user._id)
      : await workspace.repositories.sessions.removeOthersFor(user._id, hashToken(token));
  return { endedSessions };
}
