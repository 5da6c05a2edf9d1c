// Multi-document writes in a transaction where the deployment has them (replica sets, Atlas,
// the embedded engine, a one-member replica set), and plainly where it does not (a standalone
// mongod): callers order their writes so that a plain run interrupted halfway can simply be
// run again.
import type { Connection } from 'mongoose';

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
