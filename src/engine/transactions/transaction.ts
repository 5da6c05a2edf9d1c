// One multi-document transaction: its own SQLite connection holding one SQLite transaction
// (BEGIN DEFERRED) from its first statement to commitTransaction or abortTransaction. Its
// reads see the snapshot taken then plus its own writes; its first write takes SQLite's write
// lock without waiting (busy timeout 0), so a lock held elsewhere, or a commit made since the
// snapshot, is a WriteConflict rather than a wait or a lost write.
import type { SqliteBackend } from '../storage/sqlite-backend.js';

export type TransactionState = 'inProgress' | 'committed' | 'aborted';

export class SessionTransaction {
  state: TransactionState = 'inProgress';
  /** Set once a statement that may write ran: from then on it may hold the write lock. */
  mayHoldWriteLock = false;
  /** Why it was aborted by the server (timeout, conflict), for the NoSuchTransaction message. */
  abortReason: string | undefined;
  /** Statements running now: the lifetime limit waits for them (a rollback mid-statement
   * would let its remaining writes through outside the transaction). */
  running = 0;
  private expired = false;
  private timer: NodeJS.Timeout | undefined;
  private released: (() => void) | undefined;
  /** Resolves when the transaction ends (committed or aborted) and its lock is gone. */
  readonly ended: Promise<void>;

  constructor(
    readonly txnNumber: bigint,
    readonly storage: SqliteBackend,
    lifetimeMs: number,
  ) {
    this.ended = new Promise((resolve) => (this.released = resolve));
    storage.beginHeld();
    this.timer = setTimeout(() => {
      this.expired = true;
      this.expireIfDue();
    }, lifetimeMs);
    this.timer.unref();
  }

  /** Aborts a transaction past its lifetime once no statement of it is running. */
  expireIfDue(): void {
    if (this.expired && this.running === 0) {
      this.abort('it exceeded transactionLifetimeLimitSeconds');
    }
  }

  commit(): void {
    this.storage.commitHeld();
    this.finish('committed');
  }

  abort(reason?: string): void {
    if (this.state !== 'inProgress') return;
    this.abortReason = reason;
    this.storage.abortHeld();
    this.finish('aborted');
  }

  private finish(state: TransactionState): void {
    this.state = state;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.mayHoldWriteLock = false;
    this.released?.();
  }
}
