// TTL indexes: like mongod's TTL monitor, removes documents whose indexed date is older than
// the index's expireAfterSeconds. It runs once when the engine starts (a CLI process is
// short-lived, so that is when most sweeps happen) and then every minute while it runs.
import type { Document } from 'bson';
import { decodeTyped } from './codec.js';
import { compileFilter } from './query/index.js';
import type { StorageBackend } from './storage/backend.js';

export const TTL_SWEEP_INTERVAL_MS = 60_000;

/** Removes expired documents from every collection with a TTL index; returns how many. */
export function sweepExpired(storage: StorageBackend, now: Date = new Date()): number {
  let removed = 0;
  for (const { db, collection: name } of storage.listNamespaces()) {
    const collection = storage.getCollection(db, name);
    if (!collection) continue;
    for (const index of collection.listIndexes()) {
      const fields = Object.keys(index.key);
      const seconds = index.expireAfterSeconds;
      // MongoDB applies TTL only to single-field indexes.
      if (typeof seconds !== 'number' || fields.length !== 1 || !fields[0]) continue;
      const cutoff = new Date(now.getTime() - seconds * 1000);
      // A date field, or an array holding a date, older than the cutoff; other types never expire.
      const filter: Document = { [fields[0]]: { $lt: cutoff } };
      const matches = compileFilter(filter);
      storage.write(() => {
        const expired = [...collection.candidates(filter)].filter((stored) =>
          matches(decodeTyped(stored.bytes)),
        );
        for (const stored of expired) collection.remove(stored.id);
        removed += expired.length;
      });
    }
  }
  return removed;
}

/**
 * Sweeps now and then periodically; the timer never keeps the process alive. A sweep is
 * skipped while `busy` says a transaction of this process may hold the write lock (it would
 * block the engine on the busy timeout).
 */
export function startTtlMonitor(
  storage: StorageBackend,
  intervalMs = TTL_SWEEP_INTERVAL_MS,
  busy: () => boolean = () => false,
): () => void {
  const sweep = (): void => {
    if (busy()) return;
    try {
      sweepExpired(storage);
    } catch {
      // A busy or closing data file: the next sweep tries again.
    }
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
