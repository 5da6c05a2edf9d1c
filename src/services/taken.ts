// A write refused because another record holds the natural key it would take: the conflict
// each service words for its records, from the record that holds the key and the record as
// the write would have left it (both given by the repository, which had them when it refused).
import { DuplicateRecordError } from '../repositories/duplicate-record.js';
import type { ConflictError } from '../domain/errors.js';

/**
 * Words the conflict: `existing` is undefined when it was removed in between; `attempted`
 * has the fields the write gave (a create) or the whole record as it would have become.
 */
export type DescribeConflict<TRecord> = (
  existing: TRecord | undefined,
  attempted: Partial<TRecord>,
) => ConflictError | Promise<ConflictError>;

/** Runs a write; a natural key another record holds is the conflict `describe` words. */
export async function unlessTaken<T, TRecord>(
  write: () => Promise<T>,
  describe: DescribeConflict<TRecord>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof DuplicateRecordError)) throw error;
    throw await describe(
      error.existing as TRecord | undefined,
      error.attempted as Partial<TRecord>,
    );
  }
}
