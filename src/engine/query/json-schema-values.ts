// The values of $jsonSchema's keywords, checked with MongoDB's errors (json-schema-parse.ts
// walks the schema and its subschemas).
import type { Document } from 'bson';
import { Pattern } from './patterns.js';
import { isNumeric, numberOf } from './plain.js';
import { queryError, QueryErrorCode } from './query-errors.js';
import { typeNumbersOf } from './type-aliases.js';

export const COUNT_KEYWORDS = [
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
];

/** The JSON types `type` accepts (ajv's own `type` keyword checks them on the schema view). */
const JSON_TYPES = new Set(['object', 'array', 'number', 'boolean', 'string', 'null']);

export const fail = (message: string): never => {
  throw queryError(QueryErrorCode.FailedToParse, message);
};
export const mismatch = (message: string): never => {
  throw queryError(QueryErrorCode.TypeMismatch, message);
};

function stringsOf(keyword: string, value: unknown): string[] {
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  if (!items.every((item) => typeof item === 'string'))
    mismatch(`$jsonSchema keyword '${keyword}' must be either a string or an array of strings`);
  return items as string[];
}

export function typeKeyword(value: unknown): string | string[] {
  const names = stringsOf('type', value);
  for (const name of names) {
    if (name === 'integer') fail("$jsonSchema type 'integer' is not currently supported.");
    if (!JSON_TYPES.has(name))
      throw queryError(QueryErrorCode.BadValue, `Unknown type name alias: ${name}`);
  }
  return value as string | string[];
}

export function bsonTypeKeyword(value: unknown): number[] {
  const numbers = typeNumbersOf(stringsOf('bsonType', value));
  if (typeof numbers === 'string') throw queryError(QueryErrorCode.BadValue, numbers);
  return numbers;
}

export function numberKeyword(keyword: string, value: unknown): number {
  if (!isNumeric(value)) mismatch(`$jsonSchema keyword '${keyword}' must be a number`);
  return numberOf(value);
}

export function countKeyword(keyword: string, value: unknown): number {
  const count = isNumeric(value) ? numberOf(value) : NaN;
  if (!Number.isInteger(count) || count < 0)
    fail(`$jsonSchema keyword '${keyword}' must be a non-negative integer`);
  return count;
}

export function checkPattern(source: unknown): string {
  if (typeof source !== 'string') return mismatch("$jsonSchema keyword 'pattern' must be a string");
  new Pattern(source, '');
  return source;
}

export function requiredKeyword(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    return mismatch("$jsonSchema keyword 'required' must be an array of strings");
  if (value.length === 0) fail("$jsonSchema keyword 'required' cannot be an empty array");
  if (new Set(value).size !== value.length)
    fail("$jsonSchema keyword 'required' array cannot contain duplicate values");
  return value as string[];
}

export function enumKeyword(value: unknown): unknown[] {
  if (!Array.isArray(value)) return mismatch("$jsonSchema keyword 'enum' must be an array");
  if (value.length === 0) fail("$jsonSchema keyword 'enum' cannot have empty array");
  return value as unknown[];
}

/** minimum/maximum with draft 4's exclusive flags, as draft 7 keywords. */
export function boundKeywords(schema: Document, out: Document): void {
  for (const [bound, flag] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    const exclusive = schema[flag];
    if (exclusive !== undefined && typeof exclusive !== 'boolean')
      mismatch(`$jsonSchema keyword '${flag}' must be a boolean`);
    if (schema[bound] === undefined) {
      if (exclusive !== undefined)
        fail(`$jsonSchema keyword '${bound}' must be a present if ${flag} is present`);
      continue;
    }
    out[exclusive === true ? flag : bound] = numberKeyword(bound, schema[bound]);
  }
}
