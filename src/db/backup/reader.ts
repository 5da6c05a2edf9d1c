// Reads and checks a career backup archive, streaming (one entry in memory at a time): gzip's
// own CRC and length catch a flipped or missing byte anywhere, tar's header checksums catch a
// damaged entry, every collection's documents are checked against the manifest's count, size
// and sha256, and every document and name against what a restore could store (see
// document-checks.ts and collection-names.ts). Verifying reads the whole archive; restoring
// reads it again, checking every byte against the same manifest (checkedBefore).
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Document } from 'mongodb';
import tar from 'tar-stream';
import { InvalidArchiveError } from '../../domain/errors.js';
import { say, step } from '../../domain/phrases.js';
import { collectionNameProblem } from './collection-names.js';
import { CollectionChecker, DocumentProblem } from './document-checks.js';
import { planIndexes, type ArchiveRules, type IndexPlan } from './index-plan.js';
import { MAX_COLLECTIONS, MAX_MANIFEST_BYTES } from './limits.js';
import {
  ARCHIVE_FORMAT,
  MANIFEST_ENTRY,
  PART_BYTES,
  parseManifest,
  parsePartEntryName,
  type Manifest,
} from './manifest.js';

/** A part holds whole documents, so it exceeds PART_BYTES by at most one (16 MiB) document. */
const MAX_ENTRY_BYTES = PART_BYTES + 16 * 1024 * 1024 + 1024;
const MIN_DOCUMENT_BYTES = 5;

interface ArchiveEntry {
  name: string;
  data: Buffer;
}

/** What reading the parts of one collection found. */
interface Tally {
  hash: Hash;
  count: number;
  bytes: number;
  parts: number;
}

interface CollectionTally extends Tally {
  checker: CollectionChecker;
}

export interface ArchiveContents {
  manifest: Manifest;
  /** Documents in the whole archive. */
  documents: number;
  /** The indexes a restore builds before the load (all declared), and those it ignores. */
  indexes: IndexPlan;
  /** The manifest's sha256: a restore's second read must find the same one. */
  manifestDigest: string;
}

/**
 * Called with each part's documents, checked and decoded, in order, while an archive is read,
 * and each one's size in BSON bytes.
 */
export type PartHandler = (
  collection: string,
  documents: Document[],
  sizes: readonly number[],
) => Promise<void>;

/** A corrupt, truncated or unreadable archive: one line naming the file and the reason. */
export function invalidArchive(file: string, reason: string): InvalidArchiveError {
  return new InvalidArchiveError(`${path.basename(file)} is not a usable backup: ${reason}`, {
    hint: say`nothing can be restored from it; \`${step('list-backups')}\` shows the other archives`,
  });
}

/** Explains a gzip or tar failure: truncated (the data stops early) or corrupt (it changed). */
function describeReadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(message)) {
    return `the archive is truncated (${message})`;
  }
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return `the archive is corrupt (gzip: ${message})`;
  }
  return `the archive is corrupt (${message})`;
}

