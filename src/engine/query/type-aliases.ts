// BSON type numbers and the $type aliases MongoDB accepts for them.
import { bsonTypeOf, isPlainObject } from './plain.js';

export const BsonTypeNumber: Readonly<Record<string, number>> = {
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  dbPointer: 12,
  javascript: 13,
  symbol: 14,
  javascriptWithScope: 15,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
};

const NUMERIC_TYPES = new Set([1, 16, 18, 19]);
const KNOWN_NUMBERS = new Set(Object.values(BsonTypeNumber));

/** A $type argument as a set of type numbers ('number' expands to the four numeric types). */
export function typeNumbersOf(spec: unknown): number[] | string {
  const specs = Array.isArray(spec) ? (spec as unknown[]) : [spec];
  const numbers: number[] = [];
  for (const item of specs) {
    if (item === 'number') numbers.push(...NUMERIC_TYPES);
    else if (typeof item === 'string') {
      const code = BsonTypeNumber[item];
      if (code === undefined) return `Unknown type name alias: ${item}`;
      numbers.push(code);
    } else if (typeof item === 'number') {
      if (!Number.isInteger(item) || !KNOWN_NUMBERS.has(item))
        return `Invalid numerical type code: ${item}`;
      numbers.push(item);
    } else {
      return 'type must be represented as a number or a string';
    }
  }
  return numbers;
}

/** The BSON type number of a typed (or, as a fallback, plain) value. */
export function bsonTypeNumberOf(value: unknown): number {
  if (value === undefined) return 6;
  if (value === null) return 10;
  switch (typeof value) {
    case 'string':
      return 2;
    case 'boolean':
      return 8;
    case 'number':
      return Number.isInteger(value) && Math.abs(value) <= 0x7fffffff ? 16 : 1;
    case 'bigint':
      return 18;
    case 'function':
      return 13;
    default:
      break;
  }
  if (Array.isArray(value)) return 4;
  if (value instanceof Date) return 9;
  if (value instanceof RegExp) return 11;
  switch (bsonTypeOf(value)) {
    case 'Double':
      return 1;
    case 'Int32':
      return 16;
    case 'Long':
      return 18;
    case 'Decimal128':
      return 19;
    case 'Binary':
      return 5;
    case 'ObjectId':
      return 7;
    case 'BSONRegExp':
      return 11;
    case 'Code':
      return isPlainObject((value as { scope?: unknown }).scope) ? 15 : 13;
    case 'BSONSymbol':
      return 14;
    case 'Timestamp':
      return 17;
    case 'MinKey':
      return -1;
    case 'MaxKey':
      return 127;
    default:
      return 3;
  }
}
