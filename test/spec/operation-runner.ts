// Runs one operation of a test: the call (entity or testRunner), then expectError, expectResult
// and saveResultAsEntity. Nested lists (withTransaction callbacks, loops, threads) use it too.
import { AbstractCursor, type MongoClient } from 'mongodb';
import type { EntityMap } from './entities.js';
import { checkExpectedError } from './expected-error.js';
import { formatMismatch, matchResult } from './matcher.js';
import { type OperationResult, runEntityOperation } from './operations.js';
import { type ConfiguredFailPoint, runSpecialOperation } from './special-operations.js';
import {
  AssertionFailure,
  asArray,
  asDocument,
  asString,
  describe,
  type Document,
  RunnerError,
  TestFailure,
} from './values.js';

export class OperationTimeout extends RunnerError {
  override name = 'OperationTimeout';
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OperationTimeout(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface OperationContext {
  entities: EntityMap;
  internalClient: MongoClient;
  failPoints: ConfiguredFailPoint[];
  timeoutMS: number;
  loopsStopped(): boolean;
}

/** testRunner operations may wait up to 10 s themselves (waitForEvent...): more room. */
const SPECIAL_TIMEOUT_FACTOR = 2;

function call(op: Document, context: OperationContext): Promise<OperationResult> {
  const object = asString(op.object, 'operation.object');
  const name = asString(op.name, 'operation.name');
  const args = op.arguments === undefined ? {} : asDocument(op.arguments, 'arguments');
  // A withTransaction callback's errors reach withTransaction whatever the callback expected.
  const runNested = async (operations: unknown[]) => {
    for (const nested of operations) {
      await runOperation(asDocument(nested, 'operation'), context, true);
    }
  };
  if (object === 'testRunner') {
    const special = {
      ...context,
      runOperation: (nested: Document) => runOperation(nested, context),
    };
    const running = runSpecialOperation(name, args, special).then(() => ({
      result: undefined,
      resultIsDocumentList: false,
    }));
    return withTimeout(running, context.timeoutMS * SPECIAL_TIMEOUT_FACTOR, name);
  }
  const running = runEntityOperation(object, name, args, context.entities, runNested);
  return withTimeout(running, context.timeoutMS, name);
}

/**
 * Runs `op` and checks its expectations. With `propagate`, an error the operation raised is
 * raised again once its expectation held (withTransaction must see it).
 */
export async function runOperation(
  op: Document,
  context: OperationContext,
  propagate = false,
): Promise<void> {
  let outcome: OperationResult | undefined;
  let error: unknown;
  try {
    outcome = await call(op, context);
  } catch (caught) {
    error = caught;
  }
  if (error instanceof AssertionFailure || error instanceof RunnerError) throw error;
  if (op.ignoreResultAndError === true) {
    if (propagate && error !== undefined) throw error;
    return;
  }
  if (op.expectError !== undefined) {
    if (error === undefined) {
      throw new TestFailure(`expected an error, got result ${describe(outcome?.result)}`);
    }
    const expected = asDocument(op.expectError, 'expectError');
    const problem = checkExpectedError(expected, error, context.entities);
    if (problem) throw new TestFailure(`expectError: ${problem}`);
    if (propagate) throw error;
    return;
  }
  if (error !== undefined) {
    // Inside a withTransaction callback the error itself must reach withTransaction.
    if (propagate) throw error;
    throw new TestFailure(`unexpected error: ${errorText(error)}`, { cause: error });
  }
  checkResult(op, outcome, context.entities);
}

function checkResult(
  op: Document,
  outcome: OperationResult | undefined,
  entities: EntityMap,
): void {
  const result = outcome?.result;
  if (op.expectResult !== undefined) {
    const isList = outcome?.resultIsDocumentList ?? false;
    const mismatch = matchResult(op.expectResult, result, entities, isList);
    if (mismatch) throw new TestFailure(`expectResult ${formatMismatch(mismatch)}`);
  }
  if (op.saveResultAsEntity === undefined) return;
  const id = asString(op.saveResultAsEntity, 'saveResultAsEntity');
  if (outcome?.cursor) entities.saveCursor(id, outcome.cursor);
  else if (result instanceof AbstractCursor)
    entities.saveCursor(id, { cursor: result, buffered: [] });
  else entities.saveValue(id, result);
}

/** Runs a test's (or a callback's) operation list, labelling a failure with its position. */
export async function runOperations(operations: unknown, context: OperationContext): Promise<void> {
  for (const [index, operation] of asArray(operations, 'operations').entries()) {
    const op = asDocument(operation, 'operation');
    const label = `operations[${index}] ${String(op.object)}.${String(op.name)}`;
    try {
      await runOperation(op, context);
    } catch (error) {
      throw new TestFailure(`${label}: ${errorText(error)}`, { cause: error });
    }
  }
}

export function errorText(error: unknown): string {
  if (error instanceof TestFailure) return error.message;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${code === undefined ? '' : ` (code ${String(code)})`}: ${error.message}`;
  }
  return describe(error);
}
