// ajv's errors as paths through the schema and the instance, grouped and walked step by step as
// json-schema-details.ts builds MongoDB's tree of rules from them; and the leaves of that tree.
import type { ErrorObject } from 'ajv';
import type { Document } from 'bson';
import { BsonTypeNumber, bsonTypeNumberOf } from './type-aliases.js';

export interface Failure {
  schema: string[];
  instance: string[];
  error: ErrorObject;
}

export const pointerSegments = (pointer: string): string[] =>
  pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'));

export function groupBy(
  failures: Failure[],
  key: (failure: Failure) => string,
): Map<string, Failure[]> {
  const groups = new Map<string, Failure[]>();
  for (const failure of failures) {
    const name = key(failure);
    groups.set(name, [...(groups.get(name) ?? []), failure]);
  }
  return groups;
}

export const shift = (failures: Failure[], schemaSteps: number, instanceSteps: number): Failure[] =>
  failures.map((f) => ({
    ...f,
    schema: f.schema.slice(schemaSteps),
    instance: f.instance.slice(instanceSteps),
  }));

export const child = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;

const TYPE_NAMES = new Map(Object.entries(BsonTypeNumber).map(([name, code]) => [code, name]));

/** ajv's keywords that stand for MongoDB's (json-schema-parse.ts renamed them). */
const MONGO_KEYWORD: Record<string, string> = {
  bsonEnum: 'enum',
  bsonUniqueItems: 'uniqueItems',
  exclusiveMinimum: 'minimum',
  exclusiveMaximum: 'maximum',
};

const REASONS: Record<string, string> = {
  type: 'type did not match',
  bsonType: 'type did not match',
  enum: 'value was not found in enum',
  uniqueItems: 'found a duplicate item',
  minimum: 'comparison failed',
  maximum: 'comparison failed',
  multipleOf: 'considered value was not a multiple of the specified value',
  minLength: 'specified string length was not satisfied',
  maxLength: 'specified string length was not satisfied',
  pattern: 'regular expression did not match',
  minItems: 'array did not match specified length',
  maxItems: 'array did not match specified length',
  minProperties: 'specified number of properties was not satisfied',
  maxProperties: 'specified number of properties was not satisfied',
  not: 'child expression matched',
};

/** A failing keyword that applies no subschema, as MongoDB's rule. */
export function leaf(keyword: string, original: Document, value: unknown): Document {
  const name = MONGO_KEYWORD[keyword] ?? keyword;
  const rule: Document = { operatorName: name, specifiedAs: { [name]: original[name] } };
  if (keyword === 'exclusiveMinimum' || keyword === 'exclusiveMaximum')
    rule.specifiedAs[keyword] = true;
  rule.reason = REASONS[name] ?? 'schema rule not satisfied';
  if (name === 'minProperties' || name === 'maxProperties')
    rule.numberOfProperties = Object.keys((value as object) ?? {}).length;
  else if (name !== 'not') rule.consideredValue = value;
  if (name === 'type' || name === 'bsonType')
    rule.consideredType = TYPE_NAMES.get(bsonTypeNumberOf(value)) ?? 'unknown';
  return rule;
}
