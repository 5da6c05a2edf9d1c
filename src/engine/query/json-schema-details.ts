// ajv's errors as MongoDB 5+'s errInfo.details.schemaRulesNotSatisfied: a tree following the
// schema (properties -> propertiesNotSatisfied, items -> itemIndex, anyOf -> schemasNotSatisfied,
// ...) whose leaves name the keyword, how it was specified, the reason and the value considered.
import type { ErrorObject } from 'ajv';
import type { Document } from 'bson';
import {
  child,
  groupBy,
  leaf,
  pointerSegments,
  shift,
  type Failure,
} from './json-schema-failures.js';

/** What a rule builder gets: the keyword, its (sub)schema and original, failures, the value. */
interface RuleInput {
  keyword: string;
  schema: Document;
  original: Document;
  failures: Failure[];
  value: unknown;
}

/** The translated and the original subschema under `keyword` / `name`. */
const subschemas = (input: RuleInput, name: string): [Document, Document] => [
  (input.schema[input.keyword] as Document)[name] as Document,
  ((input.original[input.keyword] as Document | undefined)?.[name] ?? {}) as Document,
];

const nestedOf = (failures: Failure[]): Failure[] => failures.filter((f) => f.schema.length > 1);

function requiredRule({ original, failures }: RuleInput): Document {
  return {
    operatorName: 'required',
    specifiedAs: { required: original.required },
    missingProperties: failures.map((f) => f.error.params.missingProperty as string).sort(),
  };
}

function propertiesRule(input: RuleInput): Document {
  const { keyword, failures, value } = input;
  const groups = groupBy(nestedOf(failures), (f) => `${f.schema[1]}\u0000${f.instance[0]}`);
  const listed = [...groups].map(([group, members]) => {
    const [name = '', property = ''] = group.split('\u0000');
    const [subschema, subOriginal] = subschemas(input, name);
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

function additionalRule(input: RuleInput): Document {
  const { keyword, schema, original, failures, value } = input;
  if (schema[keyword] !== false)
    return firstSubFailure(
      keyword,
      schema[keyword] as Document,
      original,
      nestedOf(failures),
      value,
    );
  return {
    operatorName: keyword,
    specifiedAs: { [keyword]: false },
    [keyword]: failures.map((f) =>
      keyword === 'additionalItems'
        ? child(value, f.instance[0] ?? '')
        : (f.error.params.additionalProperty as string),
    ),
  };
}

function itemsRule(input: RuleInput): Document {
  const { schema, original, failures, value } = input;
  if (!Array.isArray(schema.items))
    return firstSubFailure('items', schema.items as Document, original, nestedOf(failures), value);
  const byIndex = groupBy(nestedOf(failures), (f) => f.schema[1] ?? '');
  return {
    operatorName: 'items',
    details: [...byIndex].map(([index, members]) => {
      const [subschema, subOriginal] = subschemas(input, index);
      return {
        index: Number(index),
        details: describe(subschema, subOriginal, shift(members, 2, 1), child(value, index)),
      };
    }),
  };
}

function combinationRule(input: RuleInput): Document {
  const { keyword, failures, value } = input;
  const passing = failures.find((f) => f.schema.length === 1)?.error.params.passingSchemas;
  if (keyword === 'oneOf' && Array.isArray(passing))
    return {
      operatorName: 'oneOf',
      reason: 'more than one subschema matched',
      matchingSchemaIndexes: passing,
    };
  const byIndex = groupBy(nestedOf(failures), (f) => f.schema[1] ?? '');
  return {
    operatorName: keyword,
    schemasNotSatisfied: [...byIndex].map(([index, members]) => {
      const [subschema, subOriginal] = subschemas(input, index);
      return {
        index: Number(index),
        details: describe(subschema, subOriginal, shift(members, 2, 0), value),
      };
    }),
  };
}

function dependenciesRule(input: RuleInput): Document {
  const byName = groupBy(input.failures, (f) =>
    f.schema.length > 1 ? (f.schema[1] ?? '') : String(f.error.params.property),
  );
  return {
    operatorName: 'dependencies',
    failingDependencies: [...byName].map(([name, members]) => {
      const [subschema, subOriginal] = subschemas(input, name);
      if (Array.isArray(subschema))
        return {
          conditionalProperty: name,
          missingProperties: members.map((f) => f.error.params.missingProperty as string),
        };
      return {
        conditionalProperty: name,
        details: describe(subschema, subOriginal, shift(members, 2, 0), input.value),
      };
    }),
  };
}

const RULES: Record<string, (input: RuleInput) => Document> = {
  required: requiredRule,
  properties: propertiesRule,
  patternProperties: propertiesRule,
  additionalProperties: additionalRule,
  additionalItems: additionalRule,
  items: itemsRule,
  allOf: combinationRule,
  anyOf: combinationRule,
  oneOf: combinationRule,
  dependencies: dependenciesRule,
};

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
  return [...byKeyword].map(([keyword, failures]) => {
    const rule = RULES[keyword];
    return rule
      ? rule({ keyword, schema, original, failures, value })
      : leaf(keyword, original, value);
  });
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
