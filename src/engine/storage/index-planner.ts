// Chooses an access path for a filter (and a sort): the _id fast path, one index scan over
// the equality prefix of an index and a range on the field after it, a union of index scans
// for a $or whose every branch has one, or a collection scan. A scan is a set of byte ranges
// read forward or backward; it says whether its documents are exactly the filter's matches
// (the matcher can then be skipped) and whether they come in the sort's order (no sort then,
// and a limit stops the scan). Otherwise candidates are a superset the caller rechecks, so a
// rule here only has to keep all matching documents (when unsure: scan, or mark inexact).
import type { Document } from 'bson';
import type { KeyField } from './index-entries.js';
import { encodeField, encodeValue, prefixSuccessor, typeTagOf, TypeTag } from './index-keys.js';
import { describeInterval, FULL_INTERVAL, pointInterval, type BoundOp } from './index-bounds.js';

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
  /** Documents missing every indexed field have no entry: a scan of all keys misses them. */
  sparse: boolean;
}

/** One index scan: ranges in key order, read in that order or backward. */
export interface IndexScan {
  index: PlannableIndex;
  ranges: KeyRange[];
  backward: boolean;
  /** Per index field, the intervals scanned, as explain prints them (in scan order). */
  bounds: () => Record<string, string[]>;
  /** The scan yields exactly the documents matching the filter: no recheck needed. */
  exact: boolean;
  /** The scan yields documents in the order of the sort planned for. */
  sorted: boolean;
  /**
   * On a unique index whose every field is given one value per key: the whole keys, in scan
   * order. Each names at most one document, looked up without a range scan.
   */
  uniqueKeys?: Buffer[];
}

export type AccessPlan =
  | { stage: 'COLLSCAN' }
  | { stage: 'IDHACK'; key: Buffer; exact: boolean }
  | ({ stage: 'IXSCAN' } & IndexScan)
  | { stage: 'OR'; branches: IndexScan[]; exact: boolean };

interface Bound {
  value: unknown;
  op: BoundOp;
}

interface FieldPredicates {
  equals: unknown[];
  ins: unknown[][];
  bounds: Bound[];
  /** Conditions on the field no index range answers (the matcher checks them). */
  others: number;
}

interface Predicates {
  fields: Map<string, FieldPredicates>;
  /** Some condition is on no field (an operator such as $expr or $nor): never exact. */
  residual: boolean;
  /** The branches of each $or met (top level or inside $and). */
  ors: Document[][];
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

function isNaNValue(value: unknown): boolean {
  if (typeof value === 'number') return Number.isNaN(value);
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { _bsontype?: unknown })._bsontype;
  if (type === 'Double') return Number.isNaN((value as { value: number }).value);
  if (type === 'Decimal128') return String(value).toLowerCase().includes('nan');
  return false;
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

const isRangeOp = (op: string): op is BoundOp =>
  op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte';

function predicatesOf(out: Predicates, field: string): FieldPredicates {
  let predicates = out.fields.get(field);
  if (!predicates) {
    predicates = { equals: [], ins: [], bounds: [], others: 0 };
    out.fields.set(field, predicates);
  }
  return predicates;
}

function collectPredicates(filter: Document, out: Predicates): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition) && condition.every(isPlainObject)) {
      for (const part of condition as Document[]) collectPredicates(part, out);
      continue;
    }
    if (field === '$or' && Array.isArray(condition) && condition.length > 0) {
      if (condition.every(isPlainObject)) out.ors.push(condition as Document[]);
      out.residual = true;
      continue;
    }
    if (field.startsWith('$')) {
      out.residual = true;
      continue;
    }
    const predicates = predicatesOf(out, field);
    if (field.split('.').some((part) => part === '')) predicates.others++;
    if (!isOperatorObject(condition)) {
      if (isIndexableScalar(condition)) predicates.equals.push(condition);
      else {
        // An _id given as a document is still the _id index's key (never exact: field order).
        if (field === '_id' && isPlainObject(condition)) predicates.equals.push(condition);
        predicates.others++;
      }
      continue;
    }
    for (const [op, operand] of Object.entries(condition)) {
      if (op === '$eq' && isIndexableScalar(operand)) predicates.equals.push(operand);
      else if (op === '$in' && Array.isArray(operand) && operand.every(isIndexableScalar)) {
        predicates.ins.push(operand);
      } else if (isRangeOp(op) && isIndexableScalar(operand)) {
        predicates.bounds.push({ value: operand, op });
        // NaN is below every number in key order but matches no range but its own.
        if (isNaNValue(operand)) predicates.others++;
      } else {
        predicates.others++;
      }
    }
  }
}

