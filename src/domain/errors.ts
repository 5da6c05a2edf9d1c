// The error hierarchy every layer throws. Exit codes are part of the CLI's contract
// (scripts branch on them), so each kind of failure has its own, documented below. Errors
// about input name the field and the problem (FieldError), errors about records the kind and
// the id (RecordNotFoundError, MalformedIdError, ConflictError's `existing`); the command
// layer turns fields into flags and kinds into commands (src/commands/error-wording.ts).
import { Phrase, plainNames, withArticle, type RecordKind } from './phrases.js';

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
 * | 10   | mail server unreachable (refused, no such host)            |
 * | 11   | mail server refused the sign-in (authentication)           |
 * | 12   | timeout: a server (mail, a web page's) did not answer      |
 * | 13   | web page unusable: not HTML, too big, loop, HTTP error     |
 * | 14   | web page's server unreachable (no such host, refused)      |
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
  MailUnreachable: 10,
  MailAuthentication: 11,
  Timeout: 12,
  PageUnusable: 13,
  PageUnreachable: 14,
  Interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface CareerErrorOptions {
  /** The next step for the user, printed as `hint: ...` under the error. */
  hint?: string | Phrase;
  cause?: unknown;
}

/** The text of an error that names fields or next steps, for the command layer to word. */
export interface ErrorWording {
  message: Phrase | undefined;
  hint: Phrase | undefined;
}

/**
 * An expected failure: reported as one line without a stack (unless --debug). Below the
 * command layer, message and hint are phrases (src/domain/phrases.ts): `message` and `hint`
 * then hold them with plain field names until src/commands/error-wording.ts words them.
 */
export class CareerError extends Error {
  readonly exitCode: ExitCodeValue = ExitCode.Generic;
  readonly hint: string | undefined;
  readonly wording: ErrorWording;

  constructor(message: string | Phrase, options: CareerErrorOptions = {}) {
    super(plain(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint === undefined ? undefined : plain(options.hint);
    this.wording = {
      message: message instanceof Phrase ? message : undefined,
      hint: options.hint instanceof Phrase ? options.hint : undefined,
    };
  }

  /** This error (same class, exit code and fields) with the text the user will read. */
  withText(message: string, hint: string | undefined): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.defineProperties(copy, Object.getOwnPropertyDescriptors(this));
    Object.defineProperty(copy, 'message', { value: message, writable: true, configurable: true });
    Object.defineProperty(copy, 'hint', { value: hint, writable: false, configurable: true });
    Object.defineProperty(copy, 'wording', {
      value: { message: undefined, hint: undefined },
      configurable: true,
    });
    return copy;
  }
}

function plain(text: string | Phrase): string {
  return typeof text === 'string' ? text : text.render(plainNames);
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

/** A record, by kind and id ("application 64f1..."), as errors name it. */
export interface RecordRef {
  kind: RecordKind;
  id: string;
  /** The id of the record it belongs to (a follow-up's connection), when it has one. */
  within?: string;
}

/** No record of this kind has the id (or prefix) given; worded with where to see them. */
export class RecordNotFoundError extends NotFoundError {
  constructor(readonly record: RecordRef) {
    super(`no ${record.kind} with id ${record.id}`);
  }
}

/** The text given is not an id at all (not hexadecimal, too long). */
export class MalformedIdError extends CareerError {
  override readonly exitCode = ExitCode.Usage;

  constructor(readonly record: RecordRef) {
    super(`'${record.id}' is not ${withArticle(record.kind)} id`);
  }
}

export class AmbiguousIdError extends CareerError {
  override readonly exitCode = ExitCode.Ambiguous;
}

export interface ConflictErrorOptions extends CareerErrorOptions {
  /** The record already there that the change clashes with, when there is one. */
  existing?: RecordRef;
}

export class ConflictError extends CareerError {
  override readonly exitCode = ExitCode.Conflict;
  readonly existing: RecordRef | undefined;

  constructor(message: string | Phrase, options: ConflictErrorOptions = {}) {
    super(message, options);
    this.existing = options.existing;
  }
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

/** The mail server could not be reached: the connection was refused, or the host is unknown. */
export class MailUnreachableError extends CareerError {
  override readonly exitCode = ExitCode.MailUnreachable;
}

/** The mail server refused the user name and password. */
export class MailAuthenticationError extends CareerError {
  override readonly exitCode = ExitCode.MailAuthentication;
}

/** A server (the mail server, a web page's) did not answer within the time allowed. */
export class ServerTimeoutError extends CareerError {
  override readonly exitCode = ExitCode.Timeout;
}

/** A web page that answered with something a job cannot be read from. */
export class PageUnusableError extends CareerError {
  override readonly exitCode = ExitCode.PageUnusable;
}

/** A web page whose server could not be reached (no such host, connection refused). */
export class PageUnreachableError extends CareerError {
  override readonly exitCode = ExitCode.PageUnreachable;
}

export class InterruptedError extends CareerError {
  override readonly exitCode = ExitCode.Interrupted;
}
