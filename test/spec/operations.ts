// Entity operations: finds the entity an operation names and hands it to the operations of its
// kind (collection, database, client, session, cursor, bucket).
import { bucketOperation } from './bucket-operations.js';
import { clientOperation } from './client-operations.js';
import { collectionOperation } from './collection-operations.js';
import { cursorOperation } from './cursor-operations.js';
import { databaseOperation } from './database-operations.js';
import type { EntityMap } from './entities.js';
import type { NestedRunner, OperationResult } from './operation-result.js';
import { sessionOperation } from './session-operations.js';
import { type Document, RunnerError } from './values.js';

export type { OperationResult } from './operation-result.js';

export async function runEntityOperation(
  objectId: string,
  name: string,
  args: Document,
  entities: EntityMap,
  runNested: NestedRunner,
): Promise<OperationResult> {
  switch (entities.kindOf(objectId)) {
    case 'collection':
      return collectionOperation(entities.collection(objectId), name, args, entities);
    case 'database':
      return databaseOperation(entities.database(objectId), name, args, entities);
    case 'client':
      return clientOperation(entities.client(objectId), name, args, entities);
    case 'session':
      return sessionOperation(objectId, name, args, entities, runNested);
    case 'cursor':
      return cursorOperation(objectId, name, entities);
    case 'bucket':
      return bucketOperation(entities.bucket(objectId), name, args, entities);
    case undefined:
      throw new RunnerError(`no entity named ${objectId}`);
    default:
      throw new RunnerError(`entity ${objectId} does not support operations`);
  }
}
