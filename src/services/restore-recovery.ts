// The end of a restore, whether it runs now or was interrupted: restored data gets this
// build's indexes and, when it is from an older schema, the data migrations. Every command
// that opens the database first finishes (or undoes) a restore that was killed, as its journal
// says (src/db/backup/switch-journal.ts), so no command ever sees half of one.
import type { Db } from 'mongodb';
import {
  finishRestoreJournal,
  settleInterruptedRestore,
  type InterruptedRestore,
} from '../db/backup/switch-journal.js';
import { latestVersion, migrate, type MigrationReport } from '../db/migrations/index.js';
import type { Repositories } from '../repositories/index.js';
import { notify } from './notices.js';

/** After restored data is in place: indexes for this build, then migrations if it is older. */
export async function bringUpToDate(repositories: Repositories): Promise<MigrationReport | null> {
  await repositories.prepare();
  const { version } = await repositories.schemaVersions.current();
  return version < latestVersion ? migrate(repositories) : null;
}

/** Finishes or rolls back a restore whose process died; a no-op (one read) otherwise. */
export async function recoverInterruptedRestore(
  db: Db,
  repositories: Repositories,
): Promise<InterruptedRestore> {
  const found = await settleInterruptedRestore(db);
  if (found.state === 'needs-update') {
    await bringUpToDate(repositories);
    await finishRestoreJournal(db, found.token);
    notify({ kind: 'restore-finished', archive: found.archive });
  } else if (found.state === 'rolled-back') {
    notify({ kind: 'restore-rolled-back', archive: found.archive });
  } else if (found.state === 'running') {
    notify({ kind: 'restore-running', archive: found.archive });
  }
  return found;
}
