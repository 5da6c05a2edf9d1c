// The migration runner behind `career db migrate`: applies, in order, the migrations newer
// than the version stored in schema_version, recording each one as soon as it has run (so
// an interrupted run resumes where it stopped, and a second run is a no-op).
import type { Repositories } from '../../repositories/index.js';
import { preferencesDefaults } from './001-preferences-defaults.js';
import { naturalKeys } from './002-natural-keys.js';
import type { DuplicatesReport, Migration } from './migration.js';

export type { DuplicatesReport, Migration } from './migration.js';

/** Every migration, in version order. Add new ones at the end with the next version. */
export const migrations: readonly Migration[] = [preferencesDefaults, naturalKeys];

export const latestVersion = Math.max(0, ...migrations.map((migration) => migration.version));

export interface MigrationStep {
  version: number;
  name: string;
  description: string;
  /** Documents changed (or, in a dry run, that would change). */
  documents: number;
  /** Records that shared a natural key (migration 2): merged, or kept and listed. */
  duplicates?: DuplicatesReport;
}

export interface MigrationReport {
  from: number;
  to: number;
  dryRun: boolean;
  applied: MigrationStep[];
}

export async function migrate(
  repositories: Repositories,
  options: { dryRun?: boolean } = {},
): Promise<MigrationReport> {
  const dryRun = options.dryRun === true;
  const from = (await repositories.schemaVersions.current()).version;
  const pending = migrations.filter((migration) => migration.version > from);
  const applied: MigrationStep[] = [];
  for (const migration of pending) {
    const { version, name, description } = migration;
    if (dryRun) {
      applied.push({
        version,
        name,
        description,
        documents: await migration.pending(repositories),
      });
      continue;
    }
    const result = await migration.up(repositories);
    await repositories.schemaVersions.recordApplied({ version, name, at: new Date() });
    const step = typeof result === 'number' ? { documents: result } : result;
    applied.push({ version, name, description, ...step });
  }
  return { from, to: applied.at(-1)?.version ?? from, dryRun, applied };
}

/** A database that needs `career db migrate`: the version it is at and the latest. */
export interface MigrationsDue {
  from: number;
  to: number;
}

/**
 * Called as a command opens the data. A database behind the latest version whose pending
 * migrations would change nothing (a new database; one whose records all came from this build)
 * is recorded as up to date, which is exactly what running them would do. One they would change
 * is left for `career db migrate`, which reports what it merges: only that is returned.
 */
export async function migrationsDue(
  repositories: Repositories,
): Promise<MigrationsDue | undefined> {
  const from = (await repositories.schemaVersions.current()).version;
  if (from >= latestVersion) return undefined;
  const pending = migrations.filter((migration) => migration.version > from);
  for (const migration of pending) {
    if (await migration.anyPending(repositories)) return { from, to: latestVersion };
  }
  await migrate(repositories);
  return undefined;
}
