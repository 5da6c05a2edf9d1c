// MongoDB's total order over BSON values, for typed and plain inputs alike: first the
// canonical type bracket, then the value within the bracket.
import type { Binary, BSONRegExp, ObjectId, Timestamp } from 'bson';
import { compareExact } from './exact-number.js';
import { bsonTypeOf, isPlainObject, numberOf } from './plain.js';

/** MongoDB's canonical type order (canonicalizeBSONType), smallest first. */
export const TypeRank = {
  minKey: 0,
  null: 1,
  number: 2,
  string: 3,
  object: 4,
  array: 5,
  binData: 6,
  objectId: 7,
  boolean: 8,
  date: 9,
  timestamp: 10,
  regex: 11,
  code: 13,
  maxKey: 15,
} as const;

export function typeRankOf(value: unknown): number {
  if (value === null || value === undefined) return TypeRank.null;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return TypeRank.number;
    case 'string':
    case 'symbol':
      return TypeRank.string;
    case 'boolean':
      return TypeRank.boolean;
    case 'function':
      return TypeRank.code;
    default:
      break;
  }
  if (Array.isArray(value)) return TypeRank.array;
  if (value instanceof Date) return TypeRank.date;
  if (value instanceof RegExp) return TypeRank.regex;
  if (value instanceof Uint8Array) return TypeRank.binData;
  switch (bsonTypeOf(value)) {
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return TypeRank.number;
    case 'BSONSymbol':
      return TypeRank.string;
    case 'Binary':
      return TypeRank.binData;
    case 'ObjectId':
      return TypeRank.objectId;
    case 'Timestamp':
      return TypeRank.timestamp;
    case 'BSONRegExp':
      return TypeRank.regex;
    case 'Code':
      return TypeRank.code;
    case 'MinKey':
      return TypeRank.minKey;
    case 'MaxKey':
      return TypeRank.maxKey;
    default:
      return TypeRank.object;
  }
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

function compareNumbers(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return compareDoubles(a, b);
  const exact = (value: unknown): boolean => {
    const tag = bsonTypeOf(value);
    return tag === 'Long' || tag === 'Decimal128' || typeof value === 'bigint';
  };
  // Longs and decimals compare by their exact values, across types.
  if (exact(a) || exact(b)) return compareExact(a, b);
  return compareDoubles(numberOf(a), numberOf(b));
}

function compareDoubles(x: number, y: number): number {
  // NaN sorts below every other number and equals itself.
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
  if (Number.isNaN(y)) return 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** ObjectIds order as their hex strings do, which is the order of their 12 bytes. */
function compareObjectIds(a: ObjectId, b: ObjectId): number {
  const x: unknown = a.id;
  const y: unknown = b.id;
  if (x instanceof Uint8Array && y instanceof Uint8Array && x.length === 12 && y.length === 12) {
    return Buffer.compare(x, y);
  }
  return compareStrings(a.toHexString(), b.toHexString());
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function stringOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'symbol') return value.description ?? '';
  return String((value as { value?: unknown; code?: unknown }).value ?? value);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  // binData orders by length, then subtype (handled by the caller), then bytes.
  if (a.length !== b.length) return sign(a.length - b.length);
  return Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.length),
    Buffer.from(b.buffer, b.byteOffset, b.length),
  );
}

function binaryParts(value: unknown): { bytes: Uint8Array; subtype: number } {
  if (value instanceof Uint8Array) return { bytes: value, subtype: 0 };
  const binary = value as Binary;
  return { bytes: binary.value(), subtype: binary.sub_type };
}

function regexParts(value: unknown): { pattern: string; flags: string } {
  if (value instanceof RegExp) return { pattern: value.source, flags: value.flags };
  const regex = value as BSONRegExp;
  return { pattern: regex.pattern, flags: regex.options };
}

function entriesOf(value: unknown): [string, unknown][] {
  if (isPlainObject(value)) return Object.entries(value);
  // DBRef and other object-like values compare by their serialized shape.
  const json = (value as { toJSON?: () => unknown }).toJSON?.();
  return isPlainObject(json) ? Object.entries(json) : Object.entries(value as object);
}

export function compareValues(a: unknown, b: unknown): number {
  const rankA = typeRankOf(a);
  const rankB = typeRankOf(b);
  if (rankA !== rankB) return sign(rankA - rankB);
  switch (rankA) {
    case TypeRank.null:
    case TypeRank.minKey:
    case TypeRank.maxKey:
      return 0;
    case TypeRank.number:
      return compareNumbers(a, b);
    case TypeRank.string:
    case TypeRank.code:
      return compareStrings(stringOf(a), stringOf(b));
    case TypeRank.boolean:
      return sign(Number(a) - Number(b));
    case TypeRank.date:
      return sign((a as Date).getTime() - (b as Date).getTime());
    case TypeRank.objectId:
      return compareObjectIds(a as ObjectId, b as ObjectId);
    case TypeRank.timestamp: {
      const x = a as Timestamp;
      const y = b as Timestamp;
      return sign(x.t - y.t) || sign(x.i - y.i);
    }
    case TypeRank.binData: {
      const x = binaryParts(a);
      const y = binaryParts(b);
      if (x.bytes.length !== y.bytes.length) return sign(x.bytes.length - y.bytes.length);
      return sign(x.subtype - y.subtype) || compareBytes(x.bytes, y.bytes);
    }
    case TypeRank.regex: {
      const x = regexParts(a);
      const y = regexParts(b);
      return compareStrings(x.pattern, y.pattern) || compareStrings(x.flags, y.flags);
    }
    case TypeRank.array:
      return compareSequences(
        (a as unknown[]).map((v, i) => [String(i), v]),
        (b as unknown[]).map((v, i) => [String(i), v]),
      );
    default:
      return compareSequences(entriesOf(a), entriesOf(b));
  }
}

/** BSON document comparison: per element type, then field name, then value; shorter first. */
function compareSequences(a: [string, unknown][], b: [string, unknown][]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const [keyA, valueA] = a[i] as [string, unknown];
    const [keyB, valueB] = b[i] as [string, unknown];
    const byType = sign(typeRankOf(valueA) - typeRankOf(valueB));
    if (byType) return byType;
    const byName = compareStrings(keyA, keyB);
    if (byName) return byName;
    const byValue = compareValues(valueA, valueB);
    if (byValue) return byValue;
  }
  return sign(a.length - b.length);
}
