// expectError: asserts on the kind, message, code, labels and partial results of a raised error.
import {
  MongoBulkWriteError,
  MongoClientBulkWriteError,
  MongoError,
  MongoNetworkError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
} from 'mongodb';
import { formatMismatch, type MatchEntities, matchValue } from './matcher.js';
import { bulkWriteResult, clientBulkWriteResult, mapToDocument } from './results.js';
import { describe, type Document, isDocument, RunnerError } from './values.js';

/**
 * Errors raised by the driver itself (argument validation, BSON serialization...) rather than
 * returned by the server. Network and server-selection failures are excluded: against an engine
 * under development they signal a broken server, not correct client-side validation.
 */
export function isClientError(error: unknown): boolean {
  if (error instanceof RunnerError) return false;
  if (error instanceof MongoServerError) return false;
  // A dropped connection is not derived from a server response, so it counts as a client error
  // (the spec's "socket error" tests expect exactly that).
  if (error instanceof MongoNetworkError) return true;
  if (error instanceof MongoServerSelectionError) return false;
  return error instanceof Error;
}

/** Returns a description of the first unmet expectation, or undefined when all hold. */
export function checkExpectedError(
  expected: Document,
  error: unknown,
  entities: MatchEntities,
): string | undefined {
  if (error instanceof RunnerError) return `runner error: ${error.message}`;
  if (!(error instanceof Error)) return `thrown value is not an Error: ${describe(error)}`;
  const message = error.message;

  if (expected.isClientError !== undefined && expected.isClientError !== isClientError(error)) {
    return `isClientError should be ${String(expected.isClientError)}: ${error.name}: ${message}`;
  }
  if (expected.isTimeoutError !== undefined) {
    const isTimeout = error instanceof MongoOperationTimeoutError;
    if (expected.isTimeoutError !== isTimeout) {
      return `isTimeoutError should be ${String(expected.isTimeoutError)}: ${message}`;
    }
  }
  const candidates = serverErrorsOf(error);
  if (typeof expected.errorContains === 'string') {
    const wanted = expected.errorContains.toLowerCase();
    const texts = [message, ...candidates.map((candidate) => candidate.message)];
    if (!texts.some((text) => text.toLowerCase().includes(wanted))) {
      return `error message ${JSON.stringify(message)} does not contain ${JSON.stringify(expected.errorContains)}`;
    }
  }
  if (expected.errorCode !== undefined) {
    const codes = candidates.map((candidate) => Number(candidate.code));
    if (!codes.includes(Number(expected.errorCode))) {
      return `error code ${codes.join('/') || 'undefined'} != ${describe(expected.errorCode)} (${message})`;
    }
  }
  if (expected.errorCodeName !== undefined) {
    const wanted = String(expected.errorCodeName).toLowerCase();
    const names = candidates.map((candidate) => candidate.codeName);
    if (!names.some((name) => String(name).toLowerCase() === wanted)) {
      return `error codeName ${names.join('/') || 'undefined'} != ${describe(expected.errorCodeName)} (${message})`;
    }
  }
  const serverError = candidates[0];
  const labelProblem = checkLabels(expected, error);
  if (labelProblem) return labelProblem;

  if (expected.errorResponse !== undefined) {
    const response = serverError?.response;
    const mismatch = matchValue(expected.errorResponse, response, entities, 'errorResponse', true);
    if (mismatch) return formatMismatch(mismatch);
  }
  if (expected.writeErrors !== undefined) {
    const problem = checkWriteErrors(expected.writeErrors, error, entities);
    if (problem) return problem;
  }
  if (expected.writeConcernErrors !== undefined) {
    const actual =
      error instanceof MongoClientBulkWriteError ? error.writeConcernErrors : undefined;
    const problem = checkRootList(
      expected.writeConcernErrors,
      actual,
      entities,
      'writeConcernErrors',
    );
    if (problem) return problem;
  }
  if (expected.expectResult !== undefined) {
    const mismatch = matchValue(
      expected.expectResult,
      partialResultOf(error),
      entities,
      'result',
      true,
    );
    if (mismatch) return formatMismatch(mismatch);
  }
  return undefined;
}

