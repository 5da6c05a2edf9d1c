// A matcher for the filters applications send most: top-level fields compared with $eq (or a
// bare value), $in, $gt, $gte, $lt or $lte against strings, numbers, booleans, ObjectIds,
// dates or null ({userId, archivedAt: null}, {_id: {$in: ids}}, {expiresAt: {$gt: now}}), and
// `$expr: {$eq: ['$field', value]}`.
// It reads the typed document as decoded, without the plain copy and the query engine each
// candidate otherwise costs. Where MongoDB's answer depends on something it does not model
// (decimals, large longs, NaN, symbols, undefined, a value of another BSON type it cannot
// place) it says "unsure" and the full matcher decides, so it never gives an answer of its own.
import type { Document } from 'bson';
import { decodeTyped } from '../codec.js';
import { fieldNames, projectBytes } from './top-level-projection.js';

const NO = 0;
const YES = 1;
const UNSURE = 2;
type Verdict = typeof NO | typeof YES | typeof UNSURE;

type Kind = 'number' | 'string' | 'boolean' | 'objectId' | 'date' | 'null' | 'document';
interface Operand {
  kind: Kind;
  /** The number, string, boolean, date's time or ObjectId's hex; null for null or a document. */
  key: number | string | boolean | null;
}
type Op = '$eq' | '$in' | '$gt' | '$gte' | '$lt' | '$lte';
interface Condition {
  op: Op;
  operands: Operand[];
}

const bsonType = (value: unknown): unknown => (value as { _bsontype?: unknown })._bsontype;

/** A number MongoDB compares as this double, or undefined when that is not certain. */
function numberOf(value: unknown): number | undefined {
  let number: number | undefined;
  if (typeof value === 'number') number = value;
  else {
    const type = bsonType(value);
    if (type === 'Int32' || type === 'Double') number = (value as { value: number }).value;
    else if (type === 'Long') {
      const long = value as { toNumber(): number };
      const n = long.toNumber();
      number = Number.isSafeInteger(n) ? n : undefined;
    }
  }
  return number === undefined || Number.isNaN(number) ? undefined : number;
}

/**
 * A value in the matcher's terms: UNSURE when it cannot be placed with certainty. Other BSON
 * types (binary, timestamps, regexes, decimals, symbols, ...) are never equal to nor in range
 * of the kinds above, but which ones are is MongoDB's to say; an embedded document or an
 * array is a 'document', which no operand is.
 */
function valueOf(value: unknown): Operand | typeof UNSURE {
  if (value === undefined) return UNSURE;
  if (value === null) return { kind: 'null', key: null };
  if (typeof value === 'string') return { kind: 'string', key: value };
  if (typeof value === 'boolean') return { kind: 'boolean', key: value };
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? UNSURE : { kind: 'date', key: time };
  }
  const type = bsonType(value);
  if (type === 'ObjectId') {
    return { kind: 'objectId', key: (value as { toHexString(): string }).toHexString() };
  }
  if (typeof value === 'number' || type === 'Int32' || type === 'Double' || type === 'Long') {
    const number = numberOf(value);
    return number === undefined ? UNSURE : { kind: 'number', key: number };
  }
  return type === undefined && typeof value === 'object' ? { kind: 'document', key: null } : UNSURE;
}

/** A filter value as an operand, or undefined when this matcher does not handle it. */
function operandOf(value: unknown): Operand | undefined {
  const operand = valueOf(value);
  return operand === UNSURE || operand.kind === 'document' ? undefined : operand;
}

/** JavaScript orders strings by UTF-16 units, MongoDB by UTF-8 bytes: alike below U+D800. */
const ordersAlike = (text: string): boolean => !/[\ud800-\uffff]/.test(text);

function compares(op: Op, stored: Operand, operand: Operand): Verdict {
  // Operands are never documents: a stored document (or array) matches none of them.
  if (stored.kind !== operand.kind) return NO;
  if (op === '$eq' || op === '$in') return stored.key === operand.key ? YES : NO;
  // null is its own bracket: $gte and $lte null match it, $gt and $lt never do.
  if (stored.kind === 'null') return op === '$gte' || op === '$lte' ? YES : NO;
  const a = stored.key as number | string | boolean;
  const b = operand.key as number | string | boolean;
  if (typeof a === 'string' && !(ordersAlike(a) && ordersAlike(b as string))) return UNSURE;
  switch (op) {
    case '$gt':
      return a > b ? YES : NO;
    case '$gte':
      return a >= b ? YES : NO;
    case '$lt':
      return a < b ? YES : NO;
    case '$lte':
      return a <= b ? YES : NO;
  }
}

/** One value (not an array) against the condition. */
function scalarVerdict(value: unknown, condition: Condition): Verdict {
  const stored = valueOf(value);
  if (stored === UNSURE) return UNSURE;
  let verdict: Verdict = NO;
  for (const operand of condition.operands) {
    const each = compares(condition.op, stored, operand);
    if (each === YES) return YES;
    if (each === UNSURE) verdict = UNSURE;
  }
  return verdict;
}

