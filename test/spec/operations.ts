// Entity operations: maps the spec's operation names and arguments onto the Node driver's API.
import type {
  AnyBulkWriteOperation,
  AnyClientBulkWriteModel,
  Collection,
  Db,
  IndexSpecification,
  MongoClient,
  WriteConcern,
} from 'mongodb';
import { type EntityMap, readConcernOf, readPreferenceOf, writeConcernOf } from './entities.js';
import * as results from './results.js';
import {
  asArray,
  asDocument,
  asString,
  type Document,
  isDocument,
  toNumber,
  RunnerError,
} from './values.js';

export interface OperationResult {
  result: unknown;
  /** find/aggregate/list* results: each document in an expected array is matched as a root. */
  resultIsDocumentList: boolean;
}

function value(result: unknown): OperationResult {
  return { result, resultIsDocumentList: false };
}

function documentList(result: Document[]): OperationResult {
  return { result, resultIsDocumentList: true };
}

/** Option names the runner passes through to the driver unchanged. */
const PASS_THROUGH_OPTIONS = new Set([
  'allowDiskUse',
  'arrayFilters',
  'authorizedDatabases',
  'bypassDocumentValidation',
  'collation',
  'comment',
  'dropTarget',
  'hint',
  'let',
  'nameOnly',
  'ordered',
  'projection',
  'rawData',
  'sort',
  'upsert',
  'verboseResults',
  'unique',
  'name',
  'sparse',
  'expireAfterSeconds',
]);

const NUMERIC_OPTIONS = new Set([
  'batchSize',
  'limit',
  'skip',
  'maxTimeMS',
  'maxAwaitTimeMS',
  'timeoutMS',
]);

/**
 * Splits an operation's arguments into the positional ones the caller names and a driver options
 * object; any argument the runner does not understand is an error, as the spec requires.
 */
function splitArguments(
  args: Document,
  positional: readonly string[],
  entities: EntityMap,
): { positional: Document; options: Document } {
  const named: Document = {};
  const options: Document = {};
  for (const [key, raw] of Object.entries(args)) {
    if (positional.includes(key)) named[key] = raw;
    else if (key === 'session') options.session = entities.session(asString(raw, 'session'));
    else if (key === 'returnDocument') {
      options.returnDocument = asString(raw, 'returnDocument').toLowerCase();
    } else if (key === 'writeConcern') options.writeConcern = writeConcernOf(raw);
    else if (key === 'readConcern') options.readConcern = readConcernOf(raw);
    else if (key === 'readPreference') options.readPreference = readPreferenceOf(raw);
    else if (NUMERIC_OPTIONS.has(key)) options[key] = toNumber(raw, key);
    else if (PASS_THROUGH_OPTIONS.has(key)) options[key] = raw;
    else throw new RunnerError(`unsupported argument ${key}`);
  }
  return { positional: named, options };
}

function isAcknowledged(options: Document, fallback: WriteConcern | undefined): boolean {
  const writeConcern = (options.writeConcern as WriteConcern | undefined) ?? fallback;
  return writeConcern?.w !== 0;
}

export async function runEntityOperation(
  objectId: string,
  name: string,
  args: Document,
  entities: EntityMap,
): Promise<OperationResult> {
  switch (entities.kindOf(objectId)) {
    case 'collection':
      return collectionOperation(entities.collection(objectId), name, args, entities);
    case 'database':
      return databaseOperation(entities.database(objectId), name, args, entities);
    case 'client':
      return clientOperation(entities.client(objectId), name, args, entities);
    case 'session':
      return sessionOperation(objectId, name, entities);
    case 'cursor':
      return cursorOperation(objectId, name, entities);
    case undefined:
      throw new RunnerError(`no entity named ${objectId}`);
    default:
      throw new RunnerError(`entity ${objectId} does not support operations`);
  }
}

