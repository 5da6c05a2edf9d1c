// The stored natural key (src/repositories/natural-keys.ts computes it): a string field, never
// selected unless asked for, unique together with userId. The index is partial: records
// without a key (stored before keys existed, until `career db migrate` gives them theirs) are
// left out of it instead of colliding with each other.
import type { Schema } from 'mongoose';

/** Adds `naturalKey` and its unique index to a per-user schema. */
export function withNaturalKey<TSchema extends Schema>(schema: TSchema): TSchema {
  schema.add({ naturalKey: { type: String, select: false } });
  schema.index(
    { userId: 1, naturalKey: 1 },
    { unique: true, partialFilterExpression: { naturalKey: { $type: 'string' } } },
  );
  return schema;
}