/** A field's value against one condition: an array matches when an element does. */
function fieldVerdict(doc: Document, field: string, condition: Condition): Verdict {
  if (!(field in doc)) {
    const wantsNull = condition.operands.some((operand) => operand.kind === 'null');
    return wantsNull && condition.op !== '$gt' && condition.op !== '$lt' ? YES : NO;
  }
  const value: unknown = doc[field];
  if (!Array.isArray(value)) return scalarVerdict(value, condition);
  let verdict: Verdict = NO;
  for (const element of value) {
    // A nested array is matched as a whole by MongoDB: left to the full matcher.
    if (Array.isArray(element)) return UNSURE;
    const each = scalarVerdict(element, condition);
    if (each === YES) return YES;
    if (each === UNSURE) verdict = UNSURE;
  }
  // {f: null} also matches an array holding null (done above); an empty array matches
  // neither null nor anything else here.
  return verdict;
}

const OPS = new Set<string>(['$eq', '$in', '$gt', '$gte', '$lt', '$lte']);

function isOperatorDocument(value: unknown): value is Document {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (value instanceof Date || bsonType(value) !== undefined) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys[0]?.startsWith('$') === true;
}

/** The conditions of one field, or undefined when one is beyond this matcher. */
function conditionsOf(value: unknown): Condition[] | undefined {
  if (!isOperatorDocument(value)) {
    const operand = operandOf(value);
    return operand && [{ op: '$eq', operands: [operand] }];
  }
  const conditions: Condition[] = [];
  for (const [op, argument] of Object.entries(value)) {
    if (!OPS.has(op)) return undefined;
    if (op === '$in') {
      if (!Array.isArray(argument)) return undefined;
      const operands = argument.map(operandOf);
      if (operands.some((operand) => operand === undefined)) return undefined;
      conditions.push({ op: '$in', operands: operands as Operand[] });
      continue;
    }
    const operand = operandOf(argument);
    if (operand === undefined) return undefined;
    conditions.push({ op: op as Op, operands: [operand] });
  }
  return conditions;
}

/** One field's value compared by `$expr: {$eq: ['$field', value]}`: as a whole, no arrays. */
function exprVerdict(doc: Document, field: string, operand: Operand): Verdict {
  if (!(field in doc)) return NO;
  const value: unknown = doc[field];
  // MongoDB compares an array whole here (never equal to a scalar); the full matcher (mingo)
  // looks inside it. Left to the full matcher, so both paths give one answer.
  if (Array.isArray(value)) return UNSURE;
  const stored = valueOf(value);
  return stored === UNSURE ? UNSURE : compares('$eq', stored, operand);
}

/** `{$eq: ['$field', value]}` (either way round) as field and operand; else undefined. */
function exprEquality(expression: unknown): [string, Operand] | undefined {
  if (!isOperatorDocument(expression) || Object.keys(expression).length !== 1) return undefined;
  const pair: unknown = expression.$eq;
  if (!Array.isArray(pair) || pair.length !== 2) return undefined;
  const [first, second] = pair as unknown[];
  const isPath = (value: unknown): value is string =>
    typeof value === 'string' && /^\$[^$.]+$/.test(value);
  const [path, constant] = isPath(first) ? [first, second] : [second, first];
  if (!isPath(path) || (typeof constant === 'string' && constant.startsWith('$'))) return undefined;
  const operand = operandOf(constant);
  // null and missing differ in expressions; arrays and documents compare whole.
  if (operand === undefined || operand.kind === 'null') return undefined;
  return [path.slice(1), operand];
}

interface Check {
  field: string;
  verdict: (doc: Document) => Verdict;
}

function checksOf(filter: Document): Check[] | undefined {
  const checks: Check[] = [];
  for (const [field, value] of Object.entries(filter)) {
    if (field === '$expr') {
      const equality = exprEquality(value);
      if (equality === undefined) return undefined;
      const [path, operand] = equality;
      checks.push({ field: path, verdict: (doc) => exprVerdict(doc, path, operand) });
      continue;
    }
    if (field === '' || field.startsWith('$') || field.includes('.')) return undefined;
    const conditions = conditionsOf(value);
    if (conditions === undefined) return undefined;
    for (const condition of conditions) {
      checks.push({ field, verdict: (doc) => fieldVerdict(doc, field, condition) });
    }
  }
  return checks;
}

/**
 * The fast matcher for `filter`: true or false where it is certain, undefined for "ask the
 * full matcher". undefined itself when the filter has anything beyond the shapes above.
 */
export function compileFastFilter(
  filter: Document,
): ((doc: Document) => boolean | undefined) | undefined {
  const checks = checksOf(filter);
  return checks && matcherOf(checks);
}

function matcherOf(checks: readonly Check[]): (doc: Document) => boolean | undefined {
  return (doc) => {
    let unsure = false;
    for (const check of checks) {
      const verdict = check.verdict(doc);
      if (verdict === NO) return false;
      if (verdict === UNSURE) unsure = true;
    }
    return unsure ? undefined : true;
  };
}

/**
 * The fast matcher over a stored document's bytes: only the filter's fields are decoded (a
 * candidate it rejects is never decoded whole, and one it accepts may be sent as stored).
 */
export function compileFastBytesFilter(
  filter: Document,
): ((bytes: Buffer) => boolean | undefined) | undefined {
  const checks = checksOf(filter);
  if (checks === undefined) return undefined;
  const fast = matcherOf(checks);
  const fields = fieldNames(new Set(checks.map((check) => check.field)));
  return (bytes) => {
    const picked = projectBytes(bytes, fields, true);
    return picked === undefined ? undefined : fast(decodeTyped(picked));
  };
}