/** The archive's entries in order, each read whole (they are at most about one part). */
async function* archiveEntries(file: string): AsyncGenerator<ArchiveEntry> {
  const extract = tar.extract();
  let failure: unknown;
  const reading = pipeline(fs.createReadStream(file), zlib.createGunzip(), extract).catch(
    (error: unknown) => {
      failure = error;
    },
  );
  try {
    for await (const entry of extract) {
      const size = entry.header.size ?? 0;
      const limit = entry.header.name === MANIFEST_ENTRY ? MAX_MANIFEST_BYTES : MAX_ENTRY_BYTES;
      if (size > limit) {
        extract.destroy();
        throw new TooLargeEntry(
          `its entry ${entry.header.name} is too large (${size} bytes; at most ${limit})`,
        );
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      yield { name: entry.header.name, data: Buffer.concat(chunks) };
    }
  } catch (error) {
    if (error instanceof TooLargeEntry) throw error;
    // The pipeline's error (gzip's, usually) says more than the iterator's "premature close".
    await reading;
    throw failure ?? error;
  } finally {
    extract.destroy();
    await reading;
  }
  if (failure !== undefined) throw failure;
}

class TooLargeEntry extends Error {}

/** An error of the caller's part handler (the database's, say): passed on as it is. */
class HandlerFailure extends Error {
  constructor(readonly failure: unknown) {
    super('the part handler failed');
  }
}

/** Splits a part into its documents; a reason string when the bytes are not whole documents. */
function splitDocuments(data: Buffer): Buffer[] | string {
  const documents: Buffer[] = [];
  for (let offset = 0; offset < data.length;) {
    if (data.length - offset < MIN_DOCUMENT_BYTES) return 'a document is cut short';
    const size = data.readInt32LE(offset);
    if (size < MIN_DOCUMENT_BYTES || offset + size > data.length || data[offset + size - 1] !== 0)
      return 'a document has an invalid length';
    documents.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return documents;
}

function compareWithManifest(
  manifest: Manifest,
  tallies: Map<string, CollectionTally>,
): string | undefined {
  for (const name of tallies.keys()) {
    if (!Object.hasOwn(manifest.collections, name))
      return `collection ${name} is not in the manifest`;
  }
  for (const [name, expected] of Object.entries(manifest.collections)) {
    const tally = tallies.get(name);
    const found: Tally = tally ?? { count: 0, bytes: 0, parts: 0, hash: createHash('sha256') };
    if (found.parts !== expected.parts) {
      return `collection ${name} has ${found.parts} of its ${expected.parts} parts`;
    }
    if (found.count !== expected.count || found.bytes !== expected.bytes) {
      return `collection ${name} holds ${found.count} documents (${found.bytes} bytes), the manifest says ${expected.count} (${expected.bytes} bytes)`;
    }
    if (found.hash.digest('hex') !== expected.sha256) {
      return `collection ${name} does not match its sha256 checksum`;
    }
  }
  return undefined;
}

export interface ReadOptions {
  /** The newest data schema this build can migrate to; newer archives are refused. */
  newestSchemaVersion: number;
  /** The app's collections and indexes, and what backups leave out. */
  rules: ArchiveRules;
  onPart?: PartHandler;
  /**
   * An earlier read checked every document of this archive (restore's second read, after the
   * verifying one): documents are decoded without their checks again. Every part still goes
   * into its collection's count, size and sha256, and the manifest's digest is returned, so a
   * file that changed in between fails at the end of this read (and the restore drops what it
   * loaded), as it would with the checks.
   */
  checkedBefore?: boolean;
}

function excludedProblem(name: string, rules: ArchiveRules): string | undefined {
  return rules.excluded.includes(name)
    ? `it holds ${name}, which career never backs up`
    : undefined;
}

/** The first time a collection's parts appear: its name is checked, and their number bounded. */
function newTally(name: string, count: number, rules: ArchiveRules): CollectionTally | string {
  const problem = collectionNameProblem(name) ?? excludedProblem(name, rules);
  if (problem) return problem;
  if (count >= MAX_COLLECTIONS) return `it holds more than ${MAX_COLLECTIONS} collections`;
  const declared = Object.hasOwn(rules.declared, name) ? rules.declared[name] : undefined;
  return {
    hash: createHash('sha256'),
    count: 0,
    bytes: 0,
    parts: 0,
    checker: new CollectionChecker(name, declared),
  };
}

interface PartDocuments {
  decoded: Document[];
  sizes: number[];
}

/** Splits, checks and decodes one part's documents into its collection's tally. */
function readPart(
  tally: CollectionTally,
  data: Buffer,
  checkedBefore: boolean,
): PartDocuments | string {
  const documents = splitDocuments(data);
  if (typeof documents === 'string') return documents;
  const decoded: Document[] = [];
  const checker = tally.checker;
  try {
    for (const bytes of documents)
      decoded.push(checkedBefore ? checker.decode(bytes) : checker.check(bytes));
  } catch (error) {
    if (error instanceof DocumentProblem) return error.message;
    throw error;
  }
  tally.parts++;
  tally.count += documents.length;
  tally.bytes += data.length;
  tally.hash.update(data);
  return { decoded, sizes: documents.map((bytes) => bytes.length) };
}

/** The manifest, checked: readable, of this format, and listing only what may be restored. */
function checkedManifest(file: string, bytes: Buffer, options: ReadOptions): Manifest {
  const manifest = parseManifest(bytes);
  if (typeof manifest === 'string') {
    if (manifest.startsWith('archive format')) {
      throw new InvalidArchiveError(
        `${path.basename(file)} was written in ${manifest}; this version of career reads format ${ARCHIVE_FORMAT}`,
        { hint: 'upgrade career to restore it' },
      );
    }
    throw invalidArchive(file, manifest);
  }
  for (const name of Object.keys(manifest.collections)) {
    const problem = excludedProblem(name, options.rules);
    if (problem) throw invalidArchive(file, problem);
  }
  return manifest;
}

/**
 * Reads the whole archive, checking everything listed above, and passes each part's documents
 * to `onPart`. Throws InvalidArchiveError (before returning anything) when a check fails; the
 * manifest comes last in an archive, so `onPart` may have run by then: restore writes into
 * staging collections only, and drops them on failure.
 */
export async function readArchive(file: string, options: ReadOptions): Promise<ArchiveContents> {
  const tallies = new Map<string, CollectionTally>();
  let manifestBytes: Buffer | undefined;
  try {
    for await (const entry of archiveEntries(file)) {
      if (manifestBytes !== undefined)
        throw invalidArchive(file, `${entry.name} follows the manifest`);
      if (entry.name === MANIFEST_ENTRY) {
        manifestBytes = entry.data;
        continue;
      }
      const part = parsePartEntryName(entry.name);
      if (!part) throw invalidArchive(file, `it holds an unexpected entry ${entry.name}`);
      let tally = tallies.get(part.collection);
      if (!tally) {
        const created = newTally(part.collection, tallies.size, options.rules);
        if (typeof created === 'string') throw invalidArchive(file, created);
        tally = created;
        tallies.set(part.collection, tally);
      }
      if (part.part !== tally.parts + 1)
        throw invalidArchive(file, `${entry.name} is out of order`);
      const documents = readPart(tally, entry.data, options.checkedBefore === true);
      if (typeof documents === 'string')
        throw invalidArchive(file, `in ${entry.name}, ${documents}`);
      if (options.onPart) {
        const { decoded, sizes } = documents;
        await options.onPart(part.collection, decoded, sizes).catch((error: unknown) => {
          throw new HandlerFailure(error);
        });
      }
    }
  } catch (error) {
    if (error instanceof HandlerFailure) throw error.failure;
    if (error instanceof InvalidArchiveError) throw error;
    if (error instanceof TooLargeEntry) throw invalidArchive(file, error.message);
    throw invalidArchive(file, describeReadError(error));
  }
  if (manifestBytes === undefined) throw invalidArchive(file, 'it has no manifest (truncated?)');
  const manifest = checkedManifest(file, manifestBytes, options);
  const mismatch = compareWithManifest(manifest, tallies);
  if (mismatch) throw invalidArchive(file, mismatch);
  if (manifest.schemaVersion > options.newestSchemaVersion) {
    throw new InvalidArchiveError(
      `${path.basename(file)} has data schema version ${manifest.schemaVersion}, newer than this version of career knows (${options.newestSchemaVersion})`,
      { hint: 'upgrade career to restore it; nothing was restored' },
    );
  }
  const indexes = planIndexes(manifest, options.rules);
  const documents = Object.values(manifest.collections).reduce((sum, c) => sum + c.count, 0);
  const manifestDigest = createHash('sha256').update(manifestBytes).digest('hex');
  return { manifest, documents, indexes, manifestDigest };
}

/** The manifest alone (for `backup list`): reads past the data without checking it. */
export async function readManifest(file: string): Promise<Manifest | undefined> {
  try {
    for await (const entry of archiveEntries(file)) {
      if (entry.name !== MANIFEST_ENTRY) continue;
      const manifest = parseManifest(entry.data);
      return typeof manifest === 'string' ? undefined : manifest;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
