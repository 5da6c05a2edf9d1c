// The answer to a write whose natural key another record already holds (the database's
// duplicate-key error, 11000): the record that holds it, for the service to name. And the
// one reading of the database's duplicate-key errors, alone or per record of a bulk write.
// Services turn it into their own conflict message; one that escapes is still reported as a
// conflict (exit 5), as any duplicate-key error is.

export class DuplicateRecordError<TRecord = unknown> extends Error {
  /** As the database's own error: report-error maps 11000 to a conflict. */
  readonly code = 11000;

  constructor(
    /** The record holding the key (undefined if it was removed in between). */
    readonly existing: TRecord | undefined,
    /** The record as the refused write would have left it (what it would have been keyed by). */
    readonly attempted: Record<string, unknown>,
  ) {
    super('another record already has this natural key');
    this.name = 'DuplicateRecordError';
  }
}

/** True for the database's duplicate-key error (E11000). */
export function isDuplicateKeyError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}

/** A record the database refused in a batch: its position, why, and whether its key was taken. */
export interface BatchFailure {
  index: number;
  message: string;
  /** Refused with a duplicate-key error: another record holds its natural key. */
  duplicate: boolean;
}

interface WriteError {
  index: number;
  errmsg?: string;
  code?: number;
}

/**
 * The per-record failures of a bulk write's error (undefined: not a bulk write error, or
 * one that failed as a whole, such as a command error the driver reports with no per-record
 * failures: nothing of it may be counted as written).
 */
export function batchFailures(error: unknown): BatchFailure[] | undefined {
  const bulk = error as { writeErrors?: WriteError[] | WriteError };
  if (bulk.writeErrors === undefined) return undefined;
  const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors];
  if (writeErrors.length === 0) return undefined;
  return writeErrors.map((item) => ({
    index: item.index,
    message: item.code === 11000 ? 'it already exists' : (item.errmsg ?? 'refused by the database'),
    duplicate: item.code === 11000,
  }));
}
