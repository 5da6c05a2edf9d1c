// What mongod runs inside a multi-document transaction; anything else is refused with
// OperationNotSupportedInTransaction (263), as mongod does.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { isDocument } from '../commands/arguments.js';

const ALLOWED = new Set([
  'find',
  'getMore',
  'killCursors',
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'aggregate',
  'distinct',
  'bulkWrite',
  'create',
  'createIndexes',
  'hello',
  'isMaster',
  'ismaster',
  'ping',
  'buildInfo',
  'buildinfo',
  'connectionStatus',
  'saslStart',
  'saslContinue',
  'whatsmyuri',
]);

function refuse(message: string): never {
  throw new MongoServerError(ErrorCode.OperationNotSupportedInTransaction, message);
}

export function refuseInTransaction(name: string, command: Document): void {
  if (!ALLOWED.has(name)) refuse(`Cannot run '${name}' in a multi-document transaction.`);
  const pipeline: unknown = command.pipeline;
  if (name === 'aggregate' && Array.isArray(pipeline)) {
    for (const stage of pipeline) {
      if (isDocument(stage) && ('$out' in stage || '$merge' in stage)) {
        refuse(`${'$out' in stage ? '$out' : '$merge'} cannot be used in a transaction`);
      }
    }
  }
  if (isDocument(command.writeConcern)) {
    throw new MongoServerError(
      ErrorCode.InvalidOptions,
      'Cannot set write concern after starting a transaction.',
    );
  }
  if (command.startTransaction !== true && isDocument(command.readConcern)) {
    throw new MongoServerError(
      ErrorCode.InvalidOptions,
      'Only the first command in a transaction may specify a readConcern',
    );
  }
}
