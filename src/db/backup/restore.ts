// Restores a verified career archive into a database. The documents go into staging
// collections first (`career-restore.<token>.<name>`, with every index career declares and no
// other: see index-plan.ts); only when every one of them is loaded and checked against the manifest again
// are they switched over the live collections, as the restore's journal records (see
// switch-journal.ts). A restore that fails or is killed while loading leaves the live data as
// it was; one killed during or after the switch is finished by the next command.
import path from 'node:path';
import { MongoServerError, type Db, type Document } from 'mongodb';
import { isRestoreCollection, stagingName } from './collection-names.js';
import { crashPoint } from './crash-points.js';
import type { ArchiveRules } from './index-plan.js';
import { invalidArchive, readArchive, type ArchiveContents } from './reader.js';
import { RestoreLease, dropStaging } from './switch-journal.js';
import { collectionNames } from './writer.js';

/**
 * Documents per insertMany, and their BSON bytes (a batch is held decoded, then serialised
 * again by the driver): bounded by either, yet few round trips. Small documents fill a batch
 * by count, big ones by bytes (300 documents of 16 MiB would otherwise be held at once).
 */
const INSERT_BATCH = 5000;
const INSERT_BATCH_BYTES = 16 * 1024 * 1024;
/**
 * Server errors that mean "the archive's documents cannot be stored" (the checks of
 * document-checks.ts should catch each of them first): duplicate key, bad value, invalid
 * BSON, overflow, parallel arrays, document too large, invalid namespace.
 */
const ARCHIVE_FAULTS = new Set([11000, 2, 22, 15, 171, 10334, 17280, 73]);

export interface DatabaseContents {
  /** Collections holding documents (schema_version's bookkeeping not counted). */
  collections: Record<string, number>;
  documents: number;
}

/** What is in the database now, to decide whether a restore would replace anything. */
export async function databaseContents(db: Db): Promise<DatabaseContents> {
  const collections: Record<string, number> = {};
  let documents = 0;
  for (const name of await collectionNames(db)) {
    if (name === 'schema_version' || isRestoreCollection(name)) continue;
    const count = await db.collection(name).countDocuments();
    if (count === 0) continue;
    collections[name] = count;
    documents += count;
  }
  return { collections, documents };
}

/** Drops the named collections where they exist. */
export async function dropCollections(db: Db, names: readonly string[]): Promise<void> {
  const existing = new Set(await collectionNames(db));
  for (const name of names) if (existing.has(name)) await db.collection(name).drop();
}

export interface RestoreOptions {
  newestSchemaVersion: number;
  rules: ArchiveRules;
  /** Run once the new data is in place (indexes, migrations), before the journal is removed. */
  bringUpToDate(): Promise<void>;
}

/** The staging collections, each with the indexes career declares for it. */
async function createStaging(db: Db, token: string, contents: ArchiveContents): Promise<void> {
  for (const name of Object.keys(contents.manifest.collections)) {
    const staging = await db.createCollection(stagingName(token, name));
    // Indexes first: each document is then decoded once while it is inserted, rather than
    // once per index by builds afterwards (an application has seven).
    for (const index of contents.indexes.create[name] ?? []) {
      await staging.createIndex(index.key, index.options);
    }
  }
}

/** The second full read, into staging: every byte and document is checked again. */
async function loadStaging(
  db: Db,
  file: string,
  contents: ArchiveContents,
  lease: RestoreLease,
  options: RestoreOptions,
): Promise<void> {
  let batch: Document[] = [];
  let batchBytes = 0;
  let batchCollection = '';
  let loaded = false;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await db
      .collection(stagingName(lease.token, batchCollection))
      // Majority: on a replica set, the switch renames only documents a failover keeps.
      .insertMany(batch, {
        ordered: true,
        bypassDocumentValidation: true,
        writeConcern: { w: 'majority' },
      });
    batch = [];
    batchBytes = 0;
    if (!loaded) crashPoint('load');
    loaded = true;
    await lease.heartbeat();
  };
  // The file could have changed since the verification pass: then the staging is dropped.
  const again = await readArchive(file, {
    newestSchemaVersion: options.newestSchemaVersion,
    rules: options.rules,
    onPart: async (collection, documents, sizes) => {
      if (!Object.hasOwn(contents.manifest.collections, collection))
        throw invalidArchive(file, 'it changed while it was being restored');
      if (collection !== batchCollection) await flush();
      batchCollection = collection;
      for (const [k, document] of documents.entries()) {
        batch.push(document);
        batchBytes += sizes[k] ?? 0;
        if (batch.length >= INSERT_BATCH || batchBytes >= INSERT_BATCH_BYTES) await flush();
      }
    },
  });
  await flush();
  if (again.manifestDigest !== contents.manifestDigest)
    throw invalidArchive(file, 'it changed while it was being restored');
}

function loadFailure(file: string, error: unknown): unknown {
  if (error instanceof MongoServerError && ARCHIVE_FAULTS.has(Number(error.code))) {
    return invalidArchive(file, `its documents cannot be stored (${error.message})`);
  }
  return error;
}

/**
 * Loads the archive (already verified by readArchive) into `db`, replacing every collection:
 * afterwards the database holds exactly the archive's collections, with career's indexes.
 */
export async function restoreArchive(
  db: Db,
  file: string,
  contents: ArchiveContents,
  options: RestoreOptions,
): Promise<void> {
  const lease = await RestoreLease.begin(db, path.basename(file));
  try {
    // Left by restores of older versions of career, which kept no journal.
    await dropStaging(db);
    await createStaging(db, lease.token, contents);
    await loadStaging(db, file, contents, lease, options);
  } catch (error) {
    await lease.abandon().catch(() => undefined);
    throw loadFailure(file, error);
  }
  const renames = Object.keys(contents.manifest.collections);
  const drops = (await collectionNames(db)).filter(
    (name) => !isRestoreCollection(name) && !Object.hasOwn(contents.manifest.collections, name),
  );
  await lease.switchOver(renames, drops);
  await options.bringUpToDate();
  await lease.finish();
}
