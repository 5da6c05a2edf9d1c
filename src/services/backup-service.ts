// Backups of the whole database (every user's data), for people and for cron: no sign-in is
// needed, as a cron job has no session. Sign-in sessions are left out of archives on purpose:
// they are one machine's credentials, and a restored database should sign nobody in. So are
// sign-in attempts (login_attempts): a lockout is about now, not about the data. And so is
// the undo journal (journal): its steps reverse changes to the data as it is now, and would
// be wrong about the data a restore brings back, so a restore empties it.
// The archive format itself lives in src/db/backup; this file decides what goes in, where
// archives go, and what happens around a restore (the checks first, migrations and indexes
// after).
import fs from 'node:fs';
import path from 'node:path';
import { chooseBackend, nativeDb, withDatabase, type DatabaseConnection } from '../db/connect.js';
import {
  listArchiveFiles,
  parseArchiveName,
  pruneArchives,
  type ArchiveKind,
} from '../db/backup/archive-files.js';
import {
  dumpWithMongodump,
  mongorestoreCheck,
  restoreWithMongorestore,
  type ExternalTool,
  type ToolOutput,
} from '../db/backup/external-tools.js';
import { isRestoreCollection } from '../db/backup/collection-names.js';
import type { ArchiveRules } from '../db/backup/index-plan.js';
import type { Manifest } from '../db/backup/manifest.js';
import { readArchive, readManifest } from '../db/backup/reader.js';
import {
  databaseContents,
  dropCollections,
  restoreArchive,
  type DatabaseContents,
} from '../db/backup/restore.js';
import { collectionNames, writeArchive } from '../db/backup/writer.js';
import { latestVersion, type MigrationReport } from '../db/migrations/index.js';
import { careerPaths, type CareerPaths } from '../db/paths.js';
import { declaredCollections, Repositories } from '../repositories/index.js';
import { ConflictError, NotFoundError, UsageError } from '../domain/errors.js';
import { field, say, step } from '../domain/phrases.js';
import { bringUpToDate, settleRestore } from './restore-recovery.js';

/** Left out of every backup, and emptied by every restore: see the top of this file. */
export const EXCLUDED_COLLECTIONS = ['sessions', 'login_attempts', 'journal'] as const;

/** What an archive may restore: career's collections and the indexes its schemas declare. */
function archiveRules(): ArchiveRules {
  return { declared: declaredCollections(), excluded: EXCLUDED_COLLECTIONS };
}

/**
 * Opens the database for a backup command: an interrupted restore is settled first. A restore
 * (`replacing`) goes on past one that cannot be finished, whose data it replaces.
 */
async function settled(database: DatabaseConnection, replacing = false): Promise<Repositories> {
  const repositories = new Repositories(database.connection);
  await settleRestore(database, repositories, { replacing });
  return repositories;
}

export interface BackupSummary {
  name: string;
  file: string;
  kind: ArchiveKind;
  createdAt: string;
  bytes: number;
  /** Unknown (null) for mongodump archives, which career cannot read. */
  documents: number | null;
  collections: Record<string, number> | null;
  schemaVersion: number | null;
}

export interface CreatedBackup extends BackupSummary {
  /** Older archives deleted by --keep. */
  pruned: string[];
}

