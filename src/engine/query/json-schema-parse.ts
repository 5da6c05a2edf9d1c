// MongoDB's $jsonSchema dialect (draft 4 with bsonType, without references or formats), checked
// with the server's errors and translated into the schema ajv compiles (json-schema.ts): bsonType,
// enum and uniqueItems become keywords that see the BSON values; draft 4's boolean
// exclusiveMinimum/exclusiveMaximum become draft 7's numeric ones.
import type { Document } from 'bson';
import { queryError, QueryErrorCode } from './query-errors.js';
import { isNumeric, isPlainObject, numberOf } from './plain.js';
import { typeNumbersOf } from './type-aliases.js';
import { Pattern } from './patterns.js';

/** The keywords of draft 4 MongoDB refuses. */
const UNSUPPORTED = new Set(['$ref', '$schema', 'default', 'definitions', 'format', 'id']);

/** JSON types `type` accepts, as BSON type numbers (ajv's own `type` checks the schema view). */
const JSON_TYPES = new Set(['object', 'array', 'number', 'boolean', 'string', 'null']);

const COUNT_KEYWORDS = [
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
];

const fail = (message: string): never => {
  throw queryError(QueryErrorCode.FailedToParse, message);
};
const mismatch = (message: string): never => {
  throw queryError(QueryErrorCode.TypeMismatch, message);
};

function stringsOf(keyword: string, value: unknown): string[] {
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  if (!items.every((item) => typeof item === 'string'))
    mismatch(`$jsonSchema keyword '${keyword}' must be either a string or an array of strings`);
  return items as string[];
}

function typeKeyword(value: unknown): string | string[] {
  const names = stringsOf('type', value);
  for (const name of names) {
    if (name === 'integer') fail("$jsonSchema type 'integer' is not currently supported.");
    if (!JSON_TYPES.has(name))
      throw queryError(QueryErrorCode.BadValue, `Unknown type name alias: ${name}`);
  }
  return value as string | string[];
}

function bsonTypeKeyword(value: unknown): number[] {
  const numbers = typeNumbersOf(stringsOf('bsonType', value));
  if (typeof numbers === 'string') throw queryError(QueryErrorCode.BadValue, numbers);
  return numbers;
}

function numberKeyword(keyword: string, value: unknown): number {
  if (!isNumeric(value)) mismatch(`$jsonSchema keyword '${keyword}' must be a number`);
  return numberOf(value);
}

function countKeyword(keyword: string, value: unknown): number {
  const count = isNumeric(value) ? numberOf(value) : NaN;
  if (!Number.isInteger(count) || count < 0)
    fail(`$jsonSchema keyword '${keyword}' must be a non-negative integer`);
  return count;
}

function schemaKeyword(keyword: string, value: unknown): Document {
  if (!isPlainObject(value)) mismatch(`$jsonSchema keyword '${keyword}' must be an object`);
  return translateSchema(value as Document);
}

function schemaList(keyword: string, value: unknown): Document[] {
  if (!Array.isArray(value) || value.length === 0)
    fail(`$jsonSchema keyword '${keyword}' must be a nonempty array`);
  return (value as unknown[]).map((item) => schemaKeyword(keyword, item));
}

function schemaMap(keyword: string, value: unknown, patterns = false): Document {
  if (!isPlainObject(value)) mismatch(`$jsonSchema keyword '${keyword}' must be an object`);
  const out: Document = {};
  for (const [name, sub] of Object.entries(value as Document)) {
    if (patterns) checkPattern(name);
    out[name] = schemaKeyword(keyword, sub);
  }
  return out;
}

function booleanOrSchema(keyword: string, value: unknown): boolean | Document {
  return typeof value === 'boolean' ? value : schemaKeyword(keyword, value);
}

function checkPattern(source: unknown): string {
  if (typeof source !== 'string') return mismatch("$jsonSchema keyword 'pattern' must be a string");
  new Pattern(source, '');
  return source;
}

function requiredKeyword(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    return mismatch("$jsonSchema keyword 'required' must be an array of strings");
  if (value.length === 0) fail("$jsonSchema keyword 'required' cannot be an empty array");
  if (new Set(value).size !== value.length)
    fail("$jsonSchema keyword 'required' array cannot contain duplicate values");
  return value as string[];
}

