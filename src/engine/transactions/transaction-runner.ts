// The transaction protocol of one session (mongod's TransactionParticipant, reduced to one
// node): startTransaction opens, each statement runs on the transaction's connection, commit
// and abort end it (a repeated commit answers ok again), and an error, a write conflict or
// the lifetime limit aborts it, after which its statements get NoSuchTransaction.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import type { SessionState, SessionTable } from '../sessions/session-table.js';
import type { SqliteBackend } from '../storage/sqlite-backend.js';
import { replyExtras, writeConcernErrorFor, type CommandKind } from './error-labels.js';
import type { CommandRun } from './coordinator.js';
import { refuseInTransaction } from './allowed-commands.js';
import { SessionTransaction } from './transaction.js';
import { isWriteCommand } from './write-commands.js';

/** Opens (or reuses) a connection for a transaction; returns it when the transaction ends. */
export interface StorageFactory {
  acquire(): SqliteBackend;
  release(storage: SqliteBackend): void;
  close(): void;
}

function noSuchTransaction(txnNumber: bigint, reason?: string): MongoServerError {
  const why = reason === undefined ? '' : ` (it was aborted: ${reason})`;
  return new MongoServerError(
    ErrorCode.NoSuchTransaction,
    `Transaction with txnNumber ${txnNumber} has been aborted or was never started${why}.`,
  );
}

/** Another writer holds the data file, or committed since the snapshot: the transaction ends. */
function writeConflict(transaction: SessionTransaction): MongoServerError {
  transaction.abort('a write conflict');
  return new MongoServerError(
    ErrorCode.WriteConflict,
    'Write conflict during plan execution and yielding is disabled: another writer holds ' +
      'the data file or committed since this transaction began.',
  );
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export class TransactionRunner {
  private readonly lifetimeMs: number;

  constructor(
    private readonly sessions: SessionTable,
    private readonly storage: StorageFactory,
    lifetimeSeconds: number,
  ) {
    this.lifetimeMs = lifetimeSeconds * 1000;
  }

  async run(run: CommandRun, session: SessionState, txnNumber: bigint, kind: CommandKind) {
    // A fail point fails the command before it reaches the transaction, as in mongod: the
    // transaction goes on (and is not started by a failed first statement).
    const extras = await replyExtras(run.intercept, kind);
    const transaction =
      run.command.startTransaction === true
        ? this.start(session, txnNumber)
        : this.current(session, txnNumber, run.name);
    if (run.name === 'commitTransaction' || run.name === 'abortTransaction') {
      const end =
        run.name === 'commitTransaction' ? this.commit(transaction) : this.abort(transaction);
      return { ...end, ...writeConcernErrorFor(run.command, kind), ...extras };
    }
    refuseInTransaction(run.name, run.command);
    return { ...(await this.statement(transaction, run)), ...extras };
  }

  private start(session: SessionState, txnNumber: bigint): SessionTransaction {
    if (txnNumber <= session.txnNumber) {
      throw new MongoServerError(
        txnNumber === session.txnNumber
          ? ErrorCode.ConflictingOperationInProgress
          : ErrorCode.TransactionTooOld,
        `Cannot start transaction ${txnNumber} on session: txnNumber ${session.txnNumber} was already used`,
      );
    }
    session.transaction?.abort('a newer transaction started');
    const storage = this.storage.acquire();
    const transaction = new SessionTransaction(txnNumber, storage, this.lifetimeMs);
    void transaction.ended.then(() => this.storage.release(storage));
    session.txnNumber = txnNumber;
    session.transaction = transaction;
    session.lastWrite = undefined;
    return transaction;
  }

  private current(session: SessionState, txnNumber: bigint, name: string): SessionTransaction {
    const transaction = session.transaction;
    if (txnNumber < session.txnNumber) {
      throw new MongoServerError(
        ErrorCode.TransactionTooOld,
        `txnNumber ${txnNumber} is older than the session's ${session.txnNumber}`,
      );
    }
    if (!transaction || transaction.txnNumber !== txnNumber) throw noSuchTransaction(txnNumber);
    if (transaction.state === 'aborted')
      throw noSuchTransaction(txnNumber, transaction.abortReason);
    if (transaction.state === 'committed' && name !== 'commitTransaction') {
      throw new MongoServerError(
        ErrorCode.TransactionCommitted,
        `Transaction ${txnNumber} has been committed.`,
      );
    }
    return transaction;
  }

  private commit(transaction: SessionTransaction): Document {
    // A retried commit of a committed transaction answers ok again.
    if (transaction.state === 'inProgress') transaction.commit();
    return { ok: 1 };
  }

  private abort(transaction: SessionTransaction): Document {
    if (transaction.state === 'committed') {
      throw new MongoServerError(
        ErrorCode.TransactionCommitted,
        `Transaction ${transaction.txnNumber} has been committed.`,
      );
    }
    transaction.abort('abortTransaction');
    return { ok: 1 };
  }

  private async statement(transaction: SessionTransaction, run: CommandRun): Promise<Document> {
    const writes = isWriteCommand(run.name, run.command);
    const engine = { ...run.engine, storage: transaction.storage, pipelines: undefined };
    transaction.running++;
    try {
      const reply = await run.execute(engine);
      if (writes) transaction.mayHoldWriteLock = true;
      const writeErrors: unknown = reply.writeErrors;
      if (Array.isArray(writeErrors) && writeErrors.length > 0) {
        // The write commands report each document's failure: a lock held elsewhere among them.
        if (writeErrors.some((e) => (e as Document).code === ErrorCode.LockTimeout)) {
          throw writeConflict(transaction);
        }
        transaction.abort('a write failed');
      }
      return reply;
    } catch (error) {
      if (isBusy(error)) throw writeConflict(transaction);
      transaction.abort('a statement failed');
      throw error;
    } finally {
      transaction.running--;
      transaction.expireIfDue();
    }
  }

  /** Resolves once no transaction of this process may hold the write lock. */
  async writersGone(_command: Document): Promise<void> {
    for (;;) {
      const holder = [...this.sessions.openTransactions()].find((t) => t.mayHoldWriteLock);
      if (!holder) return;
      await holder.ended;
    }
  }

  close(): void {
    this.storage.close();
  }
}
