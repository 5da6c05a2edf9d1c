// Chooses an access path for a filter: the _id fast path, a byte-range scan over one index's
// leading field, or a collection scan. Candidates are rechecked by the caller, so every rule
// here only has to keep all matching documents (when unsure: scan).
import type { Document } from 'bson';
import type { KeyField } from './index-entries.js';
import { encodeField, encodeValue, prefixSuccessor, typeTagOf } from './index-keys.js';

/** Keys from lo (inclusive) to hi (exclusive). */
export interface KeyRange {
  lo: Buffer;
  hi: Buffer;
}

/** Above every key: keys start with a type tag (or its inversion), never 0xff. */
export const KEY_MAX = Buffer.from([0xff]);
const KEY_MIN = Buffer.alloc(0);

export interface PlannableIndex {
  name: string;
  fields: KeyField[];
  unique: boolean;
  /** Some document has several keys, so range bounds on one field may not be intersected. */
  multikey: boolean;
}

export type AccessPlan =
  | { stage: 'COLLSCAN' }
  | { stage: 'IDHACK'; key: Buffer }
  | { stage: 'IXSCAN'; index: PlannableIndex; ranges: KeyRange[] };

interface Bound {
  value: unknown;
  op: '$gt' | '$gte' | '$lt' | '$lte';
}

interface FieldPredicates {
  equals: unknown[];
  ins: unknown[][];
  bounds: Bound[];
}

const SCALAR_BSON_TYPES = new Set([
  'Int32',
  'Double',
  'Long',
  'Decimal128',
  'ObjectId',
  'Timestamp',
  'Binary',
  'BSONSymbol',
]);

/** Values whose equality match is exactly "some index key equals the value's key". */
function isIndexableScalar(value: unknown): boolean {
  switch (typeof value) {
    case 'number':
    case 'string':
    case 'boolean':
    case 'bigint':
      return true;
    case 'object':
      if (value === null) return false;
      if (value instanceof Date) return !Number.isNaN(value.getTime());
      return SCALAR_BSON_TYPES.has(String((value as { _bsontype?: unknown })._bsontype));
    default:
      return false;
  }
}

function isPlainObject(value: unknown): value is Document {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof RegExp) &&
    !(value instanceof Uint8Array) &&
    (value as { _bsontype?: unknown })._bsontype === undefined
  );
}

function isOperatorObject(value: unknown): value is Document {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}

function collectPredicates(filter: Document, out: Map<string, FieldPredicates>): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const part of condition) if (isPlainObject(part)) collectPredicates(part, out);
      continue;
    }
    if (field.startsWith('$')) continue;
    let predicates = out.get(field);
    if (!predicates) {
      predicates = { equals: [], ins: [], bounds: [] };
      out.set(field, predicates);
    }
    if (!isOperatorObject(condition)) {
      const objectId = field === '_id' && isPlainObject(condition);
      if (isIndexableScalar(condition) || objectId) predicates.equals.push(condition);
      continue;
    }
    for (const [op, operand] of Object.entries(condition)) {
      if (op === '$eq' && isIndexableScalar(operand)) predicates.equals.push(operand);
      else if (op === '$in' && Array.isArray(operand) && operand.every(isIndexableScalar)) {
        predicates.ins.push(operand);
      } else if (
        (op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') &&
        isIndexableScalar(operand)
      ) {
        predicates.bounds.push({ value: operand, op });
      }
    }
  }
}

function equalityRange(value: unknown, descending: boolean): KeyRange {
  const key = encodeField(value, descending);
  return { lo: key, hi: prefixSuccessor(key) ?? KEY_MAX };
}

/** The keys of a field whose value is in the same type bracket as `value`. */
function bracketRange(value: unknown, descending: boolean): KeyRange {
  const tag = typeTagOf(value);
  const lead = descending ? 0xff - tag : tag;
  return { lo: Buffer.from([lead]), hi: Buffer.from([lead + 1]) };
}

/** MongoDB comparison operators match only values of the operand's type bracket. */
function boundRange(bound: Bound, descending: boolean): KeyRange {
  const key = encodeField(bound.value, descending);
  const after = prefixSuccessor(key) ?? KEY_MAX;
  const lower = bound.op === '$gt' || bound.op === '$gte';
  const inclusive = bound.op === '$gte' || bound.op === '$lte';
  // Descending keys are inverted, so a lower value bound becomes an upper key bound.
  const keyIsLower = lower !== descending;
  const range: KeyRange = keyIsLower
    ? { lo: inclusive ? key : after, hi: KEY_MAX }
    : { lo: KEY_MIN, hi: inclusive ? after : key };
  return intersect(range, bracketRange(bound.value, descending));
}

function intersect(a: KeyRange, b: KeyRange): KeyRange {
  return {
    lo: Buffer.compare(a.lo, b.lo) >= 0 ? a.lo : b.lo,
    hi: Buffer.compare(a.hi, b.hi) <= 0 ? a.hi : b.hi,
  };
}

function isEmpty(range: KeyRange): boolean {
  return Buffer.compare(range.lo, range.hi) >= 0;
}