function predicatesFor(filter: Document): Predicates {
  const out: Predicates = { fields: new Map(), residual: false, ors: [] };
  collectPredicates(filter, out);
  return out;
}

function pointRange(key: Buffer): KeyRange {
  return { lo: key, hi: prefixSuccessor(key) ?? KEY_MAX };
}

/** The keys of a field whose value is in the same type bracket as `value`. */
function bracketRange(value: unknown, descending: boolean): KeyRange {
  const tag = typeTagOf(value);
  if (tag === TypeTag.Number && !isNaNValue(value)) {
    // Numbers past their NaN marker (0x00; finite and infinite ones are 0x01): a range
    // never matches NaN.
    return descending
      ? { lo: Buffer.from([0xff - tag]), hi: Buffer.from([0xff - tag, 0xff]) }
      : { lo: Buffer.from([tag, 0x01]), hi: Buffer.from([tag + 1]) };
  }
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

/** How strongly a predicate on an index's leading field narrows the scan. */
const enum Selectivity {
  None = 0,
  Range = 1,
  In = 2,
  Equality = 3,
  /** A short $in list on a unique field: at most one document per value. */
  UniqueIn = 4,
}

/**
 * A $in on a unique field of at most this many values beats an equality on another field
 * ({_id: {$in: ids}, userId: u}: the listed records, not every record of the user).
 */
const MAX_UNIQUE_IN_VALUES = 1000;

/** At most this many key prefixes when equalities and $in lists on compound fields multiply. */
const MAX_PREFIX_KEYS = 4096;

/** The values a field must take, from an equality or a single $in (undefined otherwise). */
function pointValues(predicates: FieldPredicates | undefined): unknown[] | undefined {
  if (!predicates) return undefined;
  if (predicates.equals.length > 0) return [predicates.equals[0]];
  return predicates.ins[0];
}

/** A sort the index may give: field and direction, or undefined when it cannot (a $meta). */
function sortKeysOf(sort: Document | undefined): { path: string; direction: number }[] {
  if (!sort) return [];
  const keys: { path: string; direction: number }[] = [];
  for (const [path, spec] of Object.entries(sort)) {
    const type = (spec as { _bsontype?: unknown } | null)?._bsontype;
    const n = typeof spec === 'number' || type === 'Int32' || type === 'Double' ? Number(spec) : 0;
    if (n !== 1 && n !== -1) return [{ path: '', direction: 0 }];
    keys.push({ path, direction: n });
  }
  return keys;
}

/**
 * Whether the index's order gives the sort, and in which direction: the sort, less the fields
 * held to one value, must be the index's fields after those, all in the index's direction or
 * all against it. undefined when it does not (a multikey index never does: a document would
 * come at the position of any of its keys).
 */
function sortDirection(
  index: PlannableIndex,
  sortKeys: { path: string; direction: number }[],
  pinned: Set<string>,
): 'forward' | 'backward' | undefined {
  if (index.multikey) return undefined;
  const wanted = sortKeys.filter((key) => !pinned.has(key.path));
  const available = index.fields.filter((field) => !pinned.has(field.path));
  let direction: 'forward' | 'backward' | undefined;
  for (const [i, key] of wanted.entries()) {
    const field = available[i];
    if (!field || field.path !== key.path) return undefined;
    const along = key.direction < 0 === field.descending ? 'forward' : 'backward';
    if (direction && direction !== along) return undefined;
    direction = along;
  }
  return direction ?? 'forward';
}

interface Candidate {
  scan: IndexScan;
  score: number;
}

/** The scan of one index for the predicates, or undefined when the index does not help. */
function scanOf(
  index: PlannableIndex,
  predicates: Predicates,
  sortKeys: { path: string; direction: number }[],
): Candidate | undefined {
  let prefixes: Buffer[] = [KEY_MIN];
  const pinned = new Set<string>();
  // Explain's notation, written only when asked for (a find never is).
  const intervals = new Map<string, () => string[]>();
  const used = new Set<string>();
  let exactFields = true;
  let leading = Selectivity.None;
  let bounded = 0;
  let allEqual = true;
  let tail: KeyRange | undefined;
  for (const field of index.fields) {
    const onField = predicates.fields.get(field.path);
    const points = pointValues(onField);
    const dotted = field.path.includes('.');
    if (onField && points && prefixes.length * points.length <= MAX_PREFIX_KEYS) {
      const keys = points.map((value) => encodeField(value, field.descending));
      prefixes = prefixes.flatMap((prefix) => keys.map((key) => Buffer.concat([prefix, key])));
      // Ascending value order here; a descending field's list is reversed below.
      intervals.set(field.path, () =>
        points
          .map((value) => ({ value, key: encodeValue(value) }))
          .sort((a, b) => Buffer.compare(a.key, b.key))
          .map(({ value }) => pointInterval(value)),
      );
      const single = onField.equals.length > 0;
      if (single) pinned.add(field.path);
      else allEqual = false;
      const only =
        onField.others === 0 &&
        onField.bounds.length === 0 &&
        (single
          ? onField.equals.length === 1 && onField.ins.length === 0
          : onField.ins.length === 1);
      if (!only || (index.multikey && dotted)) exactFields = false;
      used.add(field.path);
      if (leading === Selectivity.None) {
        const uniqueIn =
          index.unique && index.fields.length === 1 && points.length <= MAX_UNIQUE_IN_VALUES;
        leading = single ? Selectivity.Equality : uniqueIn ? Selectivity.UniqueIn : Selectivity.In;
      }
      bounded++;
      continue;
    }
    allEqual = false;
    if (onField && onField.bounds.length > 0 && !points) {
      // On a multikey index each bound may be met by a different array element: use one.
      const applied = index.multikey ? onField.bounds.slice(0, 1) : onField.bounds;
      let range: KeyRange = { lo: KEY_MIN, hi: KEY_MAX };
      for (const bound of applied) range = intersect(range, boundRange(bound, field.descending));
      tail = range;
      intervals.set(field.path, () => [describeInterval(applied)]);
      const only =
        onField.others === 0 &&
        onField.equals.length === 0 &&
        onField.ins.length === 0 &&
        applied.length === onField.bounds.length;
      if (!only || (index.multikey && dotted)) exactFields = false;
      used.add(field.path);
      if (leading === Selectivity.None) leading = Selectivity.Range;
      bounded++;
    }
    break;
  }
  const direction = sortKeys.length > 0 ? sortDirection(index, sortKeys, pinned) : undefined;
  // An index no predicate narrows is worth scanning only for its order, over all documents.
  if (leading === Selectivity.None && (!direction || index.sparse || sortKeys.length === 0)) {
    return undefined;
  }
  const ranges = normalize(
    prefixes.map((prefix) =>
      tail
        ? { lo: Buffer.concat([prefix, tail.lo]), hi: Buffer.concat([prefix, tail.hi]) }
        : prefix.length === 0
          ? { lo: KEY_MIN, hi: KEY_MAX }
          : pointRange(prefix),
    ),
  );
  const exact =
    exactFields &&
    !predicates.residual &&
    [...predicates.fields.keys()].every((path) => used.has(path));
  const backward = direction === 'backward';
  if (backward) ranges.reverse();
  const bounds = (): Record<string, string[]> => {
    const out: Record<string, string[]> = {};
    for (const field of index.fields) {
      const ascending = intervals.get(field.path)?.() ?? [FULL_INTERVAL];
      // A descending field, or a backward scan, reads its intervals from the top.
      out[field.path] = backward !== field.descending ? reversedIntervals(ascending) : ascending;
    }
    return out;
  };
  const unique = index.unique && allEqual && bounded === index.fields.length;
  const whole = index.unique && tail === undefined && bounded === index.fields.length;
  const uniqueKeys = whole
    ? [...new Map(prefixes.map((key) => [key.toString('latin1'), key])).values()].sort((a, b) =>
        backward ? Buffer.compare(b, a) : Buffer.compare(a, b),
      )
    : undefined;
  const score =
    (unique ? 10_000 : 0) + leading * 100 + bounded * 10 + (direction ? 5 : 0) + (exact ? 1 : 0);
  return {
    scan: {
      index,
      ranges,
      backward,
      bounds,
      exact,
      sorted: direction !== undefined,
      ...(uniqueKeys ? { uniqueKeys } : {}),
    },
    score,
  };
}

function reversedIntervals(intervals: string[]): string[] {
  return intervals.map(reverseInterval).reverse();
}

/** "[a, b)" read the other way: "(b, a]". */
function reverseInterval(interval: string): string {
  const open = interval[0] === '(' ? ')' : ']';
  const close = interval[interval.length - 1] === ')' ? '(' : '[';
  const body = interval.slice(1, -1);
  const comma = splitInterval(body);
  return `${close}${body.slice(comma + 2)}, ${body.slice(0, comma)}${open}`;
}

/** The ", " between an interval's ends (strings inside quotes may hold one). */
function splitInterval(body: string): number {
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',' && body[i + 1] === ' ') return i;
  }
  return body.length;
}