async function collectionOperation(
  collection: Collection<Document>,
  name: string,
  args: Document,
  entities: EntityMap,
): Promise<OperationResult> {
  const split = (positional: readonly string[]) => splitArguments(args, positional, entities);
  const filterOf = (p: Document) => (p.filter === undefined ? {} : asDocument(p.filter, 'filter'));
  switch (name) {
    case 'aggregate': {
      const { positional, options } = split(['pipeline']);
      const pipeline = asArray(positional.pipeline, 'pipeline') as Document[];
      return documentList(await collection.aggregate(pipeline, options).toArray());
    }
    case 'bulkWrite': {
      const { positional, options } = split(['requests']);
      const requests = asArray(
        positional.requests,
        'requests',
      ) as AnyBulkWriteOperation<Document>[];
      const result = await collection.bulkWrite(requests, options);
      return value(
        results.bulkWriteResult(result, isAcknowledged(options, collection.writeConcern)),
      );
    }
    case 'countDocuments': {
      const { positional, options } = split(['filter']);
      return value(await collection.countDocuments(filterOf(positional), options));
    }
    case 'estimatedDocumentCount':
      return value(await collection.estimatedDocumentCount(split([]).options));
    case 'deleteMany':
    case 'deleteOne': {
      const { positional, options } = split(['filter']);
      const filter = filterOf(positional);
      const result =
        name === 'deleteOne'
          ? await collection.deleteOne(filter, options)
          : await collection.deleteMany(filter, options);
      return value(results.deleteResult(result));
    }
    case 'distinct': {
      const { positional, options } = split(['fieldName', 'filter']);
      const field = asString(positional.fieldName, 'fieldName');
      return value(await collection.distinct(field, filterOf(positional), options));
    }
    case 'find': {
      const { positional, options } = split(['filter']);
      return documentList(await collection.find(filterOf(positional), options).toArray());
    }
    case 'findOne': {
      const { positional, options } = split(['filter']);
      return value(await collection.findOne(filterOf(positional), options));
    }
    case 'createFindCursor': {
      const { positional, options } = split(['filter']);
      // The spec wants the server-side cursor to exist once this operation returns.
      const cursor = collection.find(filterOf(positional), options);
      await cursor.hasNext();
      return value(cursor);
    }
    case 'findOneAndDelete': {
      const { positional, options } = split(['filter']);
      return value(await collection.findOneAndDelete(filterOf(positional), options));
    }
    case 'findOneAndReplace': {
      const { positional, options } = split(['filter', 'replacement']);
      const replacement = asDocument(positional.replacement, 'replacement');
      return value(await collection.findOneAndReplace(filterOf(positional), replacement, options));
    }
    case 'findOneAndUpdate': {
      const { positional, options } = split(['filter', 'update']);
      const update = positional.update as Document | Document[];
      return value(await collection.findOneAndUpdate(filterOf(positional), update, options));
    }
    case 'insertMany': {
      const { positional, options } = split(['documents']);
      const documents = asArray(positional.documents, 'documents') as Document[];
      return value(results.insertManyResult(await collection.insertMany(documents, options)));
    }
    case 'insertOne': {
      const { positional, options } = split(['document']);
      const document = asDocument(positional.document, 'document');
      return value(results.insertOneResult(await collection.insertOne(document, options)));
    }
    case 'replaceOne': {
      const { positional, options } = split(['filter', 'replacement']);
      const replacement = asDocument(positional.replacement, 'replacement');
      const result = await collection.replaceOne(filterOf(positional), replacement, options);
      return value(results.updateResult(result));
    }
    case 'updateMany':
    case 'updateOne': {
      const { positional, options } = split(['filter', 'update']);
      const update = positional.update as Document | Document[];
      const result =
        name === 'updateOne'
          ? await collection.updateOne(filterOf(positional), update, options)
          : await collection.updateMany(filterOf(positional), update, options);
      return value(results.updateResult(result));
    }
    case 'createIndex': {
      const { positional, options } = split(['keys']);
      const keys = asDocument(positional.keys, 'keys') as IndexSpecification;
      return value(await collection.createIndex(keys, options));
    }
    case 'dropIndex': {
      const { positional, options } = split(['name']);
      return value(await collection.dropIndex(asString(positional.name, 'name'), options));
    }
    case 'dropIndexes':
      return value(await collection.dropIndexes(split([]).options));
    case 'listIndexes':
      return documentList(await collection.listIndexes(split([]).options).toArray());
    case 'rename': {
      const { positional, options } = split(['to']);
      await collection.rename(asString(positional.to, 'to'), options);
      return value(undefined);
    }
    case 'drop':
      return value(await collection.drop(split([]).options));
    default:
      throw new RunnerError(`unsupported collection operation ${name}`);
  }
}

