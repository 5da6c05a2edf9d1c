// Routes each command to its handler and turns every failure into MongoDB's error reply.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError, toServerError } from '../errors.js';
import { CloseConnection, type CommandHandler } from '../wire/types.js';
import { aggregateCommands } from './aggregate.js';
import { authenticationCommands } from './authentication.js';
import { bulkWriteCommands } from './bulk-write.js';
import { maxTimeOf, TimeBudget } from './budget.js';
import type { CommandImplementation, CommandTable, EngineState } from './context.js';
import { countDistinctCommands } from './count-distinct.js';
import { deleteCommands } from './delete.js';
import type { FailPoints } from './fail-points.js';
import { findAndModifyCommands } from './find-and-modify.js';
import { findCommands } from './find.js';
import { handshakeCommands } from './handshake.js';
import { indexCommands } from './indexes.js';
import { insertCommands } from './insert.js';
import { namespaceCommands } from './namespaces.js';
import { searchIndexCommands } from './search-indexes.js';
import { updateCommands } from './update.js';
import { validateCommands } from './validate.js';

const commandTable: CommandTable = {
  ...handshakeCommands,
  ...authenticationCommands,
  ...namespaceCommands,
  ...indexCommands,
  ...insertCommands,
  ...findCommands,
  ...updateCommands,
  ...deleteCommands,
  ...bulkWriteCommands,
  ...searchIndexCommands,
  ...findAndModifyCommands,
  ...countDistinctCommands,
  ...aggregateCommands,
  ...validateCommands,
};

export const supportedCommands: readonly string[] = Object.keys(commandTable);

const failPointCommand: CommandImplementation = (command, context) =>
  (context.engine.failPoints as FailPoints).configure(command);

/** Snapshot reads need a replica set's history; a standalone server refuses them. */
function refuseSnapshotReads(command: Document): void {
  const readConcern: unknown = command.readConcern;
  if (typeof readConcern !== 'object' || readConcern === null) return;
  if ((readConcern as Document).level !== 'snapshot') return;
  throw new MongoServerError(
    ErrorCode.InvalidOptions,
    "read concern level 'snapshot' needs a replica set; this server is a standalone",
  );
}

export function createCommandDispatcher(engine: EngineState): CommandHandler {
  return async (request, connection) => {
    const command: Document = request.command;
    const name = Object.keys(command)[0];
    try {
      if (name === undefined) throw new MongoServerError(ErrorCode.FailedToParse, 'empty command');
      const implementation = Object.hasOwn(commandTable, name)
        ? commandTable[name]
        : name === 'configureFailPoint' && engine.failPoints
          ? (failPointCommand as CommandImplementation)
          : undefined;
      if (!implementation) {
        throw new MongoServerError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
      }
      engine.authentication?.check(name, connection);
      if (command.startTransaction !== undefined || command.autocommit !== undefined) {
        // Transactions need a replica set; a standalone mongod answers exactly this.
        throw new MongoServerError(
          ErrorCode.IllegalOperation,
          'Transaction numbers are only allowed on a replica set member or mongos',
        );
      }
      refuseSnapshotReads(command);
      engine.sessions.touch(command);
      const writeConcernError = engine.failPoints?.intercept(name);
      const budget = new TimeBudget(maxTimeOf(command));
      budget.start();
      let reply: Document;
      try {
        reply = await implementation(command, {
          engine,
          db: request.db,
          request,
          connection,
          budget,
        });
      } finally {
        budget.stop();
      }
      return writeConcernError ? { ...reply, writeConcernError } : reply;
    } catch (error) {
      if (error instanceof CloseConnection) throw error;
      return toServerError(error).toReply();
    }
  };
}
