// count and distinct.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { collatingComparator, collationSpecOf, collatorOf } from '../query/index.js';
import { collectionName, isDocument, optionalDocument, optionalInteger } from './arguments.js';
import type { CommandContext, CommandTable } from './context.js';
import { readDocuments, viewOf } from './views.js';
import { checkHint } from './update-support.js';

function count(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'count');
  const filter = optionalDocument(command, 'query', 'count') ?? {};
  const skip = optionalInteger(command, 'skip', 'count') ?? 0;
  const limit = Math.abs(optionalInteger(command, 'limit', 'count') ?? 0);
  if (skip < 0)
    throw new MongoServerError(ErrorCode.BadValue, 'skip value is negative in count query');
  const storage = context.engine.storage;
  const collection = storage.getCollection(context.db, name);
  checkHint(collection, command.hint);
  if (!collection) return { n: 0, ok: 1 };
  const isView = viewOf(storage, context.db, name) !== undefined;
  if (Object.keys(filter).length === 0 && !isView) {
    const total = Math.max(0, collection.count() - skip);
    return { n: limit > 0 ? Math.min(total, limit) : total, ok: 1 };
  }
  let n = 0;
  for (const _ of readDocuments(storage, context.db, name, filter, {
    skip,
    limit,
    collation: optionalDocument(command, 'collation', 'count'),
  }))
    n++;
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

function distinct(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'distinct');
  const key = command.key;
  if (typeof key !== 'string')
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      "BSON field 'distinct.key' is the wrong type, expected type 'string'",
    );
  const filter = optionalDocument(command, 'query', 'distinct') ?? {};
  const storage = context.engine.storage;
  checkHint(storage.getCollection(context.db, name), command.hint);
  const collation = optionalDocument(command, 'collation', 'distinct');
  // Under a case- or accent-insensitive collation, 'PING' and 'ping' are one value.
  const compare = collatingComparator(collatorOf(collationSpecOf(collation)));
  const values: unknown[] = [];
  const path = key.split('.');
  for (const doc of readDocuments(storage, context.db, name, filter, { collation })) {
    for (const value of valuesAtPath(doc, path)) {
      if (value === undefined) continue;
      if (!values.some((seen) => compare(seen, value) === 0)) values.push(value);
    }
  }
  values.sort(compare);
  return { values, ok: 1 };
}

export const countDistinctCommands: CommandTable = { count, distinct };
