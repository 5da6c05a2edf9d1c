// Error helpers for the query layer: mingo reports problems as plain errors, clients expect
// MongoDB's codes.
import { codeForMingoMessage, ErrorCode, MongoServerError } from '../errors.js';

export const QueryErrorCode = {
  ...ErrorCode,
  PipelineStageSingleField: 40323,
  UnrecognizedPipelineStage: 40324,
  ProjectionExclusionInInclusion: 31254,
  ProjectionInclusionInExclusion: 31253,
  InvalidRegex: 51091,
} as const;

export function queryError(code: number, message: string): MongoServerError {
  return new MongoServerError(code, message);
}

/** mingo's wording for an operator it does not know, whatever kind of operator it was. */
const UNREGISTERED_OPERATOR = /^\w+ '(\$[^']+)' is not registered/;

export function isUnknownOperatorError(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === QueryErrorCode.InvalidPipelineOperator;
}

/** Runs fn, turning anything but a MongoServerError into one with the given code. */
export function withMongoErrors<T>(fn: () => T, code: number = ErrorCode.BadValue): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MongoServerError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    const unknown = UNREGISTERED_OPERATOR.exec(message);
    if (unknown) {
      throw new MongoServerError(
        ErrorCode.InvalidPipelineOperator,
        `Unrecognized expression '${unknown[1] as string}'`,
      );
    }
    throw new MongoServerError(codeForMingoMessage(message, code), message);
  }
}
