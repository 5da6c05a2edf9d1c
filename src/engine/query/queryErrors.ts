// Error helpers for the query layer: mingo reports problems as plain errors, clients expect
// MongoDB's codes.
import { ErrorCode, MongoServerError } from '../errors.js';

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

/** Runs fn, turning anything but a MongoServerError into one with the given code. */
export function withMongoErrors<T>(fn: () => T, code: number = ErrorCode.BadValue): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MongoServerError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new MongoServerError(code, message);
  }
}
