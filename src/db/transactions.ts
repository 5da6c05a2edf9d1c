// Multi-document writes in a transaction where the deployment has them (replica sets, Atlas,
// the embedded engine, a one-member replica set), and plainly where it does not (a standalone
// mongod): callers order their writes so that a plain run interrupted halfway can simply be
// run again.
import type { ClientSession, Connection } from 'mongoose';

/** Standalone servers refuse transactions with this code. */
const ILLEGAL_OPERATION = 20;

function transactionsUnsupported(error: unknown): boolean {
  // The driver rewraps the server's code-20 answer as a "retryable writes" error without a
  // code, keeping the server's error as originalError.
  const { code, message, originalError } = error as {
    code?: unknown;
    message?: unknown;
    originalError?: unknown;
  };
  if (code === ILLEGAL_OPERATION) return true;
  if (originalError !== undefined && originalError !== error) {
    if (transactionsUnsupported(originalError)) return true;
  }
  return (
    typeof message === 'string' &&
    /Transaction numbers are only allowed|does not support (retryable writes|transactions)/i.test(
      message,
    )
  );
}

/**
 * Runs `work` in a transaction where the deployment supports one; otherwise runs it plainly.
 * Mongoose passes the transaction's session to every operation inside `work` by itself
 * (AsyncLocalStorage), so the repositories need no session parameters.
 */
export async function inTransactionIfSupported<T>(
  connection: Connection,
  work: () => Promise<T>,
): Promise<{ result: T; transaction: boolean }> {
  try {
    return { result: await connection.transaction(work), transaction: true };
  } catch (error) {
    if (!transactionsUnsupported(error)) throw error;
    return { result: await work(), transaction: false };
  }
}

/**
 * Whether the deployment runs multi-document transactions: a replica set member (the
 * embedded engine is a one-member set) or a mongos says so in `hello`; a standalone mongod
 * does not. Asked once, before writes that choose between a transaction and ordered writes.
 */
export async function supportsTransactions(connection: Connection): Promise<boolean> {
  const db = connection.db;
  if (db === undefined) return false;
  const hello = await db.admin().command({ hello: 1 });
  return typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
}

/** A transient failure of a transaction (a write conflict): the whole of it may run again. */
export function isTransientTransactionError(error: unknown): boolean {
  const labelled = error as { hasErrorLabel?: (label: string) => boolean } | null;
  return typeof labelled?.hasErrorLabel === 'function'
    ? labelled.hasErrorLabel('TransientTransactionError')
    : false;
}

/**
 * How many times a transaction that keeps conflicting is started again once the driver's
 * own retries (with backoff, for up to 120 s) gave up: a long run of another writer's
 * transactions is waited out for up to 10 minutes rather than failing the caller.
 */
const TRANSIENT_ROUNDS = 5;

/**
 * Runs `work` in a transaction, all or nothing: `connection.transaction()` (the driver's
 * withTransaction: started again, with backoff, on a TransientTransactionError such as a
 * write conflict, and committed), itself started again while its failure is transient.
 * `work` must be safe to run again, and must await every operation it starts. Operations
 * through Mongoose models join the session by themselves; driver calls must be given it.
 */
export async function inTransaction<T>(
  connection: Connection,
  work: (session: ClientSession) => Promise<T>,
): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await connection.transaction(work);
    } catch (error) {
      if (round >= TRANSIENT_ROUNDS || !isTransientTransactionError(error)) throw error;
    }
  }
}
