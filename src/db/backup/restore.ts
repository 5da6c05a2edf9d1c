// Restores a verified career archive into a database. The documents go into staging
// collections first (`career-restore.<name>`, with the archive's indexes); only when every one
// of them is loaded and checked against the manifest again are they renamed over the live
// collections. A restore
// that fails halfway (a bad disk, Ctrl+C, a changed file) leaves the live data as it was.
import { BSON, type Db, type Document, type IndexDescription } from 'mongodb';
import { indexesFromJson, type Manifest } from './manifest.js';
import { readArchive } from './reader.js';
import { collectionNames } from './writer.js';

const STAGING_PREFIX = 'career-restore.';

/** A staging collection a restore killed halfway left behind (never backed up). */
export function isStagingCollection(name: string): boolean {
  return name.startsWith(STAGING_PREFIX);
}
/** Documents per insertMany: bounded, yet few round trips. */
const INSERT_BATCH = 5000;
/**
 * The index-set marker in schema_version (see ensureIndexes in src/models/index.ts): it says
 * "this database's indexes are created". A restored database gets its indexes rebuilt, so the
 * marker copied from the archive is removed and written again by the next prepare().
 */
const INDEX_MARKER_ID = 'indexes';
/** Keeps Int32, Double, Long and regular expressions as they were, for a byte-exact copy. */
const EXACT = { promoteValues: false, promoteBuffers: false, bsonRegExp: true } as const;

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
    if (name === 'schema_version' || isStagingCollection(name)) continue;
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

async function dropStaging(db: Db): Promise<void> {
  for (const name of await collectionNames(db)) {
    if (isStagingCollection(name)) await db.collection(name).drop();
  }
}

export interface RestoreOptions {
  newestSchemaVersion: number;
}

/**
 * Loads the archive (already verified by readArchive) into `db`, replacing every collection:
 * afterwards the database holds exactly the archive's collections, with their indexes.
 */
export async function restoreArchive(
  db: Db,
  file: string,
  manifest: Manifest,
  options: RestoreOptions,
): Promise<void> {
  await dropStaging(db);
  try {
    // Indexes first: each document is then decoded once while it is inserted, rather than
    // once per index by builds afterwards (an application has seven).
    for (const [name, collection] of Object.entries(manifest.collections)) {
      const staging = await db.createCollection(`${STAGING_PREFIX}${name}`);
      // listIndexes' `v` and `ns` describe the old index, not options for a new one.
      const indexes = indexesFromJson(collection.indexes).map(
        ({ v: _version, ns: _namespace, ...spec }) => spec as IndexDescription,
      );
      if (indexes.length > 0) await staging.createIndexes(indexes);
    }
    let batch: Document[] = [];
    let batchCollection = '';
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      await db
        .collection(`${STAGING_PREFIX}${batchCollection}`)
        .insertMany(batch, { ordered: true, bypassDocumentValidation: true });
      batch = [];
    };
    // The second full read checks every byte again: the file could have changed since the
    // verification pass, and then the staging collections are dropped below.
    await readArchive(file, {
      newestSchemaVersion: options.newestSchemaVersion,
      onPart: async (collection, documents) => {
        if (collection !== batchCollection) await flush();
        batchCollection = collection;
        for (const bytes of documents) {
          batch.push(BSON.deserialize(bytes, EXACT));
          if (batch.length >= INSERT_BATCH) await flush();
        }
      },
    });
    await flush();
  } catch (error) {
    await dropStaging(db).catch(() => undefined);
    throw error;
  }
  // The switch: each rename replaces one live collection at once.
  for (const name of Object.keys(manifest.collections)) {
    await db.renameCollection(`${STAGING_PREFIX}${name}`, name, { dropTarget: true });
  }
  for (const name of await collectionNames(db)) {
    if (!Object.hasOwn(manifest.collections, name)) await db.collection(name).drop();
  }
  await db.collection('schema_version').deleteOne({ _id: INDEX_MARKER_ID as never });
}
