// The foreign documents a $lookup joins, read from storage: the whole collection (what mingo
// joins against), or, when an index on the foreign field can answer, only the documents that
// may match the input's local values. Shared by aggregate and the pipeline thread, each with the
// storage (and so the transaction or read view) its pipeline reads through.
import type { Document } from 'bson';
import { decodeTyped } from '../codec.js';
import type { StorageBackend, StoredDocument } from '../storage/backend.js';

/** Every document of a collection, in natural order (none for a missing collection). */
export function collectionDocuments(storage: StorageBackend, db: string, name: string): Document[] {
  const collection = storage.getCollection(db, name);
  if (!collection) return [];
  return [...collection.candidates({})].map((stored) => decodeTyped(stored.bytes));
}

/** A field path a filter reads as the same path mingo resolves: no operators, no positions. */
function isPlainPath(field: string): boolean {
  return field
    .split('.')
    .every((part) => part !== '' && !part.startsWith('$') && !/^\d+$/.test(part));
}

/**
 * The documents of a collection whose `field` may equal one of `values` (a superset: the join
 * decides), in natural order, read through an index on `field`; undefined when no index serves
 * the read (the caller then joins against the whole collection). `values` are scalars the
 * caller checked (strings, finite numbers, booleans, dates, ObjectIds).
 */
export function indexedDocuments(
  storage: StorageBackend,
  db: string,
  name: string,
  field: string,
  values: unknown[],
): Document[] | undefined {
  if (!isPlainPath(field)) return undefined;
  const collection = storage.getCollection(db, name);
  if (!collection) return undefined;
  const filter = { [field]: { $in: values } };
  const { plan, candidates } = collection.planned(filter);
  if (plan.stage !== 'IXSCAN' && plan.stage !== 'IDHACK') return undefined;
  // A collated index keys strings by their collation; the join compares them binary.
  const index = collection.listIndexes().find((spec) => spec.name === plan.indexName);
  if (index?.collation !== undefined) return undefined;
  const byRow = new Map<number, StoredDocument>();
  for (const stored of candidates) byRow.set(stored.id, stored);
  // Natural (row) order, as the whole collection would list them.
  return [...byRow.values()].sort((a, b) => a.id - b.id).map((stored) => decodeTyped(stored.bytes));
}