async function databaseOperation(
  db: Db,
  name: string,
  args: Document,
  entities: EntityMap,
): Promise<OperationResult> {
  const split = (positional: readonly string[]) => splitArguments(args, positional, entities);
  switch (name) {
    case 'aggregate': {
      const { positional, options } = split(['pipeline']);
      const pipeline = asArray(positional.pipeline, 'pipeline') as Document[];
      return documentList(await db.aggregate(pipeline, options).toArray());
    }
    case 'createCollection': {
      // Collection creation options are many and map 1:1 onto the create command; pass them on.
      const { collection, session, ...options } = args;
      const sessionOption = session
        ? { session: entities.session(asString(session, 'session')) }
        : {};
      await db.createCollection(asString(collection, 'collection'), {
        ...options,
        ...sessionOption,
      });
      return value(undefined);
    }
    case 'dropCollection': {
      const { positional, options } = split(['collection']);
      return value(await db.dropCollection(asString(positional.collection, 'collection'), options));
    }
    case 'listCollections': {
      const { positional, options } = split(['filter']);
      const filter = positional.filter === undefined ? {} : asDocument(positional.filter, 'filter');
      return documentList(await db.listCollections(filter, options).toArray());
    }
    case 'listCollectionNames': {
      const { positional, options } = split(['filter']);
      const filter = positional.filter === undefined ? {} : asDocument(positional.filter, 'filter');
      const collections = await db
        .listCollections(filter, { ...options, nameOnly: true })
        .toArray();
      return value(collections.map((collection) => collection.name));
    }
    case 'runCommand': {
      const { positional, options } = split(['command', 'commandName']);
      return value(await db.command(asDocument(positional.command, 'command'), options));
    }
    case 'modifyCollection': {
      // No driver helper: the spec defines it as the collMod command.
      const { collection, session, ...changes } = args;
      const sessionOption = session
        ? { session: entities.session(asString(session, 'session')) }
        : {};
      const command = { collMod: asString(collection, 'collection'), ...changes };
      return value(await db.command(command, sessionOption));
    }
    default:
      throw new RunnerError(`unsupported database operation ${name}`);
  }
}

async function clientOperation(
  client: MongoClient,
  name: string,
  args: Document,
  entities: EntityMap,
): Promise<OperationResult> {
  const split = (positional: readonly string[]) => splitArguments(args, positional, entities);
  switch (name) {
    case 'listDatabases':
    case 'listDatabaseNames': {
      const { positional, options } = split(['filter']);
      if (positional.filter !== undefined) options.filter = positional.filter;
      const listing = await client.db('admin').admin().listDatabases(options);
      const databases = listing.databases as unknown as Document[];
      if (name === 'listDatabases') return documentList(databases);
      return value(databases.map((database) => database.name));
    }
    case 'clientBulkWrite': {
      const { positional, options } = split(['models']);
      const models = asArray(positional.models, 'models').map(clientBulkWriteModel);
      return value(results.clientBulkWriteResult(await client.bulkWrite(models, options)));
    }
    default:
      throw new RunnerError(`unsupported client operation ${name}`);
  }
}

/** `{ insertOne: { namespace, document } }` in the spec is `{ name: 'insertOne', ... }` here. */
function clientBulkWriteModel(model: unknown): AnyClientBulkWriteModel<Document> {
  const [kind, body] = Object.entries(asDocument(model, 'clientBulkWrite model'))[0] ?? [];
  if (!isDocument(body)) throw new RunnerError(`malformed clientBulkWrite model ${String(kind)}`);
  const known = ['insertOne', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany'];
  if (kind === undefined || !known.includes(kind)) {
    throw new RunnerError(`unsupported clientBulkWrite model ${String(kind)}`);
  }
  return { name: kind, ...body } as unknown as AnyClientBulkWriteModel<Document>;
}

async function sessionOperation(
  sessionId: string,
  name: string,
  entities: EntityMap,
): Promise<OperationResult> {
  const session = entities.session(sessionId);
  switch (name) {
    case 'endSession':
      await session.endSession();
      return value(undefined);
    case 'startTransaction':
      session.startTransaction();
      return value(undefined);
    case 'commitTransaction':
      await session.commitTransaction();
      return value(undefined);
    case 'abortTransaction':
      await session.abortTransaction();
      return value(undefined);
    default:
      throw new RunnerError(`unsupported session operation ${name}`);
  }
}

async function cursorOperation(
  cursorId: string,
  name: string,
  entities: EntityMap,
): Promise<OperationResult> {
  const cursor = entities.cursor(cursorId);
  switch (name) {
    case 'iterateUntilDocumentOrError': {
      const document = await cursor.next();
      if (document === null) throw new RunnerError('cursor is exhausted');
      return value(document);
    }
    case 'iterateOnce':
      return value((await cursor.tryNext()) ?? undefined);
    case 'close':
      await cursor.close();
      return value(undefined);
    default:
      throw new RunnerError(`unsupported cursor operation ${name}`);
  }
}