function checkLabels(expected: Document, error: Error): string | undefined {
  const labelled = error instanceof MongoClientBulkWriteError && error.cause instanceof MongoError;
  const target = labelled ? (error.cause as MongoError) : error;
  const hasLabel = (label: string) => target instanceof MongoError && target.hasErrorLabel(label);
  for (const label of asStrings(expected.errorLabelsContain)) {
    if (!hasLabel(label)) return `error lacks label ${label}`;
  }
  for (const label of asStrings(expected.errorLabelsOmit)) {
    if (hasLabel(label)) return `error has label ${label}`;
  }
  return undefined;
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}

interface ServerErrorFacts {
  code: unknown;
  codeName: unknown;
  message: string;
  response: Document | undefined;
}

/**
 * The server errors an error stands for: itself; the cause of a client bulk write's top-level
 * failure; each write error and write concern error of a collection bulk write (the spec asks
 * for any of them to satisfy errorContains/errorCode/errorCodeName).
 */
function serverErrorsOf(error: Error): ServerErrorFacts[] {
  const facts: ServerErrorFacts[] = [];
  const add = (candidate: unknown) => {
    if (!(candidate instanceof MongoServerError)) return;
    const response = candidate.errorResponse as Document | undefined;
    facts.push({
      code: candidate.code ?? response?.code,
      codeName: candidate.codeName ?? response?.codeName,
      message: candidate.message,
      response,
    });
  };
  if (error instanceof MongoClientBulkWriteError) add(error.cause);
  add(error);
  if (error instanceof MongoBulkWriteError) {
    const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    for (const writeError of writeErrors) {
      const { code, errmsg } = writeError as { code?: unknown; errmsg?: unknown };
      facts.push({ code, codeName: undefined, message: String(errmsg ?? ''), response: undefined });
    }
  }
  return facts;
}

/** `writeErrors` (clientBulkWrite only) maps operation indexes to root-level error documents. */
function checkWriteErrors(
  expected: unknown,
  error: Error,
  entities: MatchEntities,
): string | undefined {
  if (!isDocument(expected)) throw new RunnerError('expectError.writeErrors must be a document');
  if (!(error instanceof MongoClientBulkWriteError)) {
    return `expected a client bulk write error, got ${error.name}: ${error.message}`;
  }
  const actual = mapToDocument(error.writeErrors);
  for (const [index, expectedError] of Object.entries(expected)) {
    const mismatch = matchValue(
      expectedError,
      actual[index],
      entities,
      `writeErrors.${index}`,
      true,
    );
    if (mismatch) return formatMismatch(mismatch);
  }
  const extra = Object.keys(actual).filter((index) => !Object.hasOwn(expected, index));
  if (extra.length > 0) return `unexpected write errors at indexes ${extra.join(', ')}`;
  return undefined;
}

function checkRootList(
  expected: unknown,
  actual: unknown[] | undefined,
  entities: MatchEntities,
  what: string,
): string | undefined {
  if (!Array.isArray(expected)) throw new RunnerError(`expectError.${what} must be an array`);
  if (!actual) return `error has no ${what}`;
  if (actual.length !== expected.length) {
    return `${what}: expected ${expected.length}, got ${actual.length} (${describe(actual)})`;
  }
  for (const [index, element] of expected.entries()) {
    const mismatch = matchValue(element, actual[index], entities, `${what}[${index}]`, true);
    if (mismatch) return formatMismatch(mismatch);
  }
  return undefined;
}

/** The partial result a bulk write error carries, in the same shape as a successful result. */
function partialResultOf(error: Error): unknown {
  if (error instanceof MongoBulkWriteError) {
    const acknowledged = true;
    return error.result ? bulkWriteResult(error.result, acknowledged) : undefined;
  }
  if (error instanceof MongoClientBulkWriteError) {
    return error.partialResult ? clientBulkWriteResult(error.partialResult) : undefined;
  }
  return undefined;
}
