// count and distinct.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { collatingComparator, collationSpecOf, collatorOf } from '../query/index.js';
import { isDocument } from './arguments.js';
import { defineCommand } from './command-definition.js';
import { IGNORED, optional, required, type ArgumentsOf } from './parameters.js';
import { paced, PAUSE, type Steps, type TimeBudget } from './budget.js';
import { sortPaced } from './query-executor.js';
import type { CommandContext, CommandList } from './context.js';
import { readDocuments, viewOf } from './views.js';
import { checkHint } from './update-support.js';

const COUNT_FIELDS = {
  count: required('collection'),
  query: optional('object'),
  skip: optional('integer'),
  limit: optional('integer'),
  hint: optional('any'),
  collation: optional('object'),
  fields: IGNORED,
  encryptionInformation: IGNORED,
} as const;

async function count(
  args: ArgumentsOf<typeof COUNT_FIELDS>,
  context: CommandContext,
): Promise<Document> {
  const name = args.count;
  const filter = args.query ?? {};
  const skip = args.skip ?? 0;
  const limit = Math.abs(args.limit ?? 0);
  if (skip < 0)
    throw new MongoServerError(ErrorCode.BadValue, 'skip value is negative in count query');
  const storage = context.engine.storage;
  const collection = storage.getCollection(context.db, name);
  checkHint(collection, args.hint);
  if (!collection) return { n: 0, ok: 1 };
  const isView = viewOf(storage, context.db, name) !== undefined;
  if (Object.keys(filter).length === 0 && !isView) {
    const total = Math.max(0, collection.count() - skip);
    return { n: limit > 0 ? Math.min(total, limit) : total, ok: 1 };
  }
  let n = 0;
  for (const item of await readDocuments(context.engine, context.db, name, filter, {
    skip,
    limit,
    collation: args.collation,
    budget: context.budget,
  })) {
    if (item === PAUSE) await context.budget.pause();
    else n++;
  }
  return { n, ok: 1 };
}

/** The values at a dotted path, descending through arrays; a final array contributes its elements. */
export function valuesAtPath(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(value) ? value : [value];
  if (Array.isArray(value)) {
    const [head] = path;
    if (head !== undefined && /^\d+$/.test(head) && value.length > Number(head)) {
      return valuesAtPath(value[Number(head)], path.slice(1));
    }
    return value.flatMap((element) => (isDocument(element) ? valuesAtPath(element, path) : []));
  }
  if (!isDocument(value)) return [];
  const [head, ...rest] = path;
  if (head === undefined || !(head in value)) return [];
  return valuesAtPath(value[head], rest);
}

const DISTINCT_FIELDS = {
  distinct: required('collection'),
  key: required('string'),
  query: optional('object'),
  hint: optional('any'),
  collation: optional('object'),
  sampleId: IGNORED,
} as const;

async function distinct(
  args: ArgumentsOf<typeof DISTINCT_FIELDS>,
  context: CommandContext,
): Promise<Document> {
  const name = args.distinct;
  const { key } = args;
  const filter = args.query ?? {};
  const storage = context.engine.storage;
  const collection = storage.getCollection(context.db, name);
  checkHint(collection, args.hint);
  // The command's own collation wins; otherwise the collection's default one.
  const collation = args.collation ?? collection?.defaultCollation();
  // Under a case- or accent-insensitive collation, 'PING' and 'ping' are one value.
  const compare = collatingComparator(collatorOf(collationSpecOf(collation)));
  const path = key.split('.');
  const budget = context.budget;
  let values: unknown[] = [];
  let unique = 0;
  const documents = await readDocuments(context.engine, context.db, name, filter, {
    collation,
    budget,
  });
  for (const doc of documents) {
    if (doc === PAUSE) {
      await budget.pause();
      continue;
    }
    for (const value of valuesAtPath(doc, path)) if (value !== undefined) values.push(value);
    // Deduplicated by sorting whenever the list has doubled: O(n log n) for any number of values.
    if (values.length >= Math.max(1024, 2 * unique)) {
      values = await sortedUnique(values, compare, budget);
      unique = values.length;
    }
  }
  return { values: await sortedUnique(values, compare, budget), ok: 1 };
}

/** The values sorted, with the first of each run of equal values kept (the sort is stable). */
function sortedUnique(
  values: unknown[],
  compare: (a: unknown, b: unknown) => number,
  budget: TimeBudget,
): Promise<unknown[]> {
  return paced(
    (function* (): Steps<unknown[]> {
      const sorted = yield* sortPaced(values, compare, budget);
      const unique: unknown[] = [];
      for (let i = 0; i < sorted.length; i++) {
        if (i === 0 || compare(sorted[i - 1], sorted[i]) !== 0) unique.push(sorted[i]);
        if (budget.tick()) yield PAUSE;
      }
      return unique;
    })(),
    budget,
  );
}

export const countDistinctCommands: CommandList = [
  defineCommand('count', { help: 'count documents', fields: COUNT_FIELDS, run: count }),
  defineCommand('distinct', {
    help: "a field's distinct values",
    fields: DISTINCT_FIELDS,
    run: distinct,
  }),
];
