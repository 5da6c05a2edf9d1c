// The document an upsert starts from: the filter's equality predicates on fields, as MongoDB
// extracts them (including those inside a top-level $and and single-element $in).
import type { Document } from 'bson';
import { isPlainObject } from './plain.js';
import { setPath } from './paths.js';

/** The value a predicate pins a field to, or undefined if it is not an equality. */
function equalityValue(predicate: unknown): { value: unknown } | undefined {
  if (!isPlainObject(predicate)) {
    // A regex is a pattern match, not an equality.
    const tag = (predicate as { _bsontype?: string } | null)?._bsontype;
    return predicate instanceof RegExp || tag === 'BSONRegExp' ? undefined : { value: predicate };
  }
  const keys = Object.keys(predicate);
  if (!keys[0]?.startsWith('$')) return { value: predicate };
  if ('$eq' in predicate) return { value: predicate.$eq };
  const values = predicate.$in;
  if (keys.length === 1 && Array.isArray(values) && values.length === 1) {
    return equalityValue(values[0]);
  }
  return undefined;
}

function collect(filter: Document, seed: Document): void {
  for (const [key, predicate] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(predicate)) {
      for (const clause of predicate as unknown[]) if (isPlainObject(clause)) collect(clause, seed);
      continue;
    }
    if (key.startsWith('$')) continue;
    const equality = equalityValue(predicate);
    if (equality) setPath(seed, key, equality.value);
  }
}

export function upsertSeed(filter: Document): Document {
  const seed: Document = {};
  collect(filter, seed);
  if (!('_id' in seed)) return seed;
  const { _id, ...rest } = seed;
  return { _id, ...rest };
}
