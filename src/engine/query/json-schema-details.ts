// ajv's errors as MongoDB 5+'s errInfo.details.schemaRulesNotSatisfied: a tree following the
// schema (properties -> propertiesNotSatisfied, items -> itemIndex, anyOf -> schemasNotSatisfied,
// ...) whose leaves name the keyword, how it was specified, the reason and the value considered.
import type { ErrorObject } from 'ajv';
import type { Document } from 'bson';
import { BsonTypeNumber, bsonTypeNumberOf } from './type-aliases.js';

interface Failure {
  schema: string[];
  instance: string[];
  error: ErrorObject;
}

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

const pointerSegments = (pointer: string): string[] =>
  pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'));

function groupBy(failures: Failure[], key: (failure: Failure) => string): Map<string, Failure[]> {
  const groups = new Map<string, Failure[]>();
  for (const failure of failures) {
    const name = key(failure);
    groups.set(name, [...(groups.get(name) ?? []), failure]);
  }
  return groups;
}

const shift = (failures: Failure[], schemaSteps: number, instanceSteps: number): Failure[] =>
  failures.map((f) => ({
    ...f,
    schema: f.schema.slice(schemaSteps),
    instance: f.instance.slice(instanceSteps),
  }));

const child = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;

function leaf(keyword: string, original: Document, value: unknown): Document {
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

/** One failing keyword of a (sub)schema as MongoDB's rule. */
function ruleFor(
  keyword: string,
  schema: Document,
  original: Document,
  failures: Failure[],
  value: unknown,
): Document {
  const sub = (name: string): [Document, Document] => [
    (schema[keyword] as Document)[name] as Document,
    ((original[keyword] as Document | undefined)?.[name] ?? {}) as Document,
  ];
  const nested = failures.filter((f) => f.schema.length > 1);
  switch (keyword) {
    case 'required':
      return {
        operatorName: 'required',
        specifiedAs: { required: original.required },
        missingProperties: failures.map((f) => f.error.params.missingProperty as string).sort(),
      };
    case 'properties':
    case 'patternProperties': {
      const entries = [...groupBy(nested, (f) => `${f.schema[1]}\u0000${f.instance[0]}`)];
      const listed = entries.map(([group, members]) => {
        const [name = '', property = ''] = group.split('\u0000');
        const [subschema, subOriginal] = sub(name);
        return {
          propertyName: property,
          ...(keyword === 'patternProperties' ? { regexMatched: name } : {}),
          ...(typeof subOriginal.description === 'string'
            ? { description: subOriginal.description }
            : {}),
          details: describe(subschema, subOriginal, shift(members, 2, 1), child(value, property)),
        };
      });
      return keyword === 'properties'
        ? { operatorName: keyword, propertiesNotSatisfied: listed }
        : { operatorName: keyword, details: listed };
    }
    case 'additionalProperties':
    case 'additionalItems':
      if (schema[keyword] === false)
        return {
          operatorName: keyword,
          specifiedAs: { [keyword]: false },
          [keyword]: failures.map((f) =>
            keyword === 'additionalItems'
              ? child(value, f.instance[0] ?? '')
              : (f.error.params.additionalProperty as string),
          ),
        };
      return firstSubFailure(keyword, schema[keyword] as Document, original, nested, value);
    case 'items':
      if (Array.isArray(schema.items)) {
        const byIndex = groupBy(nested, (f) => f.schema[1] ?? '');
        return {
          operatorName: 'items',
          details: [...byIndex].map(([index, members]) => {
            const [subschema, subOriginal] = sub(index);
            return {
              index: Number(index),
              details: describe(subschema, subOriginal, shift(members, 2, 1), child(value, index)),
            };
          }),
        };
      }
      return firstSubFailure(keyword, schema.items as Document, original, nested, value);
    case 'allOf':
    case 'anyOf':
    case 'oneOf': {
      const passing = failures.find((f) => f.schema.length === 1)?.error.params.passingSchemas;
      if (keyword === 'oneOf' && Array.isArray(passing))
        return {
          operatorName: 'oneOf',
          reason: 'more than one subschema matched',
          matchingSchemaIndexes: passing,
        };
      const byIndex = groupBy(nested, (f) => f.schema[1] ?? '');
      return {
        operatorName: keyword,
        schemasNotSatisfied: [...byIndex].map(([index, members]) => {
          const [subschema, subOriginal] = sub(index);
          return {
            index: Number(index),
            details: describe(subschema, subOriginal, shift(members, 2, 0), value),
          };
        }),
      };
    }
    case 'dependencies': {
      const byName = groupBy(failures, (f) =>
        f.schema.length > 1 ? (f.schema[1] ?? '') : String(f.error.params.property),
      );
      return {
        operatorName: 'dependencies',
        failingDependencies: [...byName].map(([name, members]) => {
          const [subschema, subOriginal] = sub(name);
          if (Array.isArray(subschema))
            return {
              conditionalProperty: name,
              missingProperties: members.map((f) => f.error.params.missingProperty as string),
            };
          return {
            conditionalProperty: name,
            details: describe(subschema, subOriginal, shift(members, 2, 0), value),
          };
        }),
      };
    }
    default:
      return leaf(keyword, original, value);
  }
}

/** items / additionalItems / additionalProperties as a schema: the first value failing it. */
function firstSubFailure(
  keyword: string,
  subschema: Document,
  original: Document,
  nested: Failure[],
  value: unknown,
): Document {
  const [key = '', members = []] = [...groupBy(nested, (f) => f.instance[0] ?? '')][0] ?? [];
  const subOriginal = (original[keyword] ?? {}) as Document;
  return {
    operatorName: keyword,
    reason: 'at least one item did not match the sub-schema',
    ...(keyword === 'additionalProperties' ? { failingProperty: key } : { itemIndex: Number(key) }),
    details: describe(subschema, subOriginal, shift(members, 1, 1), child(value, key)),
  };
}

function describe(
  schema: Document,
  original: Document,
  failures: Failure[],
  value: unknown,
): Document[] {
  const byKeyword = groupBy(failures, (f) => f.schema[0] ?? '');
  return [...byKeyword].map(([keyword, members]) =>
    ruleFor(keyword, schema, original, members, value),
  );
}

export function describeFailures(
  translated: Document,
  original: Document,
  errors: ErrorObject[],
  doc: unknown,
): Document[] {
  const failures = errors.map((error) => ({
    schema: pointerSegments(error.schemaPath),
    instance: pointerSegments(`#${error.instancePath}`),
    error,
  }));
  return describe(translated, original, failures, doc);
}
