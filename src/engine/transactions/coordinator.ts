// Runs each command in the right place: inside its session's transaction (on that
// transaction's own SQLite connection), as a retryable write (answered from the session's
// record when it is a retry), or plainly. Commands that write outside a transaction wait
// while a transaction of this process may hold SQLite's write lock: they would otherwise
// block the whole engine on the busy timeout. The design is in README "Transactions".
import type { Document } from 'bson';
import { ErrorCode, MongoServerError, toServerError } from '../errors.js';
import type { EngineState } from '../commands/context.js';
import {
  SessionTable,
  sessionKeyOf,
  sessionKeysIn,
  txnNumberOf,
} from '../sessions/session-table.js';
import type { ClusterClock } from '../sessions/replica-set.js';
import { labelError, replyExtras, writeConcernErrorFor, type CommandKind } from './error-labels.js';
import { CloseConnection } from '../wire/types.js';
import { TransactionRunner, type StorageFactory } from './transaction-runner.js';
import { isWriteCommand } from './write-commands.js';

export type Execute = (engine: EngineState) => Promise<Document>;

/** What the dispatcher hands over: the command, how to run it, and the fail point hooks. */
export interface CommandRun {
  name: string;
  command: Document;
  engine: EngineState;
  execute: Execute;
  /** failCommand: throws, or returns what to add to the reply (a write concern error). */
  intercept: () => Promise<Document | undefined>;
  /** onPrimaryTransactionalWrite, before a retryable write is applied... */
  beforeRetryableWrite: () => void;
  /** ...and after it was applied and recorded. */
  afterRetryableWrite: () => void;
}

export class TransactionCoordinator {
  readonly sessions = new SessionTable();
  private readonly transactions: TransactionRunner;

  constructor(
    private readonly clock: ClusterClock,
    storage: StorageFactory,
    readonly lifetimeSeconds = 60,
  ) {
    this.transactions = new TransactionRunner(this.sessions, storage, lifetimeSeconds);
  }

  async run(run: CommandRun): Promise<Document> {
    const { name, command } = run;
    const key = sessionKeyOf(command.lsid);
    const txnNumber = txnNumberOf(command.txnNumber);
    const kind: CommandKind = {
      inTransaction: command.autocommit === false,
      commitOrAbort: name === 'commitTransaction' || name === 'abortTransaction',
      retryableWrite: command.autocommit === undefined && txnNumber !== undefined,
    };
    try {
      if (name === 'endSessions' || name === 'killSessions') {
        this.sessions.end(sessionKeysIn(command[name]));
      } else if (name === 'killAllSessions') {
        this.sessions.endAll();
      }
      const reply = await this.route(run, key, txnNumber, kind);
      return { ...reply, ...this.clock.gossip() };
    } catch (error) {
      if (error instanceof CloseConnection) throw error;
      const failure = labelError(toServerError(error), kind);
      // Error replies gossip the cluster time too (sessions advance their operationTime on them).
      Object.assign(failure.extra, this.clock.gossip());
      throw failure;
    }
  }

  private async route(
    run: CommandRun,
    key: string | undefined,
    txnNumber: bigint | undefined,
    kind: CommandKind,
  ): Promise<Document> {
    if (kind.inTransaction || kind.commitOrAbort) {
      if (key === undefined || txnNumber === undefined) {
        throw new MongoServerError(
          ErrorCode.InvalidOptions,
          'a transaction needs a session (lsid) and a txnNumber',
        );
      }
      if (run.command.autocommit !== false) {
        throw new MongoServerError(ErrorCode.InvalidOptions, "'autocommit' must be false");
      }
      return this.transactions.run(run, this.sessions.get(key), txnNumber, kind);
    }
    if (run.command.startTransaction !== undefined) {
      throw new MongoServerError(
        ErrorCode.InvalidOptions,
        'startTransaction needs autocommit: false',
      );
    }
    refuseSnapshotOutsideReads(run.name, run.command);
    if (kind.retryableWrite && key !== undefined && txnNumber !== undefined) {
      return this.retryableWrite(run, key, txnNumber, kind);
    }
    return this.plain(run, kind);
  }

  private async plain(run: CommandRun, kind: CommandKind): Promise<Document> {
    const writes = isWriteCommand(run.name, run.command);
    if (writes) await this.transactions.writersGone(run.command);
    const extras = await replyExtras(run.intercept, kind);
    const reply = await run.execute(run.engine);
    if (writes) this.clock.tick();
    const unsatisfied = writes ? writeConcernErrorFor(run.command, kind) : {};
    return { ...reply, ...unsatisfied, ...extras };
  }

  private async retryableWrite(run: CommandRun, key: string, txnNumber: bigint, kind: CommandKind) {
    const session = this.sessions.get(key);
    const open = session.transaction;
    if (open?.state === 'inProgress' && open.txnNumber < txnNumber) open.abort('a newer txnNumber');
    if (txnNumber < session.txnNumber) {
      throw new MongoServerError(
        ErrorCode.TransactionTooOld,
        `Retryable write with txnNumber ${txnNumber} is prohibited on session ${key} because a ` +
          `newer retryable write with txnNumber ${session.txnNumber} has already started on this session.`,
      );
    }
    const recorded = session.lastWrite;
    if (recorded && recorded.txnNumber === txnNumber) {
      return { ...recorded.reply, ...(await replyExtras(run.intercept, kind)) };
    }
    session.txnNumber = txnNumber;
    run.beforeRetryableWrite();
    const reply = await this.plain(run, kind);
    const { writeConcernError: _wce, errorLabels: _labels, ...applied } = reply;
    session.lastWrite = { txnNumber, reply: applied };
    run.afterRetryableWrite();
    return reply;
  }

  /** Whether a transaction of this process may hold SQLite's write lock now. */
  mayHoldWriteLock(): boolean {
    return [...this.sessions.openTransactions()].some((t) => t.mayHoldWriteLock);
  }

  close(): void {
    this.sessions.endAll();
    this.transactions.close();
  }
}

/** Commands that take readConcern level snapshot outside a transaction, as mongod's do. */
const SNAPSHOT_READS = new Set(['find', 'getMore', 'aggregate', 'distinct', 'explain']);

function refuseSnapshotOutsideReads(name: string, command: Document): void {
  const readConcern: unknown = command.readConcern;
  if (typeof readConcern !== 'object' || readConcern === null) return;
  if ((readConcern as Document).level === 'linearizable' && isWriteCommand(name, command)) {
    if (name === 'aggregate') {
      throw new MongoServerError(
        ErrorCode.InvalidOptions,
        "$out and $merge cannot be used with 'linearizable' read concern level",
      );
    }
  }
  if ((readConcern as Document).level !== 'snapshot' || SNAPSHOT_READS.has(name)) return;
  throw new MongoServerError(
    ErrorCode.InvalidOptions,
    `Command ${name} does not support { readConcern: { level: "snapshot" } }`,
  );
}
