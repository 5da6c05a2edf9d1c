// $jsonSchema through ajv: MongoDB's schema is checked and translated once (json-schema-parse.ts),
// compiled by ajv and cached; documents are validated through a view in which every number is a
// JS number (json-schema-view.ts), with bsonType, enum and uniqueItems checked on the typed
// values. Patterns run on RE2 (patterns.ts), so a schema's regex cannot backtrack.
import { Ajv, type ErrorObject, type KeywordDefinition, type ValidateFunction } from 'ajv';
import { EJSON, type Document } from 'bson';
import { compareValues } from './compare.js';
import { describeFailures } from './json-schema-details.js';
import { translateSchema } from './json-schema-parse.js';
import { originalOf, schemaViewOf, type ValueLocation } from './json-schema-view.js';
import { Pattern } from './patterns.js';
import { bsonTypeNumberOf } from './type-aliases.js';

export interface CompiledJsonSchema {
  matches(doc: unknown): boolean;
  /** MongoDB's schemaRulesNotSatisfied for a document that does not match. */
  failures(doc: unknown): Document[];
}

const linearRegExp = Object.assign((source: string) => new Pattern(source, ''), {
  code: 'Pattern',
});

const keywords: KeywordDefinition[] = [
  {
    keyword: 'bsonType',
    schemaType: 'array',
    validate: (types: number[], data: unknown, _parent: unknown, at?: ValueLocation) =>
      types.includes(bsonTypeNumberOf(originalOf(at, data))),
  },
  {
    keyword: 'bsonEnum',
    schemaType: 'array',
    validate: (values: unknown[], data: unknown, _parent: unknown, at?: ValueLocation) => {
      const value = originalOf(at, data);
      return values.some((candidate) => compareValues(value, candidate) === 0);
    },
  },
  {
    keyword: 'bsonUniqueItems',
    schemaType: 'boolean',
    validate: (_unique: boolean, data: unknown, _parent: unknown, at?: ValueLocation) => {
      const items = originalOf(at, data);
      if (!Array.isArray(items)) return true;
      const sorted = [...(items as unknown[])].sort(compareValues);
      return sorted.every((item, i) => i === 0 || compareValues(sorted[i - 1], item) !== 0);
    },
  },
] as KeywordDefinition[];

function makeAjv(allErrors: boolean): Ajv {
  return new Ajv({
    allErrors,
    verbose: allErrors,
    strict: false,
    strictNumbers: false,
    validateSchema: false,
    addUsedSchema: false,
    logger: false,
    code: { regExp: linearRegExp },
    keywords,
  });
}

const matching = makeAjv(false);
const explaining = makeAjv(true);

class Compiled implements CompiledJsonSchema {
  private explainer: ValidateFunction | undefined;
  private readonly validate: ValidateFunction;
  private readonly translated: Document;

  constructor(private readonly original: Document) {
    this.translated = translateSchema(original);
    this.validate = matching.compile(this.translated);
  }

  matches(doc: unknown): boolean {
    return this.validate(schemaViewOf(doc));
  }

  failures(doc: unknown): Document[] {
    this.explainer ??= explaining.compile(this.translated);
    if (this.explainer(schemaViewOf(doc))) return [];
    const errors = (this.explainer.errors ?? []) as ErrorObject[];
    return describeFailures(this.translated, this.original, errors, doc);
  }

  release(): void {
    matching.removeSchema(this.translated);
    explaining.removeSchema(this.translated);
  }
}

/** Compiled schemas, most recently used last; a bounded number, as filters come from clients. */
const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 200;

export function compileJsonSchema(schema: Document): CompiledJsonSchema {
  const key = EJSON.stringify(schema, { relaxed: false });
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const compiled = new Compiled(schema);
  cache.set(key, compiled);
  if (cache.size > CACHE_LIMIT) {
    const [oldestKey, oldest] = cache.entries().next().value as [string, Compiled];
    cache.delete(oldestKey);
    oldest.release();
  }
  return compiled;
}
