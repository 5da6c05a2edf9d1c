// The single place where a failure becomes output and an exit code. Errors we expect
// are one line (`error: ...`) plus an optional `hint: ...`; stacks only with --debug.
import { coloursFor } from './colours.js';
import type { CommandIO } from './io.js';
import {
  CareerError,
  DocumentTooLargeError,
  ExitCode,
  type ExitCodeValue,
} from '../domain/errors.js';
import { printable } from './printable.js';

interface ErrorReport {
  exitCode: ExitCodeValue;
  message: string;
  hint: string | undefined;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

interface FieldError {
  path?: string;
  value?: unknown;
  kind?: string;
  message?: string;
  properties?: { enumValues?: unknown[] };
}

/** A Mongoose validation failure as "field: problem" parts, naming allowed values for enums. */
function validationMessage(error: unknown, fallback: string): string {
  const errors = (error as { errors?: Record<string, FieldError> }).errors;
  if (!errors) return fallback;
  const parts = Object.values(errors).map((field) => {
    const allowed = field.properties?.enumValues;
    if (field.kind === 'enum' && Array.isArray(allowed)) {
      return `${field.path}: '${String(field.value)}' is not allowed (use one of: ${allowed.join(', ')})`;
    }
    return field.message ?? `${field.path} is invalid`;
  });
  return `invalid input: ${parts.join('; ')}`;
}

/** Maps errors from libraries that escaped translation to the closest exit code. */
function classify(error: unknown): ErrorReport {
  if (error instanceof CareerError) {
    return { exitCode: error.exitCode, message: error.message, hint: error.hint };
  }
  const message = error instanceof Error ? error.message : String(error);
  const name = errorName(error);
  if (name === 'ExitPromptError' || name === 'AbortPromptError') {
    return { exitCode: ExitCode.Interrupted, message: 'cancelled', hint: undefined };
  }
  if (name === 'ValidationError') {
    return {
      exitCode: ExitCode.Usage,
      message: validationMessage(error, message),
      hint: undefined,
    };
  }
  if (name === 'CastError') return { exitCode: ExitCode.Usage, message, hint: undefined };
  if (errorCode(error) === 11000) {
    return {
      exitCode: ExitCode.Conflict,
      message: `that already exists (${message})`,
      hint: undefined,
    };
  }
  if (errorCode(error) === 10334) {
    // BSONObjectTooLarge, from a write the Mongoose models did not see (db/document-limit.ts).
    return classify(new DocumentTooLargeError('a record', { cause: error }));
  }
  if (/^Mongo(ose)?(ServerSelection|Network|NetworkTimeout|TopologyClosed)Error$/.test(name)) {
    return {
      exitCode: ExitCode.DatabaseUnreachable,
      message: `lost the database connection: ${message}`,
      hint: 'run `career db status` to check the database',
    };
  }
  return {
    exitCode: ExitCode.Generic,
    message,
    hint: 'this looks like a bug in career; run again with --debug to see where it happened',
  };
}

function stackOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  let stack = error.stack ?? `${error.name}: ${error.message}`;
  if (error.cause !== undefined)
    stack += `\ncaused by: ${stackOf(error.cause) ?? String(error.cause)}`;
  return stack;
}

/** Prints `error` to the io's stderr and returns the exit code to use. */
export function reportError(
  error: unknown,
  options: { debug: boolean; io: CommandIO },
): ExitCodeValue {
  const report = classify(error);
  const colours = coloursFor(options.io.stderr);
  // Keep it to one line: multi-line library messages would bury the hint. Messages often
  // hold data (a name, an id prefix as typed): escaped here, once for every error.
  const message = printable(report.message.replace(/\s*\n\s*/g, ' ').trim());
  let text = `${colours.red('error:')} ${message}\n`;
  if (report.hint !== undefined) text += `${colours.dim('hint:')} ${printable(report.hint)}\n`;
  if (options.debug) {
    text += `${colours.dim(printable(stackOf(error) ?? '', { lines: true }))}\n`;
  }
  options.io.stderr.stream.write(text);
  return report.exitCode;
}
