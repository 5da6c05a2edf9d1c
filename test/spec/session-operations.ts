// Session operations: transactions (explicit and withTransaction) and endSession.
import type { ClientSession, TransactionOptions } from 'mongodb';
import type { EntityMap } from './entities.js';
import { type NestedRunner, type OperationResult, value } from './operation-result.js';
import { transactionOptionsOf } from './options.js';
import { asArray, type Document, RunnerError } from './values.js';

export async function sessionOperation(
  sessionId: string,
  name: string,
  args: Document,
  entities: EntityMap,
  runNested: NestedRunner,
): Promise<OperationResult> {
  const session = entities.session(sessionId);
  switch (name) {
    case 'endSession':
      await session.endSession();
      return value(undefined);
    case 'startTransaction':
      session.startTransaction(transactionOptionsOf(args) as TransactionOptions);
      return value(undefined);
    case 'commitTransaction':
      await session.commitTransaction(commitOptions(args));
      return value(undefined);
    case 'abortTransaction':
      await session.abortTransaction();
      return value(undefined);
    case 'withTransaction':
      return value(await withTransaction(session, args, runNested));
    default:
      throw new RunnerError(`unsupported session operation ${name}`);
  }
}

function commitOptions(args: Document): { timeoutMS?: number } {
  const { timeoutMS, ...rest } = args;
  if (Object.keys(rest).length > 0) {
    throw new RunnerError(`unsupported commitTransaction argument ${Object.keys(rest).join(', ')}`);
  }
  return timeoutMS === undefined ? {} : { timeoutMS: Number(timeoutMS) };
}

/** The callback is a list of operations; their errors propagate to withTransaction. */
async function withTransaction(
  session: ClientSession,
  args: Document,
  runNested: NestedRunner,
): Promise<unknown> {
  const { callback, ...options } = args;
  const operations = asArray(callback, 'withTransaction.callback');
  const result = await session.withTransaction(
    () => runNested(operations),
    transactionOptionsOf(options) as TransactionOptions,
  );
  return result ?? undefined;
}
