// What a data migration is: a numbered, named, idempotent change made through repositories.
import type { Repositories } from '../../repositories/index.js';

export interface Migration {
  /** Applied in increasing order; the highest applied one is stored in schema_version. */
  version: number;
  name: string;
  description: string;
  /** How many documents `up` would change (for --dry-run). */
  pending(repositories: Repositories): Promise<number>;
  /** Makes the change; returns how many documents changed. Safe to run twice. */
  up(repositories: Repositories): Promise<number>;
}
