// observeLogMessages and expectLogMessages: the driver's structured log, collected per client.
import type { MongoClientOptions } from 'mongodb';
import { formatMismatch, type MatchEntities, matchValue } from './matcher.js';
import { asArray, asDocument, asString, type Document, isDocument } from './values.js';

export interface CollectedLog {
  level: string;
  component: string;
  data: Document;
}

/** Driver options that send the client's log to `sink`, for the components the test names. */
export function logOptions(observe: unknown, sink: CollectedLog[]): Partial<MongoClientOptions> {
  const severities = asDocument(observe, 'observeLogMessages');
  return {
    mongodbLogComponentSeverities:
      severities as MongoClientOptions['mongodbLogComponentSeverities'],
    mongodbLogPath: {
      write: (log: Document) => {
        const { s, c, t: _time, ...data } = log;
        sink.push({ level: String(s), component: String(c), data });
      },
    },
  } as Partial<MongoClientOptions>;
}

/** expectedLogMessagesForClient against what was collected; the first difference or undefined. */
export function checkExpectedLogs(
  expectation: Document,
  collected: readonly CollectedLog[],
  entities: MatchEntities,
): string | undefined {
  const ignored = asArray(expectation.ignoreMessages ?? [], 'ignoreMessages');
  const observed = collected.filter(
    (log) =>
      !ignored.some(
        (pattern) => logMismatch(asDocument(pattern, 'log'), log, entities) === undefined,
      ),
  );
  const expected = asArray(expectation.messages, 'expectLogMessages.messages');
  for (const [index, message] of expected.entries()) {
    const actual = observed[index];
    if (!actual) return `expected ${expected.length} log messages, observed ${observed.length}`;
    const problem = logMismatch(asDocument(message, 'expected log message'), actual, entities);
    if (problem) return `log message ${index}: ${problem}`;
  }
  if (expectation.ignoreExtraMessages !== true && observed.length > expected.length) {
    return `expected ${expected.length} log messages, observed ${observed.length}`;
  }
  return undefined;
}

function logMismatch(
  expected: Document,
  actual: CollectedLog,
  entities: MatchEntities,
): string | undefined {
  if (asString(expected.level, 'level') !== actual.level) return `level is ${actual.level}`;
  if (asString(expected.component, 'component') !== actual.component) {
    return `component is ${actual.component}`;
  }
  if (typeof expected.failureIsRedacted === 'boolean') {
    const failure = actual.data.failure;
    if (failure === undefined) return 'no failure in the log message';
    const redacted =
      isDocument(failure) && Object.keys(failure).length <= 3 && !('errmsg' in failure);
    if (redacted !== expected.failureIsRedacted) return `failure redacted is ${redacted}`;
  }
  const mismatch = matchValue(expected.data, actual.data, entities, 'data', true);
  return mismatch ? formatMismatch(mismatch) : undefined;
}
