// MongoDB's error shapes: every failure the engine reports to a client is one of these,
// so drivers (and Mongoose) classify it exactly as they would a real server's.
import type { Document } from 'bson';

/** The server error codes the engine uses, with MongoDB's code names. */
export const ErrorCode = {
  InternalError: 1,
  Unauthorized: 13,
  AuthenticationFailed: 18,
  MechanismUnavailable: 334,
  BadValue: 2,
  LockTimeout: 24,
  NoSuchKey: 4,
  FailedToParse: 9,
  TypeMismatch: 14,
  InvalidLength: 16,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  MaxTimeMSExpired: 50,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  CannotCreateIndex: 67,
  IndexOptionsConflict: 85,
  InvalidIndexSpecificationOption: 197,
  IndexKeySpecsConflict: 86,
  OperationFailed: 96,
  DocumentValidationFailure: 121,
  ExceededMemoryLimit: 146,
  NotImplemented: 238,
  InvalidPipelineOperator: 168,
  ProtocolError: 17,
  Location15974: 15974,
  DuplicateKey: 11000,
  CommandNotSupportedOnView: 166,
  OptionNotSupportedOnView: 167,
  ViewDepthLimitExceeded: 149,
  UnknownBsonField: 40415,
  Location40352: 40352,
  Location40414: 40414,
  Location51091: 51091,
  QueryFeatureNotAllowed: 224,
  BSONObjectTooLarge: 10334,
  CannotIndexParallelArrays: 171,
  QueryPlanKilled: 175,
  InvalidBSON: 22,
  IllegalOpMsgFlag: 223,
  ChecksumMismatch: 282,
  Location17276: 17276,
  SearchNotEnabled: 31082,
  WriteConflict: 112,
  HostUnreachable: 6,
  HostNotFound: 7,
  WriteConcernFailed: 64,
  NetworkTimeout: 89,
  ShutdownInProgress: 91,
  UnsatisfiableWriteConcern: 100,
  PrimarySteppedDown: 189,
  ExceededTimeLimit: 262,
  PreparedTransactionInProgress: 267,
  SocketException: 9001,
  NotWritablePrimary: 10107,
  InterruptedAtShutdown: 11600,
  Interrupted: 11601,
  InterruptedDueToReplStateChange: 11602,
  NotPrimaryNoSecondaryOk: 13435,
  NotPrimaryOrSecondary: 13436,
  NoReplicationEnabled: 76,
  ConflictingOperationInProgress: 117,
  NoSuchTransaction: 251,
  TransactionTooOld: 225,
  TransactionCommitted: 256,
  OperationNotSupportedInTransaction: 263,
} as const;

const codeNames: Record<number, string> = Object.fromEntries(
  Object.entries(ErrorCode).map(([name, code]) => [code, name]),
);

export function codeNameOf(code: number): string {
  return codeNames[code] ?? `Location${code}`;
}

/** An error to be answered as { ok: 0, errmsg, code, codeName, ...extra }. */
export class MongoServerError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: Document;

  constructor(code: number, message: string, extra: Document = {}) {
    super(message);
    this.name = 'MongoServerError';
    this.code = code;
    this.codeName = codeNameOf(code);
    this.extra = extra;
  }

  /** The reply document for a command that failed as a whole. */
  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  /** The entry for a single failed write inside writeErrors. */
  toWriteError(index: number): Document {
    return { index, code: this.code, codeName: this.codeName, errmsg: this.message, ...this.extra };
  }
}

export function badValue(message: string): MongoServerError {
  return new MongoServerError(ErrorCode.BadValue, message);
}

/** What a MongoDB without Atlas Search answers search index commands and $listSearchIndexes. */
export function searchNotEnabled(): MongoServerError {
  return new MongoServerError(
    ErrorCode.SearchNotEnabled,
    'Using Atlas Search Database Commands and the $listSearchIndexes aggregation stage requires ' +
      'additional configuration. Please connect to Atlas or an AtlasCLI local deployment to enable.',
  );
}

export function typeMismatch(message: string): MongoServerError {
  return new MongoServerError(ErrorCode.TypeMismatch, message);
}

/** Turns anything thrown inside a handler into a MongoServerError (mingo and SQLite errors included). */
export function toServerError(err: unknown): MongoServerError {
  if (err instanceof MongoServerError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // A JavaScript TypeError/RangeError/ReferenceError is a bug in the engine, not bad input.
  if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError) {
    return new MongoServerError(ErrorCode.InternalError, `internal error: ${message}`);
  }
  if (err instanceof Error && err.name === 'SqliteError') {
    const busy = (err as Error & { code?: string }).code?.startsWith('SQLITE_BUSY') === true;
    return busy
      ? new MongoServerError(
          ErrorCode.LockTimeout,
          `the data file stayed locked by another process: ${message}`,
        )
      : new MongoServerError(ErrorCode.InternalError, `storage error: ${message}`);
  }
  return new MongoServerError(codeForMingoMessage(message, ErrorCode.BadValue), message);
}

/** The code MongoDB gives what mingo reports as a plain error, when its wording says which. */
export function codeForMingoMessage(message: string, fallback: number): number {
  // An undefined $$variable: MongoDB answers 17276.
  if (message.startsWith('Use of undefined variable')) return ErrorCode.Location17276;
  return fallback;
}
