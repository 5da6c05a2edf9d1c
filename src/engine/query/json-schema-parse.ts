// MongoDB's $jsonSchema dialect (draft 4 with bsonType, without references or formats), checked
// with the server's errors and translated into the schema ajv compiles (json-schema.ts): bsonType,
// enum and uniqueItems become keywords that see the BSON values; draft 4's boolean
// exclusiveMinimum/exclusiveMaximum become draft 7's numeric ones.
import type { Document } from 'bson';
import {
  boundKeywords,
  bsonTypeKeyword,
  checkPattern,
  COUNT_KEYWORDS,
  countKeyword,
  enumKeyword,
  fail,
  mismatch,
  numberKeyword,
  requiredKeyword,
  typeKeyword,
} from './json-schema-values.js';
import { isPlainObject } from './plain.js';

/** The keywords of draft 4 MongoDB refuses. */
const UNSUPPORTED = new Set(['$ref', '$schema', 'default', 'definitions', 'format', 'id']);

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

/** Translates one keyword's value into ajv's schema under construction. */
type Translator = (value: unknown, out: Document) => void;

/** The keyword's value, checked and converted, under `name` in ajv's schema. */
const to =
  (name: string, convert: (value: unknown) => unknown): Translator =>
  (value, out) => {
    out[name] = convert(value);
  };

const text = (keyword: string) => (value: unknown) =>
  typeof value === 'string' ? value : mismatch(`$jsonSchema keyword '${keyword}' must be a string`);

const TRANSLATORS: Record<string, Translator> = {
  type: to('type', typeKeyword),
  bsonType: to('bsonType', bsonTypeKeyword),
  enum: to('bsonEnum', enumKeyword),
  required: to('required', requiredKeyword),
  properties: to('properties', (v) => schemaMap('properties', v)),
  patternProperties: to('patternProperties', (v) => schemaMap('patternProperties', v, true)),
  additionalProperties: to('additionalProperties', (v) =>
    booleanOrSchema('additionalProperties', v),
  ),
  dependencies: to('dependencies', dependenciesKeyword),
  items: to('items', (v) =>
    Array.isArray(v) ? v.map((item) => schemaKeyword('items', item)) : schemaKeyword('items', v),
  ),
  additionalItems: to('additionalItems', (v) => booleanOrSchema('additionalItems', v)),
  uniqueItems: (value, out) => {
    if (typeof value !== 'boolean') mismatch("$jsonSchema keyword 'uniqueItems' must be a boolean");
    if (value) out.bsonUniqueItems = true;
  },
  pattern: to('pattern', checkPattern),
  multipleOf: to('multipleOf', (value) => {
    const factor = numberKeyword('multipleOf', value);
    if (!(factor > 0)) fail("$jsonSchema keyword 'multipleOf' must have a positive value");
    return factor;
  }),
  allOf: to('allOf', (v) => schemaList('allOf', v)),
  anyOf: to('anyOf', (v) => schemaList('anyOf', v)),
  oneOf: to('oneOf', (v) => schemaList('oneOf', v)),
  not: to('not', (v) => schemaKeyword('not', v)),
  title: to('title', text('title')),
  description: to('description', text('description')),
  ...Object.fromEntries(
    COUNT_KEYWORDS.map((keyword) => [keyword, to(keyword, (v) => countKeyword(keyword, v))]),
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
    translate(value, out);
  }
  boundKeywords(schema, out);
  return out;
}
