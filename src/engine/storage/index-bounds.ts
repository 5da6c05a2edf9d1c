// Index bounds as explain prints them, in mongod's notation: one interval per range of a
// field, "[5, inf.0]" / "(\"a\", {})" / "[MinKey, MaxKey]", with the type bracket's own ends
// where the query gives none ({$gt: 5} scans numbers only: "(5, inf.0]").
import { encodeValue, TypeTag, typeTagOf } from './index-keys.js';

export type BoundOp = '$gt' | '$gte' | '$lt' | '$lte';

export const FULL_INTERVAL = '[MinKey, MaxKey]';

interface BsonLike {
  _bsontype?: string;
  toHexString?: () => string;
  toString(): string;
}

/** A value as mongod writes it in index bounds. */
export function formatBoundValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (typeof value !== 'object' || value === null) return String(value);
  const typed = value as BsonLike;
  switch (typed._bsontype) {
    case 'Int32':
    case 'Double':
      return formatNumber((value as { value: number }).value);
    case 'Long':
    case 'Decimal128':
      return typed.toString();
    case 'ObjectId':
      return `ObjectId('${typed.toHexString?.() ?? typed.toString()}')`;
    case 'Timestamp': {
      const ts = value as { t: number; i: number };
      return `Timestamp(${ts.t}, ${ts.i})`;
    }
    case 'BSONSymbol':
      return JSON.stringify(String((value as { value: unknown }).value));
    default:
      return typed.toString();
  }
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan.0';
  if (n === Infinity) return 'inf.0';
  if (n === -Infinity) return '-inf.0';
  return String(n);
}

/** The ends of a type bracket, as mongod prints them. */
function bracketEnds(value: unknown): [string, string, boolean] {
  switch (typeTagOf(value)) {
    case TypeTag.Number:
      return ['-inf.0', 'inf.0', true];
    case TypeTag.String:
      return ['""', '{}', false];
    case TypeTag.Date:
      return ['new Date(-9223372036854775808)', 'new Date(9223372036854775807)', true];
    case TypeTag.ObjectId:
      return ["ObjectId('000000000000000000000000')", "ObjectId('ffffffffffffffffffffffff')", true];
    case TypeTag.Boolean:
      return ['false', 'true', true];
    case TypeTag.Timestamp:
      return ['Timestamp(0, 0)', 'Timestamp(4294967295, 4294967295)', true];
    default:
      return ['MinKey', 'MaxKey', true];
  }
}

export function pointInterval(value: unknown): string {
  const text = formatBoundValue(value);
  return `[${text}, ${text}]`;
}

/** The one interval the bounds on a field leave (they are intersected in ascending order). */
export function describeInterval(bounds: { value: unknown; op: BoundOp }[]): string {
  const first = bounds[0];
  if (!first) return FULL_INTERVAL;
  const [min, max, maxInclusive] = bracketEnds(first.value);
  let lower: { key: Buffer; text: string; inclusive: boolean } | undefined;
  let upper: { key: Buffer; text: string; inclusive: boolean } | undefined;
  for (const bound of bounds) {
    const key = encodeValue(bound.value);
    const text = formatBoundValue(bound.value);
    const inclusive = bound.op === '$gte' || bound.op === '$lte';
    if (bound.op === '$gt' || bound.op === '$gte') {
      const order = lower ? Buffer.compare(key, lower.key) : 1;
      if (order > 0 || (order === 0 && !inclusive)) lower = { key, text, inclusive };
    } else {
      const order = upper ? Buffer.compare(key, upper.key) : -1;
      if (order < 0 || (order === 0 && !inclusive)) upper = { key, text, inclusive };
    }
  }
  const open = lower ? (lower.inclusive ? '[' : '(') : '[';
  const close = upper ? (upper.inclusive ? ']' : ')') : maxInclusive ? ']' : ')';
  return `${open}${lower?.text ?? min}, ${upper?.text ?? max}${close}`;
}
