// What a data migration is: a numbered, named, idempotent change made through repositories.
import type { KeptDuplicate, Repositories } from '../../repositories/index.js';

/** Records found sharing a natural key: merged copies per collection, and those kept. */
export interface DuplicatesReport {
  merged: Record<string, number>;
  kept: KeptDuplicate[];
}

/** What a migration did, when it has more to say than how many documents changed. */
export interface MigrationResult {
  documents: number;
  duplicates?: DuplicatesReport;
}

export interface Migration {
  /** Applied in increasing order; the highest applied one is stored in schema_version. */
  version: number;
  name: string;
  description: string;
  /** How many documents `up` would change (for --dry-run). */
  pending(repositories: Repositories): Promise<number>;
  /** Whether `up` would change anything: stops at the first such document. */
  anyPending(repositories: Repositories): Promise<boolean>;
  /** Makes the change; returns how many documents changed (and more). Safe to run twice. */
  up(repositories: Repositories): Promise<number | MigrationResult>;
}
