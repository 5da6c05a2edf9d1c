// Opening the data for one command: connect, prepare indexes, and (for most commands) find
// the signed-in user. Commands call these; services below them get repositories only.
import { createHash, randomBytes } from 'node:crypto';
import { withDatabase, type ConnectOptions, type DatabaseConnection } from '../db/connect.js';
import { CareerConfig } from '../db/config.js';
import { careerPaths } from '../db/paths.js';
import { Repositories, type UserProfile, type UserRepositories } from '../repositories/index.js';
import { NotSignedInError } from '../domain/errors.js';
import { say, step } from '../domain/phrases.js';
import { migrationsDue } from '../db/migrations/index.js';
import { notify } from './notices.js';
import { settleRestore } from './restore-recovery.js';

export interface Workspace {
  database: DatabaseConnection;
  repositories: Repositories;
  config: CareerConfig;
}

export interface SignedIn {
  user: UserProfile;
  /** Repositories scoped to this user. */
  data: UserRepositories;
  workspace: Workspace;
}

export interface WorkspaceOptions extends ConnectOptions {
  /** Say when the data wants `career db migrate` (default true; not for that command itself). */
  checkMigrations?: boolean;
  /**
   * What the signed-in user's undo journal calls this step (the command's words, "apply
   * status"): every change made by `work` is one step, reversed together.
   */
  command?: string;
}

export async function withWorkspace<T>(
  options: WorkspaceOptions,
  work: (workspace: Workspace) => Promise<T>,
): Promise<T> {
  return withDatabase(options, async (database) => {
    const repositories = new Repositories(database.connection);
    // A restore killed halfway is finished or undone before anything is read.
    await settleRestore(database, repositories);
    await repositories.prepare();
    if (options.checkMigrations !== false) {
      const due = await migrationsDue(repositories);
      if (due) notify({ kind: 'migrations-due', ...due });
    }
    const config = new CareerConfig(options.paths ?? careerPaths(options.env));
    return work({ database, repositories, config });
  });
}

/** Sessions last 30 days from sign-in. */
export const SESSION_LIFETIME_MS = 30 * 24 * 3600 * 1000;

/** The SHA-256 of a session token: what the database stores instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Starts a session for the user: a random token in the config file, its hash in the database. */
export async function startSession(workspace: Workspace, user: UserProfile): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  await workspace.repositories.sessions.create(
    hashToken(token),
    user._id,
    new Date(Date.now() + SESSION_LIFETIME_MS),
  );
  workspace.config.set('session.token', token);
}

/** Ends this machine's session, if any. */
export async function endSession(workspace: Workspace): Promise<boolean> {
  const token = workspace.config.get('session.token');
  if (token === undefined) return false;
  await workspace.repositories.sessions.remove(hashToken(token));
  workspace.config.unset('session.token');
  return true;
}

const SIGN_IN_HINT = say`sign in with \`${step('sign-in')}\`, or create an account with \`${step('create-account')}\``;

/** The signed-in user, or NotSignedInError (exit code 6). */
export async function currentUser(workspace: Workspace): Promise<UserProfile> {
  const token = workspace.config.get('session.token');
  if (token === undefined) throw new NotSignedInError('not signed in', { hint: SIGN_IN_HINT });
  const session = await workspace.repositories.sessions.findActive(hashToken(token));
  if (!session) {
    throw new NotSignedInError('your session has expired or was ended', { hint: SIGN_IN_HINT });
  }
  const user = await workspace.repositories.users.findProfile(session.userId);
  if (!user)
    throw new NotSignedInError('the signed-in account no longer exists', { hint: SIGN_IN_HINT });
  return user;
}

/** Runs `work` for the signed-in user, with repositories that only see that user's data. */
export async function withSignedIn<T>(
  options: WorkspaceOptions,
  work: (session: SignedIn) => Promise<T>,
): Promise<T> {
  return withWorkspace(options, async (workspace) => {
    const user = await currentUser(workspace);
    const data = workspace.repositories.forUser(user._id);
    return workspace.repositories.recordStep(user._id, options.command ?? '', () =>
      work({ user, data, workspace }),
    );
  });
}
