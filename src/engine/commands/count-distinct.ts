// count and distinct.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { compareValues } from '../query/index.js';
import { collectionName, isDocument, optionalDocument, optionalInteger } from './arguments.js';
import type { CommandContext, CommandTable } from './context.js';
import { selectDocuments } from './query-executor.js';
import { checkHint } from './update-support.js';

function count(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'count');
  const filter = optionalDocument(command, 'query', 'count') ?? {};
  const skip = optionalInteger(command, 'skip', 'count') ?? 0;
  const limit = Math.abs(optionalInteger(command, 'limit', 'count') ?? 0);
  if (skip < 0) throw new MongoServerError(ErrorCode.BadValue, 'skip value is negative in count query');
  const collection = context.engine.storage.getCollection(context.db, name);
  checkHint(collection, command.hint);
  if (!collection) return { n: 0, ok: 1 };
  if (Object.keys(filter).length === 0) {
    const total = Math.max(0, collection.count() - skip);
    return { n: limit > 0 ? Math.min(total, limit) : total, ok: 1 };
  }
  let n = 0;
  for (const _ of selectDocuments(collection, filter, { skip, limit, collation: optionalDocument(command, 'collation', 'count') })) n++;
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
  if (typeof key !== 'string') throw new MongoServerError(ErrorCode.TypeMismatch, "BSON field 'distinct.key' is the wrong type, expected type 'string'");
  const filter = optionalDocument(command, 'query', 'distinct') ?? {};
  const collection = context.engine.storage.getCollection(context.db, name);
  checkHint(collection, command.hint);
  const values: unknown[] = [];
  const path = key.split('.');
  for (const { doc } of selectDocuments(collection, filter, { collation: optionalDocument(command, 'collation', 'distinct') })) {
    for (const value of valuesAtPath(doc, path)) {
      if (value === undefined) continue;
      if (!values.some((seen) => compareValues(seen, value) === 0)) values.push(value);
    }
  }
  values.sort(compareValues);
  return { values, ok: 1 };
}

export const countDistinctCommands: CommandTable = { count, distinct };