/** Sorted, with overlapping ranges merged, so a scan visits keys in index order once. */
function normalize(ranges: KeyRange[]): KeyRange[] {
  const sorted = ranges.filter((r) => !isEmpty(r)).sort((a, b) => Buffer.compare(a.lo, b.lo));
  const merged: KeyRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && Buffer.compare(range.lo, last.hi) <= 0) {
      if (Buffer.compare(range.hi, last.hi) > 0) last.hi = range.hi;
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}

const enum Selectivity {
  None = 0,
  Range = 1,
  In = 2,
  Equality = 3,
  /** A short $in list on a unique field: at most one document per value. */
  UniqueIn = 4,
  UniqueEquality = 5,
}

/**
 * A $in on a unique field of at most this many values beats an equality on another field
 * ({_id: {$in: ids}, userId: u}: the listed records, not every record of the user).
 */
const MAX_UNIQUE_IN_VALUES = 1000;

function rangesFor(
  index: PlannableIndex,
  predicates: FieldPredicates,
): { selectivity: Selectivity; ranges: KeyRange[] } {
  const field = index.fields[0] as KeyField;
  const equal = predicates.equals[0];
  if (predicates.equals.length > 0) {
    const unique = index.unique && index.fields.length === 1;
    return {
      selectivity: unique ? Selectivity.UniqueEquality : Selectivity.Equality,
      ranges: [equalityRange(equal, field.descending)],
    };
  }
  const values = predicates.ins[0];
  if (values) {
    const unique =
      index.unique && index.fields.length === 1 && values.length <= MAX_UNIQUE_IN_VALUES;
    return {
      selectivity: unique ? Selectivity.UniqueIn : Selectivity.In,
      ranges: normalize(values.map((value) => equalityRange(value, field.descending))),
    };
  }
  if (predicates.bounds.length > 0) {
    // On a multikey index each bound may be met by a different array element: use one bound.
    const bounds = index.multikey ? predicates.bounds.slice(0, 1) : predicates.bounds;
    let range: KeyRange = { lo: KEY_MIN, hi: KEY_MAX };
    for (const bound of bounds) range = intersect(range, boundRange(bound, field.descending));
    return { selectivity: Selectivity.Range, ranges: normalize([range]) };
  }
  return { selectivity: Selectivity.None, ranges: [] };
}

/** At most this many key prefixes when equalities and $in lists on compound fields multiply. */
const MAX_PREFIX_KEYS = 4096;

/** The values a field must take, from an equality or a single $in (undefined otherwise). */
function pointValues(predicates: FieldPredicates | undefined): unknown[] | undefined {
  if (!predicates) return undefined;
  if (predicates.equals.length > 0) return [predicates.equals[0]];
  return predicates.ins[0];
}

/**
 * Key prefixes over the leading fields of a compound index that each take exact values
 * ({userId: u, company: {$in: [...]}} -> one prefix per company), or undefined when fewer
 * than two fields do. Compound keys are the fields' encodings one after another, so each
 * prefix's successor bounds exactly the keys that start with it.
 */
function compoundPrefixes(
  index: PlannableIndex,
  predicates: Map<string, FieldPredicates>,
): { keys: Buffer[]; fields: number } | undefined {
  let keys: Buffer[] = [Buffer.alloc(0)];
  let fields = 0;
  for (const field of index.fields) {
    const values = pointValues(predicates.get(field.path));
    if (!values || keys.length * values.length > MAX_PREFIX_KEYS) break;
    keys = keys.flatMap((prefix) =>
      values.map((value) => Buffer.concat([prefix, encodeField(value, field.descending)])),
    );
    fields++;
  }
  return fields >= 2 ? { keys, fields } : undefined;
}

/** `indexes` lists the _id index (named '_id_') and every usable secondary index. */
export function planAccess(filter: Document, indexes: PlannableIndex[]): AccessPlan {
  const predicates = new Map<string, FieldPredicates>();
  collectPredicates(filter, predicates);
  const id = predicates.get('_id');
  if (id && id.equals.length > 0) return { stage: 'IDHACK', key: encodeValue(id.equals[0]) };

  // Scored so that an index narrowed by more leading fields wins over one narrowed by fewer
  // of the same kind (an equality on userId plus a $in on company beats the userId alone).
  let best: { index: PlannableIndex; score: number; ranges: KeyRange[] } | undefined;
  for (const index of indexes) {
    const leading = index.fields[0];
    const onField = leading && predicates.get(leading.path);
    if (!onField) continue;
    const candidate = rangesFor(index, onField);
    if (candidate.selectivity === Selectivity.None) continue;
    let score = candidate.selectivity * 100;
    let ranges = candidate.ranges;
    if (
      candidate.selectivity !== Selectivity.UniqueEquality &&
      candidate.selectivity !== Selectivity.UniqueIn
    ) {
      const compound = compoundPrefixes(index, predicates);
      if (compound) {
        score += compound.fields - 1;
        ranges = normalize(
          compound.keys.map((key) => ({ lo: key, hi: prefixSuccessor(key) ?? KEY_MAX })),
        );
      }
    }
    if (!best || score > best.score) best = { index, score, ranges };
  }
  if (!best) return { stage: 'COLLSCAN' };
  return { stage: 'IXSCAN', index: best.index, ranges: best.ranges };
}
