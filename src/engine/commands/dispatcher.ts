// Routes each command to its handler and turns every failure into MongoDB's error reply.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError, toServerError } from '../errors.js';
import { CloseConnection, type CommandHandler } from '../wire/types.js';
import { asNumber } from './arguments.js';
import { maxTimeOf, TimeBudget } from './budget.js';
import { commandNamed, helpReply, supportedCommands } from './command-list.js';
import type { CommandImplementation, EngineState } from './context.js';
import type { FailPoints } from './fail-points.js';

export { supportedCommands };

const failPointCommand: CommandImplementation = (command, context) =>
  (context.engine.failPoints as FailPoints).configure(command);

const isTrue = (value: unknown): boolean => value === true || (asNumber(value) ?? 0) !== 0;

/** Transactions and snapshot reads need a replica set; a standalone server refuses them. */
function refuseStandaloneOnly(command: Document): void {
  if (command.startTransaction !== undefined || command.autocommit !== undefined) {
    // A standalone mongod answers exactly this.
    throw new MongoServerError(
      ErrorCode.IllegalOperation,
      'Transaction numbers are only allowed on a replica set member or mongos',
    );
  }
  const readConcern: unknown = command.readConcern;
  if (typeof readConcern !== 'object' || readConcern === null) return;
  if ((readConcern as Document).level !== 'snapshot') return;
  throw new MongoServerError(
    ErrorCode.InvalidOptions,
    "read concern level 'snapshot' needs a replica set; this server is a standalone",
  );
}

export function createCommandDispatcher(engine: EngineState): CommandHandler {
  const dispatch = answer(engine);
  const log = engine.log;
  if (!log) return dispatch;
  return async (request, connection) => {
    const started = performance.now();
    const reply = await dispatch(request, connection);
    const command = request.command;
    log.command({
      connectionId: connection.id,
      name: Object.keys(command)[0] ?? '',
      db: request.db,
      command,
      reply,
      durationMillis: performance.now() - started,
    });
    return reply;
  };
}

function answer(engine: EngineState): CommandHandler {
  return async (request, connection) => {
    const command: Document = request.command;
    const name = Object.keys(command)[0];
    try {
      if (name === undefined) throw new MongoServerError(ErrorCode.FailedToParse, 'empty command');
      const definition = commandNamed(name);
      const implementation =
        definition?.implementation ??
        (name === 'configureFailPoint' && engine.failPoints ? failPointCommand : undefined);
      if (!implementation) {
        throw new MongoServerError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
      }
      engine.authentication?.check(name, connection);
      if (definition && isTrue(command.help)) return helpReply(name, definition);
      const execute = async (state: EngineState): Promise<Document> => {
        const budget = new TimeBudget(maxTimeOf(command));
        budget.start();
        try {
          return await implementation(command, {
            engine: state,
            db: request.db,
            request,
            connection,
            budget,
          });
        } finally {
          budget.stop();
        }
      };
      engine.sessions.touch(command);
      const transactions = engine.transactions;
      if (transactions) {
        return await transactions.run({
          name,
          command,
          engine,
          execute,
          intercept: async () => engine.failPoints?.intercept(name),
          afterRetryableWrite: () => engine.failPoints?.transactionalWriteHook(false),
          beforeRetryableWrite: () => engine.failPoints?.transactionalWriteHook(true),
        });
      }
      refuseStandaloneOnly(command);
      const extras = await engine.failPoints?.intercept(name);
      return { ...(await execute(engine)), ...extras };
    } catch (error) {
      if (error instanceof CloseConnection) throw error;
      return toServerError(error).toReply();
    }
  };
}
