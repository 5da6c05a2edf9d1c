// The manifest of a career backup archive (`manifest.json`, the archive's last entry) and the
// layout of the entries before it:
//
//   collections/<name>/000001.bson   the collection's documents, as concatenated BSON
//   collections/<name>/000002.bson   (parts of at most PART_BYTES, whole documents each)
//   manifest.json
//
// Each collection's sha256, count and bytes cover its parts concatenated in order, so
// `cat collections/jobs/*.bson | sha256sum` matches the manifest.
import { BSON, type Document } from 'mongodb';
import { nestedDeeperThan } from '../document-limit.js';
import { collectionNameProblem } from './collection-names.js';
import {
  MAX_COLLECTIONS,
  MAX_INDEX_FIELDS,
  MAX_INDEX_NESTING,
  MAX_INDEXES_PER_COLLECTION,
  MAX_MANIFEST_BYTES,
} from './limits.js';

/** The archive layout this build writes and reads. A newer one is refused, not guessed at. */
export const ARCHIVE_FORMAT = 1;
export const MANIFEST_ENTRY = 'manifest.json';
/** Documents are cut into parts of about this size (a part is held in memory). */
export const PART_BYTES = 4 * 1024 * 1024;

export interface CollectionManifest {
  count: number;
  bytes: number;
  sha256: string;
  parts: number;
  /** The collection's indexes (but _id's) as listIndexes gives them, in canonical EJSON. */
  indexes: Document[];
}

export interface Manifest {
  format: number;
  tool: 'career';
  createdAt: string;
  appVersion: string;
  /** The database's data schema version (highest migration applied) when it was backed up. */
  schemaVersion: number;
  database: string;
  backend: 'embedded' | 'mongodb';
  collections: Record<string, CollectionManifest>;
  /** Collections deliberately left out (sessions: credentials of one machine). */
  excluded: string[];
}

export function partEntryName(collection: string, part: number): string {
  return `collections/${encodeURIComponent(collection)}/${String(part).padStart(6, '0')}.bson`;
}

/** The collection and part number of a part's entry name, or undefined for other names. */
export function parsePartEntryName(name: string): { collection: string; part: number } | undefined {
  const match = /^collections\/([^/]+)\/(\d{6})\.bson$/.exec(name);
  if (!match) return undefined;
  try {
    return { collection: decodeURIComponent(match[1] ?? ''), part: Number(match[2]) };
  } catch {
    return undefined;
  }
}

/** Index specs as JSON that keeps their BSON types (partial filters may hold dates, ids). */
export function indexesToJson(indexes: Document[]): Document[] {
  return indexes.map((index) => BSON.EJSON.serialize(index, { relaxed: false }));
}

export function indexesFromJson(indexes: Document[]): Document[] {
  return indexes.map((index) => BSON.EJSON.deserialize(index, { relaxed: false }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** An index key's direction: a non-zero number, or a type name ("text", "2dsphere", ...). */
function isDirection(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0 && value.length <= 64;
  const number = Number(value);
  return (typeof value === 'number' || isRecord(value)) && Number.isFinite(number) && number !== 0;
}

/** An index spec as listIndexes gives it: a key of 1 to 32 fields, a name, options. */
function indexProblem(collection: string, index: Document): string | undefined {
  const key: unknown = index.key;
  const fields = isRecord(key) ? Object.entries(key) : [];
  if (fields.length === 0 || fields.length > MAX_INDEX_FIELDS)
    return `an index of ${collection} has no valid key`;
  if (!fields.every(([field, direction]) => field.length > 0 && isDirection(direction)))
    return `an index of ${collection} has an invalid key`;
  if (index.name !== undefined && typeof index.name !== 'string')
    return `an index of ${collection} has an invalid name`;
  return undefined;
}

function indexesProblem(name: string, indexes: unknown[]): string | undefined {
  if (indexes.length > MAX_INDEXES_PER_COLLECTION)
    return `collection ${name} lists ${indexes.length} indexes (MongoDB allows ${MAX_INDEXES_PER_COLLECTION})`;
  // Before anything recursive (EJSON, the index plan's comparisons) sees them.
  if (indexes.some((index) => nestedDeeperThan(index, MAX_INDEX_NESTING)))
    return `an index of ${name} is nested more than ${MAX_INDEX_NESTING} levels deep`;
  let decoded: Document[];
  try {
    decoded = indexesFromJson(indexes as Document[]);
  } catch {
    return `collection ${name} has an index that is not valid extended JSON`;
  }
  for (const index of decoded) {
    const problem = indexProblem(name, index);
    if (problem) return problem;
  }
  return undefined;
}

function checkCollection(name: string, value: unknown): string | undefined {
  const problem = collectionNameProblem(name);
  if (problem) return problem;
  if (!isRecord(value)) return `collection ${name} is not described`;
  if (!isCount(value.count) || !isCount(value.bytes) || !isCount(value.parts))
    return `collection ${name} has no valid count, bytes or parts`;
  if (typeof value.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(value.sha256))
    return `collection ${name} has no valid sha256`;
  if (!Array.isArray(value.indexes) || !value.indexes.every(isRecord))
    return `collection ${name} has no valid index list`;
  return indexesProblem(name, value.indexes);
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Checks the manifest's shape and bounds; returns it, or the reason it is not a manifest this
 * build can read. Its size is checked before it is parsed, its number of collections before
 * any is looked at; the format is checked first, so a newer layout is reported as such.
 */
export function parseManifest(bytes: Buffer): Manifest | string {
  if (bytes.length > MAX_MANIFEST_BYTES)
    return `manifest.json is larger than ${MAX_MANIFEST_BYTES / 1024} KiB`;
  const value = parseJson(bytes);
  if (value === undefined) return 'manifest.json is not valid JSON';
  if (!isRecord(value) || value.tool !== 'career') return 'manifest.json is not a career manifest';
  if (typeof value.format !== 'number') return 'manifest.json names no archive format';
  if (value.format !== ARCHIVE_FORMAT) return `archive format ${value.format}`;
  if (!isCount(value.schemaVersion)) return 'manifest.json has no valid schemaVersion';
  if (typeof value.createdAt !== 'string' || Number.isNaN(Date.parse(value.createdAt)))
    return 'manifest.json has no valid createdAt';
  if (!isRecord(value.collections)) return 'manifest.json lists no collections';
  const names = Object.keys(value.collections);
  if (names.length > MAX_COLLECTIONS)
    return `manifest.json lists ${names.length} collections (at most ${MAX_COLLECTIONS} are allowed)`;
  for (const name of names) {
    const problem = checkCollection(name, value.collections[name]);
    if (problem) return problem;
  }
  const excluded = value.excluded ?? [];
  if (
    !Array.isArray(excluded) ||
    excluded.length > MAX_COLLECTIONS ||
    !excluded.every((name) => typeof name === 'string' && name.length <= 200)
  )
    return 'manifest.json has no valid list of excluded collections';
  return value as unknown as Manifest;
}
