// The end of a restore, whether it runs now or was interrupted: restored data gets this
// build's indexes and, when it is from an older schema, the data migrations. Every command
// that opens the database first finishes (or undoes) a restore that was killed, as its journal
// says (src/db/backup/switch-journal.ts), so no command ever sees half of one: settleRestore,
// called by every way of opening the data (workspace.ts, database-status.ts, backup-service.ts).
import { nativeDb, type DatabaseConnection } from '../db/connect.js';
import {
  finishRestoreJournal,
  settleInterruptedRestore,
  type InterruptedRestore,
} from '../db/backup/switch-journal.js';
import { latestVersion, migrate, type MigrationReport } from '../db/migrations/index.js';
import type { Repositories } from '../repositories/index.js';
import { CareerError, ConflictError } from '../domain/errors.js';
import { field, say, step } from '../domain/phrases.js';
import { notify } from './notices.js';

/**
 * After restored data is in place: every index this build declares (created whatever the
 * index marker copied with the data says), then the migrations if the data is older.
 */
export async function bringUpToDate(repositories: Repositories): Promise<MigrationReport | null> {
  await repositories.prepare({ rebuild: true });
  const { version } = await repositories.schemaVersions.current();
  return version < latestVersion ? migrate(repositories) : null;
}

export interface RecoveryOptions {
  /**
   * For `backup restore`, which replaces all the data: a restore whose finishing fails does
   * not stop it (a notice says so, and the new restore supersedes the old one's journal).
   * Every other command stops with an error, rather than use data left half brought up to date.
   */
  replacing?: boolean;
}

function restoreInProgress(
  restore: Extract<InterruptedRestore, { state: 'running' }>,
): ConflictError {
  const doing =
    restore.phase === 'switching'
      ? 'is switching its data in'
      : 'is building the indexes and running the migrations of the data it switched in';
  return new ConflictError(`a restore of ${restore.archive} ${doing} (${restore.owner})`, {
    hint: 'wait for it to finish, then run this command again',
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Finishes or rolls back a restore whose process died, before a command reads anything; a
 * no-op (one read) otherwise. A conflict while a live restore is past its loading.
 */
export async function settleRestore(
  database: DatabaseConnection,
  repositories: Repositories,
  options: RecoveryOptions = {},
): Promise<void> {
  const db = nativeDb(database);
  const found = await settleInterruptedRestore(db);
  if (found.state === 'needs-update') {
    try {
      await bringUpToDate(repositories);
    } catch (error) {
      if (options.replacing !== true) {
        throw new CareerError(
          `a restore of ${found.archive} was interrupted after its switch and cannot be finished: ${messageOf(error)}`,
          {
            hint: say`its data is in place, but not this career's indexes and migrations: \`${step('restore-backup', 'ARCHIVE')} ${field('drop')}\` replaces it (\`${step('list-backups')}\` shows the archives)`,
            cause: error,
          },
        );
      }
      notify({ kind: 'restore-unfinished', archive: found.archive, reason: messageOf(error) });
      return;
    }
    await finishRestoreJournal(db, found.token);
    notify({ kind: 'restore-finished', archive: found.archive });
  } else if (found.state === 'rolled-back') {
    notify({ kind: 'restore-rolled-back', archive: found.archive });
  } else if (found.state === 'running') {
    // Loading, it has not touched the live data; past that, the data is half switched or not
    // yet brought up to date, and no command should read or copy it.
    if (found.phase !== 'loading') throw restoreInProgress(found);
    notify({ kind: 'restore-running', archive: found.archive });
  } else if (found.state === 'unreadable') {
    notify({
      kind: 'restore-journal-unreadable',
      archive: found.archive,
      problems: found.problems,
    });
  }
}
