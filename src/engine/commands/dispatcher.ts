// Routes each command to its handler and turns every failure into MongoDB's error reply.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError, toServerError } from '../errors.js';
import type { CommandHandler } from '../wire/types.js';
import { aggregateCommands } from './aggregate.js';
import type { CommandTable, EngineState } from './context.js';
import { countDistinctCommands } from './count-distinct.js';
import { deleteCommands } from './delete.js';
import { findAndModifyCommands } from './find-and-modify.js';
import { findCommands } from './find.js';
import { handshakeCommands } from './handshake.js';
import { indexCommands } from './indexes.js';
import { insertCommands } from './insert.js';
import { namespaceCommands } from './namespaces.js';
import { updateCommands } from './update.js';

const commandTable: CommandTable = {
  ...handshakeCommands,
  ...namespaceCommands,
  ...indexCommands,
  ...insertCommands,
  ...findCommands,
  ...updateCommands,
  ...deleteCommands,
  ...findAndModifyCommands,
  ...countDistinctCommands,
  ...aggregateCommands,
};

export const supportedCommands: readonly string[] = Object.keys(commandTable);

export function createCommandDispatcher(engine: EngineState): CommandHandler {
  return async (request, connection) => {
    const command: Document = request.command;
    const name = Object.keys(command)[0];
    try {
      if (name === undefined) throw new MongoServerError(ErrorCode.FailedToParse, 'empty command');
      const implementation = Object.hasOwn(commandTable, name) ? commandTable[name] : undefined;
      if (!implementation) {
        throw new MongoServerError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
      }
      if (command.startTransaction !== undefined || command.autocommit !== undefined) {
        // Transactions need a replica set; a standalone mongod answers exactly this.
        throw new MongoServerError(
          ErrorCode.IllegalOperation,
          'Transaction numbers are only allowed on a replica set member or mongos',
        );
      }
      engine.sessions.touch(command);
      return await implementation(command, { engine, db: request.db, request, connection });
    } catch (error) {
      return toServerError(error).toReply();
    }
  };
}
