// Writes a career backup archive: every collection's documents as raw BSON (read with the
// driver's `raw` option, so they are never decoded and every type survives byte for byte),
// streamed through tar and gzip into a temporary file that is synced and then given its final
// name. Memory stays at about one part (PART_BYTES) whatever the database's size.
//
// Consistency: each collection is read by one cursor in natural order. On the embedded engine
// that is a scan in storage order where an update keeps a document in place, and on MongoDB
// (WiredTiger) a scan in record-id order: either way a document is read once and whole,
// whatever other processes write meanwhile. It is not a point-in-time image of the whole
// database (writes landing during the backup may or may not be in it), the same guarantee
// mongodump gives without --oplog.
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Db, Document } from 'mongodb';
import tar from 'tar-stream';
import {
  ensureBackupDir,
  publishArchive,
  removeAbandonedTemporaryFiles,
  temporaryPath,
} from './archive-files.js';
import {
  ARCHIVE_FORMAT,
  indexesToJson,
  MANIFEST_ENTRY,
  PART_BYTES,
  partEntryName,
  type CollectionManifest,
  type Manifest,
} from './manifest.js';

/** Documents per getMore: large enough that round trips do not matter. */
const READ_BATCH_SIZE = 5000;

export interface ArchiveSource {
  db: Db;
  collections: readonly string[];
  excluded: readonly string[];
  database: string;
  backend: Manifest['backend'];
  appVersion: string;
  schemaVersion: number;
}

export interface WrittenArchive {
  path: string;
  bytes: number;
  manifest: Manifest;
}

/** The user collections of a database, sorted (system collections and views left out). */
export async function collectionNames(db: Db): Promise<string[]> {
  const infos = await db.listCollections({}, { nameOnly: false }).toArray();
  return infos
    .filter((info) => info.type !== 'view' && !info.name.startsWith('system.'))
    .map((info) => info.name)
    .sort();
}

/**
 * Adds one tar entry. Tar calls back only once gzip and the file have taken the data in (it
 * holds the entry while its output is full), so memory stays at about one part.
 */
function addEntry(pack: tar.Pack, name: string, data: Buffer, mtime: Date): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry({ name, size: data.length, mode: 0o600, mtime }, data, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}

class CollectionWriter {
  private readonly hash: Hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private count = 0;
  private bytes = 0;
  private parts = 0;

  constructor(
    private readonly pack: tar.Pack,
    private readonly name: string,
    private readonly mtime: Date,
  ) {}

  async add(document: Buffer): Promise<void> {
    if (this.pendingBytes > 0 && this.pendingBytes + document.length > PART_BYTES) {
      await this.flush();
    }
    this.pending.push(document);
    this.pendingBytes += document.length;
    this.count++;
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.hash.update(data);
    this.bytes += data.length;
    this.parts++;
    await addEntry(this.pack, partEntryName(this.name, this.parts), data, this.mtime);
  }

  async finish(indexes: Document[]): Promise<CollectionManifest> {
    await this.flush();
    return {
      count: this.count,
      bytes: this.bytes,
      sha256: this.hash.digest('hex'),
      parts: this.parts,
      indexes: indexesToJson(indexes.filter((index) => index.name !== '_id_')),
    };
  }
}

async function packCollections(
  pack: tar.Pack,
  source: ArchiveSource,
  startedAt: Date,
): Promise<Manifest> {
  const collections: Record<string, CollectionManifest> = {};
  for (const name of source.collections) {
    const collection = source.db.collection(name);
    const indexes = await collection.listIndexes().toArray();
    const writer = new CollectionWriter(pack, name, startedAt);
    // raw: each document arrives as the server's BSON bytes (typed as Document by the driver).
    // Majority read concern: on a replica set, only writes a majority holds (none that a
    // failover could roll back) go into the archive.
    const cursor = collection.find(
      {},
      { raw: true, batchSize: READ_BATCH_SIZE, readConcern: { level: 'majority' } },
    );
    for await (const document of cursor) await writer.add(document as unknown as Buffer);
    collections[name] = await writer.finish(indexes);
  }
  const manifest: Manifest = {
    format: ARCHIVE_FORMAT,
    tool: 'career',
    createdAt: startedAt.toISOString(),
    appVersion: source.appVersion,
    schemaVersion: source.schemaVersion,
    database: source.database,
    backend: source.backend,
    collections,
    excluded: [...source.excluded],
  };
  await addEntry(
    pack,
    MANIFEST_ENTRY,
    Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
    startedAt,
  );
  pack.finalize();
  return manifest;
}

/**
 * Backs up `source` into a new archive in `dir`. Until the archive is complete and synced it
 * exists only under a hidden temporary name, removed again if anything fails.
 */
export async function writeArchive(
  source: ArchiveSource,
  dir: string,
  startedAt = new Date(),
): Promise<WrittenArchive> {
  ensureBackupDir(dir);
  removeAbandonedTemporaryFiles(dir);
  const temporary = temporaryPath(dir, startedAt, 'career');
  try {
    const pack = tar.pack();
    // flush: the file is fsynced before it is closed, so it is on disk before it is named.
    const output = fs.createWriteStream(temporary, { mode: 0o600, flush: true });
    const written = pipeline(pack, zlib.createGzip({ level: 1 }), output);
    let manifest: Manifest;
    try {
      manifest = await packCollections(pack, source, startedAt);
    } catch (error) {
      pack.destroy(error as Error);
      await written.catch(() => undefined);
      throw error;
    }
    await written;
    const bytes = fs.statSync(temporary).size;
    return { path: publishArchive(temporary, startedAt, 'career'), bytes, manifest };
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
