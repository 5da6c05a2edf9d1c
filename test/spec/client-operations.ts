// Client operations: database enumeration, client bulk write, change streams, close.
import type { AnyClientBulkWriteModel, MongoClient } from 'mongodb';
import { splitArguments } from './arguments.js';
import { openChangeStream } from './cursor-operations.js';
import type { EntityMap } from './entities.js';
import { type OperationResult, cursorResult, documentList, value } from './operation-result.js';
import * as results from './results.js';
import { asArray, asDocument, type Document, isDocument, RunnerError } from './values.js';

export async function clientOperation(
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
      if (name === 'listDatabaseNames') options.nameOnly = true;
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
    case 'createChangeStream': {
      const { positional, options } = split(['pipeline']);
      const pipeline = (positional.pipeline ?? []) as Document[];
      return cursorResult(await openChangeStream(client.watch(pipeline, options)));
    }
    case 'close':
      await client.close();
      return value(undefined);
    default:
      throw new RunnerError(`unsupported client operation ${name}`);
  }
}

const MODEL_KINDS = [
  'insertOne',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
];

/** `{ insertOne: { namespace, document } }` in the spec is `{ name: 'insertOne', ... }` here. */
function clientBulkWriteModel(model: unknown): AnyClientBulkWriteModel<Document> {
  const [kind, body] = Object.entries(asDocument(model, 'clientBulkWrite model'))[0] ?? [];
  if (!isDocument(body)) throw new RunnerError(`malformed clientBulkWrite model ${String(kind)}`);
  if (kind === undefined || !MODEL_KINDS.includes(kind)) {
    throw new RunnerError(`unsupported clientBulkWrite model ${String(kind)}`);
  }
  return { name: kind, ...body } as unknown as AnyClientBulkWriteModel<Document>;
}
