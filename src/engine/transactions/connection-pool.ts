// The SQLite connections transactions run on, one per open transaction, kept for reuse.
// They never wait for a lock (busy timeout 0: a held lock is a WriteConflict) and open on the
// schema the engine's main connection made.
import { SqliteBackend } from '../storage/sqlite-backend.js';
import type { StorageFactory } from './transaction-runner.js';

/** Idle connections kept open; more are opened when more transactions are open at once. */
const IDLE_KEPT = 4;
const CACHE_MB = 8;

export function transactionConnections(file: string): StorageFactory {
  const idle: SqliteBackend[] = [];
  let closed = false;
  return {
    acquire: () =>
      idle.pop() ??
      new SqliteBackend({ file, busyTimeoutMs: 0, schemaReady: true, cacheMb: CACHE_MB }),
    release: (storage) => {
      if (closed || idle.length >= IDLE_KEPT) storage.close();
      else idle.push(storage);
    },
    close: () => {
      closed = true;
      for (const storage of idle.splice(0)) storage.close();
    },
  };
}
