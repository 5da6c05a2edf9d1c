// Server-side state of each logical session (keyed by its lsid): the highest txnNumber it
// used, the reply to its last retryable write (answered again, not re-applied, when the
// driver retries it), and its current or last transaction.
import { Binary, Int32, Long, type Document } from 'bson';
import { isDocument } from '../commands/arguments.js';
import type { SessionTransaction } from '../transactions/transaction.js';

export interface SessionState {
  txnNumber: bigint;
  /** The last retryable write's number and reply. */
  lastWrite?: { txnNumber: bigint; reply: Document };
  transaction?: SessionTransaction;
}

/** The lsid's id as a map key; undefined when the command carries none. */
export function sessionKeyOf(lsid: unknown): string | undefined {
  if (!isDocument(lsid) || !(lsid.id instanceof Binary)) return undefined;
  return lsid.id.toString('hex');
}

export function txnNumberOf(value: unknown): bigint | undefined {
  if (value instanceof Long) return value.toBigInt();
  if (value instanceof Int32) return BigInt(value.value);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'bigint') return value;
  return undefined;
}

export class SessionTable {
  private readonly sessions = new Map<string, SessionState>();

  get(key: string): SessionState {
    let state = this.sessions.get(key);
    if (!state) {
      state = { txnNumber: -1n };
      this.sessions.set(key, state);
    }
    return state;
  }

  /** Forgets sessions (endSessions, killSessions), aborting their transactions. */
  end(keys: Iterable<string>): void {
    for (const key of keys) {
      this.sessions.get(key)?.transaction?.abort('the session ended');
      this.sessions.delete(key);
    }
  }

  endAll(): void {
    this.end([...this.sessions.keys()]);
  }

  /** The transactions open now (for the write gate). */
  *openTransactions(): Iterable<SessionTransaction> {
    for (const state of this.sessions.values()) {
      if (state.transaction?.state === 'inProgress') yield state.transaction;
    }
  }
}

/** The session keys an endSessions/killSessions command names. */
export function sessionKeysIn(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    const key = sessionKeyOf(isDocument(entry) && isDocument(entry.lsid) ? entry.lsid : entry);
    return key === undefined ? [] : [key];
  });
}
