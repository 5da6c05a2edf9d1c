// Migration 2: records stored before natural keys existed get theirs (see
// src/repositories/natural-key-backfill.ts): exact copies are merged into the record they
// repeat, other duplicates are kept with a marked key and listed. Nothing is deleted but
// copies whose every field is kept in the record they repeat.
import type { Migration } from './migration.js';

export const naturalKeys: Migration = {
  version: 2,
  name: 'natural-keys',
  description: 'give every record its natural key; merge exact copies, list other duplicates',
  pending: (repositories) => repositories.countUnkeyed(),
  anyPending: (repositories) => repositories.anyUnkeyed(),
  up: async (repositories) => {
    const { documents, merged, kept } = await repositories.backfillNaturalKeys();
    return { documents, duplicates: { merged, kept } };
  },
};
