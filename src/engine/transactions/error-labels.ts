// The error labels mongod attaches (its error_labels.cpp), which drivers of wire version 9+
// rely on instead of guessing: TransientTransactionError inside a transaction,
// RetryableWriteError on retryable writes and on commitTransaction/abortTransaction.
import type { Document } from 'bson';
import { ErrorCode, type MongoServerError } from '../errors.js';

/** Codes a retry may fix: network-like errors and a primary stepping down. */
const RETRIABLE_CODES = new Set([
  6, 7, 89, 91, 133, 134, 189, 234, 262, 9001, 10107, 11600, 11602, 13435, 13436,
]);

/** WriteConflict, LockTimeout, SnapshotUnavailable, PreparedTransactionInProgress. */
const TRANSIENT_CODES = new Set([112, 24, 246, 267]);

export const TRANSIENT_TRANSACTION_ERROR = 'TransientTransactionError';
export const RETRYABLE_WRITE_ERROR = 'RetryableWriteError';

/** How the failed command ran: in a transaction, as a retryable write, or as neither. */
export interface CommandKind {
  inTransaction: boolean;
  commitOrAbort: boolean;
  retryableWrite: boolean;
}

function transient(code: number, kind: CommandKind, writeConcernFailed: boolean): boolean {
  if (!kind.inTransaction) return false;
  if (TRANSIENT_CODES.has(code)) return true;
  if (kind.commitOrAbort) return code === ErrorCode.NoSuchTransaction && !writeConcernFailed;
  return RETRIABLE_CODES.has(code) || code === ErrorCode.NoSuchTransaction;
}

/** The labels for a failed command (code) or a write concern error (writeConcernCode). */
export function errorLabelsFor(
  kind: CommandKind,
  code: number | undefined,
  writeConcernCode?: number,
): string[] {
  const labels: string[] = [];
  if (code !== undefined && transient(code, kind, writeConcernCode !== undefined)) {
    labels.push(TRANSIENT_TRANSACTION_ERROR);
  }
  if (kind.retryableWrite || kind.commitOrAbort) {
    const retriable = [code, writeConcernCode].some(
      (c) => c !== undefined && RETRIABLE_CODES.has(c),
    );
    if (retriable && labels.length === 0) labels.push(RETRYABLE_WRITE_ERROR);
  }
  return labels;
}

/** Adds the labels to an error that names none of its own (a fail point may name them). */
export function labelError(error: MongoServerError, kind: CommandKind): MongoServerError {
  if (Array.isArray(error.extra.errorLabels)) return error;
  const labels = errorLabelsFor(kind, error.code);
  if (labels.length > 0) (error.extra as Document).errorLabels = labels;
  return error;
}

/** A fail point's additions to a reply, with the labels mongod gives a write concern error. */
export async function replyExtras(
  intercept: () => Promise<Document | undefined>,
  kind: CommandKind,
): Promise<Document> {
  return withWriteConcernLabels((await intercept()) ?? {}, kind);
}

function withWriteConcernLabels(extras: Document, kind: CommandKind): Document {
  const code: unknown = (extras.writeConcernError as Document | undefined)?.code;
  if (typeof code !== 'number' || extras.errorLabels !== undefined) return extras;
  const labels = errorLabelsFor(kind, undefined, code);
  return labels.length > 0 ? { ...extras, errorLabels: labels } : extras;
}

/**
 * A one-member set cannot satisfy w above 1 or a tag: the write is applied and the reply says
 * so in a writeConcernError, as mongod's does.
 */
export function writeConcernErrorFor(command: Document, kind: CommandKind): Document {
  const writeConcern: unknown = command.writeConcern;
  if (typeof writeConcern !== 'object' || writeConcern === null) return {};
  const w: unknown = (writeConcern as Document).w;
  const count = typeof w === 'object' && w !== null && 'valueOf' in w ? Number(w.valueOf()) : w;
  let error: Document | undefined;
  if (typeof count === 'number' && count > 1) {
    error = {
      code: 100,
      codeName: 'UnsatisfiableWriteConcern',
      errmsg: 'Not enough data-bearing nodes',
    };
  } else if (typeof count === 'string' && count !== 'majority') {
    error = {
      code: 79,
      codeName: 'UnknownReplWriteConcern',
      errmsg: `No write concern mode named '${count}' found in replica set configuration`,
    };
  }
  return error ? withWriteConcernLabels({ writeConcernError: error }, kind) : {};
}
