// The answer to a write whose natural key another record already holds (the database's
// duplicate-key error, 11000): the record that holds it, for the service to name.
// Services turn it into their own conflict message; one that escapes is still reported as a
// conflict (exit 5), as any duplicate-key error is.

export class DuplicateRecordError<TRecord = unknown> extends Error {
  /** As the database's own error: report-error maps 11000 to a conflict. */
  readonly code = 11000;

  constructor(
    /** The record holding the key (undefined if it was removed in between). */
    readonly existing: TRecord | undefined,
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
