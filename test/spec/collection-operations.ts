// Collection operations on the driver: CRUD and change streams here, indexes and namespaces in
// index-operations.ts.
import type { AnyBulkWriteOperation, Collection, WriteConcern } from 'mongodb';
import { type SplitArguments, splitArguments } from './arguments.js';
import { openChangeStream } from './cursor-operations.js';
import type { EntityMap } from './entities.js';
import { indexHandlers } from './index-operations.js';
import { type OperationResult, cursorResult, documentList, value } from './operation-result.js';
import * as results from './results.js';
import { asArray, asDocument, asString, type Document, RunnerError } from './values.js';

export type Handler = (
  collection: Collection<Document>,
  split: (positional: readonly string[]) => SplitArguments,
) => Promise<OperationResult>;

const filterOf = (p: Document) => (p.filter === undefined ? {} : asDocument(p.filter, 'filter'));

function isAcknowledged(options: Document, fallback: WriteConcern | undefined): boolean {
  const writeConcern = (options.writeConcern as WriteConcern | undefined) ?? fallback;
  return writeConcern?.w !== 0;
}

const READS: Record<string, Handler> = {
  aggregate: async (collection, split) => {
    const { positional, options } = split(['pipeline']);
    const pipeline = asArray(positional.pipeline, 'pipeline') as Document[];
    return documentList(await collection.aggregate(pipeline, options).toArray());
  },
  count: async (collection, split) => {
    const { positional, options } = split(['filter']);
    return value(await collection.count(filterOf(positional), options));
  },
  countDocuments: async (collection, split) => {
    const { positional, options } = split(['filter']);
    return value(await collection.countDocuments(filterOf(positional), options));
  },
  estimatedDocumentCount: async (collection, split) =>
    value(await collection.estimatedDocumentCount(split([]).options)),
  distinct: async (collection, split) => {
    const { positional, options } = split(['fieldName', 'filter']);
    const field = asString(positional.fieldName, 'fieldName');
    return value(await collection.distinct(field, filterOf(positional), options));
  },
  find: async (collection, split) => {
    const { positional, options } = split(['filter']);
    return documentList(await collection.find(filterOf(positional), options).toArray());
  },
  findOne: async (collection, split) => {
    const { positional, options } = split(['filter']);
    return value(await collection.findOne(filterOf(positional), options));
  },
  createFindCursor: async (collection, split) => {
    const { positional, options } = split(['filter']);
    // The spec wants the server-side cursor to exist once this operation returns; hasNext()
    // sends find without consuming a document.
    const cursor = collection.find(filterOf(positional), options);
    await cursor.hasNext();
    return cursorResult({ cursor, buffered: [] });
  },
  createChangeStream: async (collection, split) => {
    const { positional, options } = split(['pipeline']);
    const pipeline = (positional.pipeline ?? []) as Document[];
    return cursorResult(await openChangeStream(collection.watch(pipeline, options)));
  },
};

const WRITES: Record<string, Handler> = {
  bulkWrite: async (collection, split) => {
    const { positional, options } = split(['requests']);
    const requests = asArray(positional.requests, 'requests') as AnyBulkWriteOperation<Document>[];
    const result = await collection.bulkWrite(requests, options);
    const acknowledged = isAcknowledged(options, collection.writeConcern);
    return value(results.bulkWriteResult(result, acknowledged));
  },
  deleteOne: async (collection, split) => {
    const { positional, options } = split(['filter']);
    return value(results.deleteResult(await collection.deleteOne(filterOf(positional), options)));
  },
  deleteMany: async (collection, split) => {
    const { positional, options } = split(['filter']);
    return value(results.deleteResult(await collection.deleteMany(filterOf(positional), options)));
  },
  findOneAndDelete: async (collection, split) => {
    const { positional, options } = split(['filter']);
    return value(await collection.findOneAndDelete(filterOf(positional), options));
  },
  findOneAndReplace: async (collection, split) => {
    const { positional, options } = split(['filter', 'replacement']);
    const replacement = asDocument(positional.replacement, 'replacement');
    return value(await collection.findOneAndReplace(filterOf(positional), replacement, options));
  },
  findOneAndUpdate: async (collection, split) => {
    const { positional, options } = split(['filter', 'update']);
    const update = positional.update as Document | Document[];
    return value(await collection.findOneAndUpdate(filterOf(positional), update, options));
  },
  insertMany: async (collection, split) => {
    const { positional, options } = split(['documents']);
    const documents = asArray(positional.documents, 'documents') as Document[];
    return value(results.insertManyResult(await collection.insertMany(documents, options)));
  },
  insertOne: async (collection, split) => {
    const { positional, options } = split(['document']);
    const document = asDocument(positional.document, 'document');
    return value(results.insertOneResult(await collection.insertOne(document, options)));
  },
  replaceOne: async (collection, split) => {
    const { positional, options } = split(['filter', 'replacement']);
    const replacement = asDocument(positional.replacement, 'replacement');
    const result = await collection.replaceOne(filterOf(positional), replacement, options);
    return value(results.updateResult(result));
  },
  updateOne: async (collection, split) => {
    const { positional, options } = split(['filter', 'update']);
    const update = positional.update as Document | Document[];
    const result = await collection.updateOne(filterOf(positional), update, options);
    return value(results.updateResult(result));
  },
  updateMany: async (collection, split) => {
    const { positional, options } = split(['filter', 'update']);
    const update = positional.update as Document | Document[];
    const result = await collection.updateMany(filterOf(positional), update, options);
    return value(results.updateResult(result));
  },
};

const HANDLERS: Record<string, Handler> = { ...READS, ...WRITES, ...indexHandlers };

export async function collectionOperation(
  collection: Collection<Document>,
  name: string,
  args: Document,
  entities: EntityMap,
): Promise<OperationResult> {
  const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
  if (!handler) throw new RunnerError(`unsupported collection operation ${name}`);
  return handler(collection, (positional) => splitArguments(args, positional, entities));
}
