// Pieces every write command shares: document validation (document-validation.ts),
// _id generation, size limits, and the writeErrors bookkeeping of ordered/unordered batches.
import { calculateObjectSize, ObjectId, type Document } from 'bson';
import { encode, MAX_BSON_OBJECT_SIZE } from '../codec.js';
import { ErrorCode, MongoServerError, toServerError } from '../errors.js';
import { withIdFirst } from '../query/paths.js';
import type { StorageBackend } from '../storage/backend.js';
export { validatorFor, type DocumentValidator } from './document-validation.js';
import { isDocument } from './arguments.js';
import { isTimeLimitExceeded } from './budget.js';

/** The document with its _id first (as MongoDB stores it), an ObjectId generated when missing. */
export function withId(doc: Document): { doc: Document; generated: boolean } {
  if (doc._id !== undefined) return { doc: withIdFirst(doc), generated: false };
  return { doc: { _id: new ObjectId(), ...doc }, generated: true };
}

function tooLarge(size: number): MongoServerError {
  return new MongoServerError(
    ErrorCode.BSONObjectTooLarge,
    `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`,
  );
}

export function encodeChecked(doc: Document): Buffer {
  let bytes: Buffer;
  try {
    bytes = encode(doc);
  } catch (error) {
    // The serializer writes into a shared 17 MB buffer: a larger document (an update's
    // result) overflows it with a RangeError, and is refused like any other too large.
    if (error instanceof RangeError) {
      const size = calculateObjectSize(doc, { ignoreUndefined: false });
      if (size > MAX_BSON_OBJECT_SIZE) throw tooLarge(size);
    }
    throw error;
  }
  if (bytes.length > MAX_BSON_OBJECT_SIZE) throw tooLarge(bytes.length);
  return bytes;
}

/** Collects per-statement errors the way MongoDB reports them in writeErrors. */
export class WriteErrors {
  readonly entries: Document[] = [];

  /** Records the error; returns true when the batch must stop (ordered). */
  record(index: number, error: unknown, ordered: boolean): boolean {
    this.entries.push(toServerError(error).toWriteError(index));
    return ordered;
  }

  addTo(reply: Document): Document {
    if (this.entries.length > 0) reply.writeErrors = this.entries;
    return reply;
  }
}

/**
 * Runs a batch's statements in one write transaction, each in its own savepoint so a failed
 * statement leaves no part of itself applied. Failures go to writeErrors; an ordered batch
 * stops at the first. `prepare` runs first, inside the transaction.
 */
export function runStatements(
  storage: StorageBackend,
  batch: { statements: unknown[]; ordered: boolean; errors: WriteErrors; kind: string },
  run: (statement: Document, index: number) => void,
  prepare?: () => void,
): void {
  storage.write(() => {
    prepare?.();
    for (let index = 0; index < batch.statements.length; index++) {
      try {
        storage.write(() => {
          const statement = batch.statements[index];
          if (!isDocument(statement)) {
            throw new MongoServerError(
              ErrorCode.TypeMismatch,
              `${batch.kind} statement must be an object`,
            );
          }
          run(statement, index);
        });
      } catch (error) {
        // Out of time fails the whole command, as MongoDB's interruptions do; nothing applies.
        if (isTimeLimitExceeded(error)) throw error;
        if (batch.errors.record(index, error, batch.ordered)) break;
      }
    }
  });
}