function appVersion(): string {
  try {
    const text = fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The backups directory: --dir, else the one under CAREER_HOME or the user data dir. */
export function backupDirectory(dir?: string, paths: CareerPaths = careerPaths()): string {
  return path.resolve(dir ?? paths.backupDir);
}

function kindOf(file: string): ArchiveKind {
  return (
    parseArchiveName(path.basename(file))?.kind ??
    (file.endsWith('.mongodump.gz') ? 'mongodump' : 'career')
  );
}

/** An archive given as a path, or as a name from `backup list` (looked up in the directory). */
export function resolveArchive(archive: string, dir?: string, paths?: CareerPaths): string {
  const directory = backupDirectory(dir, paths);
  const candidates = [path.resolve(archive)];
  if (path.basename(archive) === archive) candidates.push(path.join(directory, archive));
  for (const candidate of candidates) {
    if (fs.statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  throw new NotFoundError(`no backup archive ${archive}`, {
    hint: say`\`${step('list-backups')}\` shows the archives in ${directory}`,
  });
}

function counts(manifest: Manifest): Record<string, number> {
  return Object.fromEntries(
    Object.entries(manifest.collections).map(([name, collection]) => [name, collection.count]),
  );
}

function total(collections: Record<string, number>): number {
  return Object.values(collections).reduce((sum, count) => sum + count, 0);
}

function choiceOf({ dbUri, env, paths }: DatabaseChoice): DatabaseChoice {
  return { dbUri, ...(env && { env }), ...(paths && { paths }) };
}

function refuseEmbedded(tool: ExternalTool, where: DatabaseChoice): void {
  if (chooseBackend(where).kind !== 'embedded') return;
  throw new UsageError(
    say`${field('tool')} ${tool} needs a MongoDB server, and career is using its embedded database`,
    {
      hint: say`leave out ${field('tool')} to use career's built-in format, or serve the embedded database with \`${step('serve-database')}\` and pass its URI with ${field('dbUri')}`,
    },
  );
}

/** Which database: --db-uri, and the environment and paths it is chosen with (the process's by default). */
export interface DatabaseChoice {
  dbUri: string | undefined;
  env?: NodeJS.ProcessEnv;
  paths?: CareerPaths;
}

export interface CreateBackupOptions extends DatabaseChoice {
  dir?: string | undefined;
  /** Keep only the newest N archives in the directory (ours only). */
  keep?: number | undefined;
  tool?: 'mongodump' | undefined;
  /** Passed on to mongodump, which prints progress otherwise. */
  quiet?: boolean;
  /** Where mongodump's messages go (the command's stderr). */
  toolOutput: ToolOutput;
}

export async function createBackup(options: CreateBackupOptions): Promise<CreatedBackup> {
  const dir = backupDirectory(options.dir, options.paths);
  if (options.tool) refuseEmbedded(options.tool, options);
  const startedAt = new Date();
  const created = await withDatabase(
    choiceOf(options),
    async (database): Promise<BackupSummary> => {
      const repositories = await settled(database);
      if (options.tool === 'mongodump') {
        const dumped = await dumpWithMongodump({
          uri: database.backend.uri,
          database: database.databaseName,
          dir,
          excluded: EXCLUDED_COLLECTIONS,
          quiet: options.quiet === true,
          output: options.toolOutput,
          ...(options.env && { env: options.env }),
          startedAt,
        });
        return {
          name: path.basename(dumped.path),
          file: dumped.path,
          kind: 'mongodump',
          createdAt: startedAt.toISOString(),
          bytes: dumped.bytes,
          documents: null,
          collections: null,
          schemaVersion: null,
        };
      }
      const db = nativeDb(database);
      const schemaVersion = (await repositories.schemaVersions.current()).version;
      const excluded: readonly string[] = EXCLUDED_COLLECTIONS;
      const names = (await collectionNames(db)).filter(
        (name) => !excluded.includes(name) && !isRestoreCollection(name),
      );
      const written = await writeArchive(
        {
          db,
          collections: names,
          excluded,
          database: database.databaseName,
          backend: database.backend.kind,
          appVersion: appVersion(),
          schemaVersion,
        },
        dir,
        startedAt,
      );
      const collections = counts(written.manifest);
      return {
        name: path.basename(written.path),
        file: written.path,
        kind: 'career',
        createdAt: written.manifest.createdAt,
        bytes: written.bytes,
        documents: total(collections),
        collections,
        schemaVersion,
      };
    },
  );
  const pruned = options.keep === undefined ? [] : pruneArchives(dir, options.keep);
  return { ...created, pruned };
}

/** Our archives in the directory, oldest first, with what their manifests say. */
export async function listBackups(dir?: string, paths?: CareerPaths): Promise<BackupSummary[]> {
  const summaries: BackupSummary[] = [];
  for (const archive of listArchiveFiles(backupDirectory(dir, paths))) {
    const manifest = archive.kind === 'career' ? await readManifest(archive.path) : undefined;
    const collections = manifest ? counts(manifest) : null;
    summaries.push({
      name: archive.name,
      file: archive.path,
      kind: archive.kind,
      createdAt: manifest?.createdAt ?? archive.startedAt.toISOString(),
      bytes: archive.bytes,
      documents: collections ? total(collections) : null,
      collections,
      schemaVersion: manifest?.schemaVersion ?? null,
    });
  }
  return summaries;
}

export interface VerifiedBackup extends BackupSummary {
  appVersion: string;
  ok: true;
  /** What a restore would leave out, one line each (indexes career does not declare). */
  warnings: string[];
}

function refuseMongodumpArchive(file: string, action: string): void {
  if (kindOf(file) !== 'mongodump') return;
  throw new UsageError(
    `${path.basename(file)} is a mongodump archive; career cannot ${action} it`,
    {
      hint:
        action === 'restore'
          ? say`restore it with ${field('tool')} mongorestore`
          : `check it with \`${mongorestoreCheck(file)}\``,
    },
  );
}

/** Reads the whole archive and checks it (see src/db/backup/reader.ts); throws if it is unusable. */
export async function verifyBackup(
  archive: string,
  dir?: string,
  paths?: CareerPaths,
): Promise<VerifiedBackup> {
  const file = resolveArchive(archive, dir, paths);
  refuseMongodumpArchive(file, 'verify');
  const { manifest, documents, indexes } = await readArchive(file, {
    newestSchemaVersion: latestVersion,
    rules: archiveRules(),
  });
  return {
    name: path.basename(file),
    file,
    kind: 'career',
    createdAt: manifest.createdAt,
    bytes: fs.statSync(file).size,
    documents,
    collections: counts(manifest),
    schemaVersion: manifest.schemaVersion,
    appVersion: manifest.appVersion,
    ok: true,
    warnings: indexes.ignored,
  };
}

export interface RestoreBackupOptions extends DatabaseChoice {
  archive: string;
  dir?: string | undefined;
  /** Replace a database that holds data (otherwise that is a conflict). */
  drop: boolean;
  tool?: 'mongorestore' | undefined;
  quiet?: boolean;
  /** Where mongorestore's messages go (the command's stderr). */
  toolOutput: ToolOutput;
  /**
   * Asked (with --drop) before data is replaced; false cancels. Called only once the archive
   * is verified and the database is known to hold data.
   */
  confirmReplace(existing: DatabaseContents, location: string): Promise<boolean>;
}

export interface RestoredBackup {
  name: string;
  file: string;
  /** Null after mongorestore (its archive is opaque to career). */
  documents: number | null;
  collections: Record<string, number> | null;
  /** Documents the database held before, now replaced. */
  replaced: number;
  schemaVersion: number;
  migration: MigrationReport | null;
  cancelled: boolean;
  /** What the restore left out, one line each (indexes career does not declare). */
  warnings: string[];
}

/** Refuses to replace data without --drop; asks first with it. False: the user said no. */
async function mayReplace(
  database: DatabaseConnection,
  existing: DatabaseContents,
  options: RestoreBackupOptions,
): Promise<boolean> {
  if (existing.documents === 0) return true;
  const location = database.backend.location;
  if (!options.drop) {
    const where = Object.entries(existing.collections)
      .map(([name, count]) => `${name}: ${count}`)
      .join(', ');
    throw new ConflictError(
      `the database at ${location} is not empty (${where}); restoring would mix the backup with it`,
      {
        hint: say`pass ${field('drop')} to replace its data with the backup, or restore into an empty database`,
      },
    );
  }
  return options.confirmReplace(existing, location);
}

export async function restoreBackup(options: RestoreBackupOptions): Promise<RestoredBackup> {
  const file = resolveArchive(options.archive, options.dir, options.paths);
  const name = path.basename(file);
  if (options.tool === 'mongorestore') {
    refuseEmbedded('mongorestore', options);
    if (kindOf(file) === 'career') {
      throw new UsageError(`${name} is a career archive, not a mongodump one`, {
        hint: say`leave out ${field('tool')} to restore it`,
      });
    }
    return restoreExternally(file, options);
  }
  refuseMongodumpArchive(file, 'restore');
  // The full check comes first, before the database is even opened.
  const rules = archiveRules();
  const contents = await readArchive(file, { newestSchemaVersion: latestVersion, rules });
  const { manifest, documents } = contents;
  // The engine on its own thread stores one batch while this one reads and decodes the next.
  return withDatabase({ ...choiceOf(options), engineThread: true }, async (database) => {
    const repositories = await settled(database, true);
    const db = nativeDb(database);
    const existing = await databaseContents(db);
    const cancelled = {
      name,
      file,
      documents,
      collections: counts(manifest),
      replaced: 0,
      schemaVersion: manifest.schemaVersion,
      migration: null,
      cancelled: true,
      warnings: contents.indexes.ignored,
    };
    if (!(await mayReplace(database, existing, options))) return cancelled;
    let migration: MigrationReport | null = null;
    await restoreArchive(db, file, contents, {
      newestSchemaVersion: latestVersion,
      rules,
      bringUpToDate: async () => {
        migration = await bringUpToDate(repositories);
      },
    });
    return { ...cancelled, replaced: existing.documents, migration, cancelled: false };
  });
}

async function restoreExternally(
  file: string,
  options: RestoreBackupOptions,
): Promise<RestoredBackup> {
  return withDatabase(choiceOf(options), async (database) => {
    const repositories = await settled(database);
    const db = nativeDb(database);
    const existing = await databaseContents(db);
    const result = {
      name: path.basename(file),
      file,
      documents: null,
      collections: null,
      replaced: 0,
      schemaVersion: 0,
      migration: null,
      cancelled: true,
      warnings: [],
    };
    if (!(await mayReplace(database, existing, options))) return result;
    await restoreWithMongorestore({
      uri: database.backend.uri,
      database: database.databaseName,
      file,
      drop: options.drop,
      quiet: options.quiet === true,
      output: options.toolOutput,
      ...(options.env && { env: options.env }),
    });
    // mongorestore --drop replaces only the archive's collections: sessions (and the undo
    // journal) go here.
    await dropCollections(db, EXCLUDED_COLLECTIONS);
    const schemaVersion = (await repositories.schemaVersions.current()).version;
    if (schemaVersion > latestVersion) {
      throw new UsageError(
        `the restored data has schema version ${schemaVersion}, newer than this version of career knows (${latestVersion})`,
        { hint: 'upgrade career before using this database' },
      );
    }
    const migration = await bringUpToDate(repositories);
    return { ...result, replaced: existing.documents, schemaVersion, migration, cancelled: false };
  });
}