/** The best single index scan for the predicates, or undefined. */
function bestScan(
  predicates: Predicates,
  indexes: PlannableIndex[],
  sortKeys: { path: string; direction: number }[],
): Candidate | undefined {
  let best: Candidate | undefined;
  for (const index of indexes) {
    const candidate = scanOf(index, predicates, sortKeys);
    if (candidate && (!best || candidate.score > best.score)) best = candidate;
  }
  return best;
}

/** Which indexes may be used for a filter (a partial index only for filters it covers). */
export type IndexesFor = (filter: Document) => PlannableIndex[];

const ID_PATH = '_id';

/**
 * A union of index scans for the first $or, each branch planned with the rest of the filter
 * ({a: 1, $or: [{b: 2}, {c: 3}]} -> {a: 1, b: 2} and {a: 1, c: 3}), or undefined when a
 * branch has no index.
 */
function orPlan(
  filter: Document,
  branches: Document[],
  indexesFor: IndexesFor,
  exactRest: boolean,
): { plan: AccessPlan; score: number } | undefined {
  const { $or: _or, ...rest } = filter;
  const scans: IndexScan[] = [];
  let score = Infinity;
  for (const branch of branches) {
    const merged = Object.keys(rest).length > 0 ? { $and: [rest, branch] } : branch;
    const predicates = predicatesFor(merged);
    if (predicates.ors.length > 0) return undefined;
    const best = bestScan(predicates, indexesFor(merged), []);
    if (!best) return undefined;
    scans.push(best.scan);
    score = Math.min(score, best.score);
  }
  const exact = exactRest && scans.every((scan) => scan.exact);
  return { plan: { stage: 'OR', branches: scans, exact }, score };
}

