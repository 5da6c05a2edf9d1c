// Capped collections kept within their limits as mongod keeps them: after an insert, the oldest
// documents (insertion order) go until the collection holds at most `max` documents and `size`
// bytes (rounded up to a multiple of 256, at least 4096, as mongod rounds it).
import type { Document } from 'bson';
import { asNumber } from './arguments.js';
import type { CollectionStore, StorageBackend } from '../storage/backend.js';

interface CappedLimits {
  size: number;
  max: number | undefined;
}

function limitsOf(options: Document): CappedLimits | undefined {
  if (options.capped !== true) return undefined;
  const size = Math.max(4096, Math.ceil((asNumber(options.size) ?? 0) / 256) * 256);
  const max = asNumber(options.max);
  return { size, max: max !== undefined && max > 0 ? max : undefined };
}

/** Removes the oldest documents of a capped collection until it is within its limits. */
export function trimCapped(storage: StorageBackend, db: string, collection: CollectionStore): void {
  const info = storage.listCollections(db).find((entry) => entry.name === collection.name);
  const limits = info ? limitsOf(info.options) : undefined;
  if (!limits) return;
  let { count, size } = collection.stats();
  const within = (): boolean =>
    (limits.max === undefined || count <= limits.max) && size <= limits.size;
  for (const stored of collection.candidates({})) {
    if (within() || count <= 1) break;
    collection.remove(stored.id);
    count--;
    size -= stored.bytes.length;
  }
}
