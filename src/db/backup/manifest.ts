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

function checkCollection(name: string, value: unknown): string | undefined {
  if (!isRecord(value)) return `collection ${name} is not described`;
  if (!isCount(value.count) || !isCount(value.bytes) || !isCount(value.parts))
    return `collection ${name} has no valid count, bytes or parts`;
  if (typeof value.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(value.sha256))
    return `collection ${name} has no valid sha256`;
  if (!Array.isArray(value.indexes) || !value.indexes.every(isRecord))
    return `collection ${name} has no valid index list`;
  return undefined;
}

/**
 * Checks the manifest's shape; returns it, or the reason it is not a manifest this build can
 * read. The format is checked first, so a newer layout is reported as such.
 */
export function parseManifest(text: string): Manifest | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'manifest.json is not valid JSON';
  }
  if (!isRecord(value) || value.tool !== 'career') return 'manifest.json is not a career manifest';
  if (typeof value.format !== 'number') return 'manifest.json names no archive format';
  if (value.format !== ARCHIVE_FORMAT) return `archive format ${value.format}`;
  if (!isCount(value.schemaVersion)) return 'manifest.json has no valid schemaVersion';
  if (typeof value.createdAt !== 'string' || Number.isNaN(Date.parse(value.createdAt)))
    return 'manifest.json has no valid createdAt';
  if (!isRecord(value.collections)) return 'manifest.json lists no collections';
  for (const [name, collection] of Object.entries(value.collections)) {
    const problem = checkCollection(name, collection);
    if (problem) return problem;
  }
  return value as unknown as Manifest;
}