/** What a value is to the planner: its kind, not the value itself. */
function valueShape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(valueShape).join(',')}]`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'baddate' : 'date';
  if (value instanceof RegExp) return 're';
  if (isNaNValue(value)) return 'nan';
  if (isPlainObject(value)) return `{${shapeOf(value)}}`;
  if (typeof value === 'object') return String((value as { _bsontype?: unknown })._bsontype);
  return typeof value;
}

function shapeOf(filter: Document): string {
  return Object.entries(filter)
    .map(([key, value]) => `${JSON.stringify(key)}:${valueShape(value)}`)
    .join(',');
}

/**
 * A key for the plans of every filter and sort of the same shape (fields, operators and
 * kinds of values, not the values): the planner's choice depends on nothing else, so
 * callers may remember the index chosen for a shape and plan only that index next time.
 * Not for collections with partial indexes (whether one applies depends on the values).
 */
export function planShape(filter: Document, sort: Document | undefined): string {
  return `${shapeOf(filter)}|${sort ? JSON.stringify(sort) : ''}`;
}

/** The index a plan scans ('' for a collection scan), or undefined when not one index. */
export function chosenIndex(plan: AccessPlan): string | undefined {
  if (plan.stage === 'COLLSCAN') return '';
  return plan.stage === 'IXSCAN' ? plan.index.name : undefined;
}

/**
 * `indexesFor` lists the _id index (named '_id_') and every usable secondary index for a
 * filter; `sort`, when given, lets an index whose order gives it win and say so. `only`
 * (from chosenIndex of a plan of the same shape) skips the choice: that index is planned
 * alone ('' plans a collection scan).
 */
export function planAccess(
  filter: Document,
  indexesFor: IndexesFor,
  sort?: Document,
  only?: string,
): AccessPlan {
  const predicates = predicatesFor(filter);
  const id = predicates.fields.get(ID_PATH);
  const sortKeys = sortKeysOf(sort);
  if (id && id.equals.length > 0) {
    const exact =
      !predicates.residual &&
      predicates.fields.size === 1 &&
      id.equals.length === 1 &&
      id.others === 0 &&
      id.ins.length === 0 &&
      id.bounds.length === 0;
    return { stage: 'IDHACK', key: encodeValue(id.equals[0]), exact };
  }
  if (only !== undefined) {
    const index = only === '' ? undefined : indexesFor(filter).find((i) => i.name === only);
    const chosen = index && scanOf(index, predicates, sortKeys);
    if (chosen) return { stage: 'IXSCAN', ...chosen.scan };
    if (only === '') return { stage: 'COLLSCAN' };
  }
  const best = bestScan(predicates, indexesFor(filter), sortKeys);
  // Only a $or at the top level is split (with the rest of the filter in each branch).
  const branches = Array.isArray(filter.$or) ? predicates.ors[0] : undefined;
  if (branches && (!best || best.score < 200)) {
    const onlyOr = predicates.ors.length === 1;
    const union = orPlan(filter, branches, indexesFor, onlyOr);
    if (union && (!best || union.score > best.score)) return union.plan;
  }
  if (!best) return { stage: 'COLLSCAN' };
  return { stage: 'IXSCAN', ...best.scan };
}
