// Which index keys a document produces for a key pattern, following MongoDB: one entry per
// distinct array element (multikey), dotted paths through arrays of subdocuments, missing -> null.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { KeyWriter, writeValue } from './index-keys.js';

export interface KeyField {
  path: string;
  parts: string[];
  descending: boolean;
}

/** One index key with the field values that produced it (for duplicate-key errors). */
export interface IndexKey {
  bytes: Buffer;
  values: unknown[];
}

export interface DocumentKeys {
  keys: IndexKey[];
  /** Some indexed path went through an array, so one document may own several keys. */
  multikey: boolean;
}

/** Marks a path with no value: indexed as null, but skipped by sparse indexes. */
const MISSING = Symbol('missing');

export function keyFieldsOf(keyPattern: Document): KeyField[] {
  return Object.entries(keyPattern).map(([path, direction]) => ({
    path,
    parts: path.split('.'),
    descending: Number(direction) < 0,
  }));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof RegExp) &&
    (value as { _bsontype?: unknown })._bsontype === undefined
  );
}

interface PathValues {
  values: unknown[];
  throughArray: boolean;
}

function collect(value: unknown, parts: string[], at: number, out: PathValues): void {
  if (at === parts.length) {
    if (Array.isArray(value)) {
      out.throughArray = true;
      // An empty array is indexed as undefined, as MongoDB does.
      if (value.length === 0) out.values.push(undefined);
      else for (const element of value) out.values.push(element);
    } else {
      out.values.push(value);
    }
    return;
  }
  const part = parts[at] as string;
  if (Array.isArray(value)) {
    out.throughArray = true;
    if (/^\d+$/.test(part) && Number(part) < value.length) {
      collect(value[Number(part)], parts, at + 1, out);
      return;
    }
    if (value.length === 0) {
      out.values.push(MISSING);
      return;
    }
    for (const element of value) {
      if (isPlainObject(element) || Array.isArray(element)) collect(element, parts, at, out);
      else out.values.push(null);
    }
    return;
  }
  if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, part)) {
    const next = value[part];
    collect(next === undefined ? null : next, parts, at + 1, out);
    return;
  }
  out.values.push(MISSING);
}

/** Encodes each distinct value of one field, inverted when descending. */
function fieldKeys(doc: Document, field: KeyField): { keys: IndexKey[]; throughArray: boolean } {
  let out: PathValues;
  const top: unknown = field.parts.length === 1 ? doc[field.path] : undefined;
  if (top !== undefined && !Array.isArray(top)) {
    // The common case: a top-level scalar field.
    out = { values: [top], throughArray: false };
  } else {
    out = { values: [], throughArray: false };
    collect(doc, field.parts, 0, out);
  }
  const seen = new Set<string>();
  const keys: IndexKey[] = [];
  for (const value of out.values) {
    const w = new KeyWriter();
    writeValue(w, value === MISSING ? null : value);
    if (field.descending) w.invertFrom(0);
    const bytes = w.toBuffer();
    const id = bytes.toString('latin1');
    if (seen.has(id)) continue;
    seen.add(id);
    keys.push({ bytes, values: [value === MISSING ? MISSING : value] });
  }
  return { keys, throughArray: out.throughArray };
}

/** True when every field of the pattern is absent from the document (sparse indexes skip it). */
export function allFieldsMissing(doc: Document, fields: KeyField[]): boolean {
  return fields.every((field) => {
    const out: PathValues = { values: [], throughArray: false };
    collect(doc, field.parts, 0, out);
    return out.values.every((value) => value === MISSING);
  });
}

/** A value through no array, or THROUGH_ARRAY: the common case takes a shorter way. */
const THROUGH_ARRAY = Symbol('through array');

function scalarAt(doc: Document, parts: readonly string[]): unknown {
  let value: unknown = doc;
  for (const part of parts) {
    if (Array.isArray(value)) return THROUGH_ARRAY;
    if (!isPlainObject(value) || !Object.prototype.hasOwnProperty.call(value, part)) {
      return MISSING;
    }
    value = value[part];
    if (value === undefined) value = null;
  }
  return Array.isArray(value) ? THROUGH_ARRAY : value;
}

// One buffer every single-key document builds its key in: a key is built synchronously,
// start to end, so no two ever share it.
const scratch = new KeyWriter();

/**
 * The key of a document none of whose indexed paths goes through an array (one key,
 * written in one buffer), or undefined when one does.
 */
function singleKey(doc: Document, fields: readonly KeyField[]): DocumentKeys | undefined {
  scratch.reset();
  const values: unknown[] = [];
  for (const field of fields) {
    const value = scalarAt(doc, field.parts);
    if (value === THROUGH_ARRAY) return undefined;
    const stored = value === MISSING ? null : value;
    const start = scratch.size;
    writeValue(scratch, stored);
    if (field.descending) scratch.invertFrom(start);
    values.push(stored);
  }
  return { keys: [{ bytes: scratch.toBuffer(), values }], multikey: false };
}

/**
 * Whether documentKeys could throw for this document (171, parallel arrays): only when two or
 * more of the indexed paths go through an array. Cheaper than building the keys.
 */
export function mayHaveParallelArrays(doc: Document, fields: readonly KeyField[]): boolean {
  let throughArrays = 0;
  for (const field of fields) {
    if (scalarAt(doc, field.parts) === THROUGH_ARRAY && ++throughArrays > 1) return true;
  }
  return false;
}

/** The keys a document produces for an index. Throws 171 on parallel arrays in a compound key. */
export function documentKeys(doc: Document, fields: KeyField[]): DocumentKeys {
  return singleKey(doc, fields) ?? arrayKeys(doc, fields);
}

/** documentKeys when some indexed path goes through an array (one key per element). */
function arrayKeys(doc: Document, fields: KeyField[]): DocumentKeys {
  let keys: IndexKey[] = [{ bytes: Buffer.alloc(0), values: [] }];
  let arrayField: string | undefined;
  let multikey = false;
  for (const field of fields) {
    const next = fieldKeys(doc, field);
    if (next.throughArray) {
      multikey = true;
      if (arrayField !== undefined && next.keys.length > 1 && keys.length > 1) {
        throw new MongoServerError(
          ErrorCode.CannotIndexParallelArrays,
          `cannot index parallel arrays [${field.path}] [${arrayField}]`,
        );
      }
      arrayField = field.path;
    }
    if (next.keys.length === 1) {
      const only = next.keys[0] as IndexKey;
      keys = keys.map((key) => ({
        bytes: Buffer.concat([key.bytes, only.bytes]),
        values: [...key.values, ...only.values],
      }));
    } else {
      keys = keys.flatMap((key) =>
        next.keys.map((part) => ({
          bytes: Buffer.concat([key.bytes, part.bytes]),
          values: [...key.values, ...part.values],
        })),
      );
    }
  }
  for (const key of keys) {
    key.values = key.values.map((value) => (value === MISSING ? null : value));
  }
  return { keys, multikey };
}
