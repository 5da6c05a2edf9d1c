// The error hierarchy every layer throws and the one place that turns an error into
// a message on stderr and a process exit code. Exit codes are part of the CLI's contract
// (scripts branch on them), so each kind of failure has its own, documented below.

/**
 * Exit codes of `career`:
 *
 * | code | meaning                                                    |
 * | ---- | ---------------------------------------------------------- |
 * | 0    | success                                                    |
 * | 1    | generic failure (a bug, an unexpected error)               |
 * | 2    | usage: unknown command or option, bad argument or input    |
 * | 3    | not found: no record with that id/name                     |
 * | 4    | ambiguous: an id prefix or name matches several records    |
 * | 5    | conflict: a duplicate, or a change that clashes with data  |
 * | 6    | not signed in (or the session expired)                     |
 * | 7    | database unreachable (or the embedded engine cannot start) |
 * | 8    | partly done: an import finished but rejected some rows     |
 * | 9    | invalid archive: a backup is corrupt, truncated or too new |
 * | 130  | interrupted (Ctrl+C at a prompt)                           |
 */
export const ExitCode = {
  Success: 0,
  Generic: 1,
  Usage: 2,
  NotFound: 3,
  Ambiguous: 4,
  Conflict: 5,
  NotSignedIn: 6,
  DatabaseUnreachable: 7,
  RowsRejected: 8,
  InvalidArchive: 9,
  Interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface CareerErrorOptions {
  /** The next step for the user, printed as `hint: ...` under the error. */
  hint?: string;
  cause?: unknown;
}

/** An expected failure: reported as one line without a stack (unless --debug). */
export class CareerError extends Error {
  readonly exitCode: ExitCodeValue = ExitCode.Generic;
  readonly hint: string | undefined;

  constructor(message: string, options: CareerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

export class UsageError extends CareerError {
  override readonly exitCode = ExitCode.Usage;
}

/**
 * A write refused because it would make one record larger than MongoDB's 16 MB limit
 * (src/db/document-limit.ts): nothing was changed. The one wording of it, whoever reports it.
 */
export class DocumentTooLargeError extends UsageError {
  constructor(
    /** What would grow too large: "the application", "a record"... */
    readonly what = 'a record',
    options: CareerErrorOptions = {},
  ) {
    super(
      `this change would make ${what} larger than MongoDB's 16 MB limit for one record; nothing was changed`,
      { hint: 'shorten the text: the notes and lists of one record count together', ...options },
    );
  }
}

export class NotFoundError extends CareerError {
  override readonly exitCode = ExitCode.NotFound;
}

export class AmbiguousIdError extends CareerError {
  override readonly exitCode = ExitCode.Ambiguous;
}

export class ConflictError extends CareerError {
  override readonly exitCode = ExitCode.Conflict;
}

export class NotSignedInError extends CareerError {
  override readonly exitCode = ExitCode.NotSignedIn;
}

export class DatabaseUnreachableError extends CareerError {
  override readonly exitCode = ExitCode.DatabaseUnreachable;
}

/** An import that ran to the end but rejected some rows (the others are in). */
export class RowsRejectedError extends CareerError {
  override readonly exitCode = ExitCode.RowsRejected;
}

/** A backup archive that cannot be trusted: nothing is restored from it. */
export class InvalidArchiveError extends CareerError {
  override readonly exitCode = ExitCode.InvalidArchive;
}

export class InterruptedError extends CareerError {
  override readonly exitCode = ExitCode.Interrupted;
}