function dependenciesKeyword(value: unknown): Document {
  if (!isPlainObject(value)) mismatch("$jsonSchema keyword 'dependencies' must be an object");
  const out: Document = {};
  for (const [name, dependency] of Object.entries(value as Document)) {
    out[name] = Array.isArray(dependency)
      ? requiredKeyword(dependency)
      : schemaKeyword('dependencies', dependency);
  }
  return out;
}

function enumKeyword(value: unknown): unknown[] {
  if (!Array.isArray(value)) return mismatch("$jsonSchema keyword 'enum' must be an array");
  if (value.length === 0) fail("$jsonSchema keyword 'enum' cannot have empty array");
  return value as unknown[];
}

/** minimum/maximum with draft 4's exclusive flags, as draft 7 keywords. */
function boundKeywords(schema: Document, out: Document): void {
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

type Translator = (value: unknown, schema: Document, out: Document) => void;

const set =
  (convert: (value: unknown) => unknown, name?: string): ((keyword: string) => Translator) =>
  (keyword) =>
  (value, _schema, out) => {
    out[name ?? keyword] = convert(value);
  };

const TRANSLATORS: Record<string, Translator> = {
  type: set(typeKeyword)('type'),
  bsonType: set(bsonTypeKeyword)('bsonType'),
  enum: set(enumKeyword, 'bsonEnum')('enum'),
  required: set(requiredKeyword)('required'),
  properties: set((v) => schemaMap('properties', v))('properties'),
  patternProperties: set((v) => schemaMap('patternProperties', v, true))('patternProperties'),
  additionalProperties: set((v) => booleanOrSchema('additionalProperties', v))(
    'additionalProperties',
  ),
  dependencies: set(dependenciesKeyword)('dependencies'),
  items: set((v) =>
    Array.isArray(v) ? v.map((item) => schemaKeyword('items', item)) : schemaKeyword('items', v),
  )('items'),
  additionalItems: set((v) => booleanOrSchema('additionalItems', v))('additionalItems'),
  uniqueItems: (value, _schema, out) => {
    if (typeof value !== 'boolean') mismatch("$jsonSchema keyword 'uniqueItems' must be a boolean");
    if (value) out.bsonUniqueItems = true;
  },
  pattern: set(checkPattern)('pattern'),
  multipleOf: (value, _schema, out) => {
    const factor = numberKeyword('multipleOf', value);
    if (!(factor > 0)) fail("$jsonSchema keyword 'multipleOf' must have a positive value");
    out.multipleOf = factor;
  },
  allOf: set((v) => schemaList('allOf', v))('allOf'),
  anyOf: set((v) => schemaList('anyOf', v))('anyOf'),
  oneOf: set((v) => schemaList('oneOf', v))('oneOf'),
  not: set((v) => schemaKeyword('not', v))('not'),
  title: set((v) =>
    typeof v === 'string' ? v : mismatch("$jsonSchema keyword 'title' must be a string"),
  )('title'),
  description: set((v) =>
    typeof v === 'string' ? v : mismatch("$jsonSchema keyword 'description' must be a string"),
  )('description'),
  ...Object.fromEntries(
    COUNT_KEYWORDS.map((keyword) => [keyword, set((v) => countKeyword(keyword, v))(keyword)]),
  ),
};

const BOUND_KEYWORDS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);

/** A $jsonSchema as ajv's schema; throws MongoDB's parse errors. */
export function translateSchema(schema: Document): Document {
  if (!isPlainObject(schema)) mismatch('$jsonSchema must be an object');
  if (schema.type !== undefined && schema.bsonType !== undefined)
    fail("Cannot specify both $jsonSchema keywords 'type' and 'bsonType'");
  const out: Document = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (UNSUPPORTED.has(keyword))
      fail(`$jsonSchema keyword '${keyword}' is not currently supported`);
    if (BOUND_KEYWORDS.has(keyword)) continue;
    const translate = TRANSLATORS[keyword];
    if (!translate) return fail(`Unknown $jsonSchema keyword: ${keyword}`);
    translate(value, schema, out);
  }
  boundKeywords(schema, out);
  return out;
}
