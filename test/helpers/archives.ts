// Hand-made career backup archives, for the tests that attack `backup verify` and `restore`
// with what a hostile file could hold: the same layout the writer makes (src/db/backup), with
// every count, size and sha256 right, so only the content under test is wrong.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { BSON, type Document } from 'mongodb';
import tar from 'tar-stream';
import { latestVersion } from '../../src/db/migrations/index.js';
import { PART_BYTES, partEntryName } from '../../src/db/backup/manifest.js';

export interface CraftedCollection {
  /** Each document as BSON bytes, or as a document to serialise. */
  documents?: Array<Buffer | Document>;
  /** Index specs as listIndexes gives them (without _id's). */
  indexes?: Document[];
}

export interface CraftedArchive {
  collections: Record<string, CraftedCollection>;
  /** Changes the manifest (as JSON) before it is written. */
  manifest?: (manifest: Document) => Document;
  /** Replaces the manifest's text altogether. */
  manifestText?: string;
  /** Changes the manifest's JSON text (for what JSON.stringify cannot write, or would not). */
  manifestJson?: (text: string) => string;
}

function bytesOf(document: Buffer | Document): Buffer {
  return Buffer.isBuffer(document) ? document : Buffer.from(BSON.serialize(document));
}

function addEntry(pack: tar.Pack, name: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry({ name, size: data.length, mode: 0o600 }, data, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}

/** Writes the archive to `file` (mode 0600) and returns the path. */
export async function writeCraftedArchive(file: string, archive: CraftedArchive): Promise<string> {
  const pack = tar.pack();
  const written = pipeline(pack, zlib.createGzip({ level: 1 }), fs.createWriteStream(file));
  const collections: Record<string, Document> = {};
  for (const [name, collection] of Object.entries(archive.collections)) {
    // Parts as the writer cuts them: whole documents, a new part once one reaches PART_BYTES.
    const parts: Buffer[][] = [];
    let size = PART_BYTES;
    for (const document of (collection.documents ?? []).map(bytesOf)) {
      if (size >= PART_BYTES) {
        parts.push([]);
        size = 0;
      }
      parts.at(-1)?.push(document);
      size += document.length;
    }
    const hash = createHash('sha256');
    let bytes = 0;
    for (const [k, part] of parts.entries()) {
      const data = Buffer.concat(part);
      await addEntry(pack, partEntryName(name, k + 1), data);
      hash.update(data);
      bytes += data.length;
    }
    collections[name] = {
      count: collection.documents?.length ?? 0,
      bytes,
      sha256: hash.digest('hex'),
      parts: parts.length,
      indexes: (collection.indexes ?? []).map((index) =>
        BSON.EJSON.serialize(index, { relaxed: false }),
      ),
    };
  }
  const manifest: Document = {
    format: 1,
    tool: 'career',
    createdAt: new Date().toISOString(),
    appVersion: 'test',
    schemaVersion: latestVersion,
    database: 'career',
    backend: 'embedded',
    collections,
    excluded: ['sessions'],
  };
  const json = JSON.stringify(archive.manifest?.(manifest) ?? manifest);
  const text = archive.manifestText ?? archive.manifestJson?.(json) ?? json;
  await addEntry(pack, 'manifest.json', Buffer.from(text));
  pack.finalize();
  await written;
  return file;
}

/**
 * A document with an _id and `depth` levels of embedded documents below it:
 * {_id, a: {a: {... {}}}}. Built as bytes: the driver's serialiser would recurse.
 */
export function nestedDocument(depth: number): Buffer {
  const id = Buffer.from(BSON.serialize({ _id: new BSON.ObjectId() })).subarray(4, -1);
  // Each level below the top: a 0x03 'a' element header, a length and a closing NUL.
  const size = id.length + 8 * depth + 5;
  const bytes = Buffer.alloc(size);
  bytes.writeInt32LE(size, 0);
  id.copy(bytes, 4);
  let offset = 4 + id.length;
  for (let k = 0; k < depth; k++) {
    if (k > 0) {
      bytes.writeInt32LE(size - offset - k, offset);
      offset += 4;
    }
    bytes[offset] = 0x03;
    bytes.write('a\0', offset + 1, 'latin1');
    offset += 3;
  }
  // The innermost {}: its NUL and every closing NUL are the buffer's zeros.
  if (depth > 0) bytes.writeInt32LE(5, offset);
  return bytes;
}
