// Runs one unified-format test file: requirements, skips, setup, operations, events and outcome.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { MongoClient } from 'mongodb';
import { EntityMap } from './entities.js';
import { checkExpectedEvents } from './events.js';
import { checkExpectedLogs } from './log-messages.js';
import {
  errorText,
  type OperationContext,
  OperationTimeout,
  runOperations,
  withTimeout,
} from './operation-runner.js';
import { type Deployment, unmetRequirements } from './requirements.js';
import { skipReasonFor } from './skips.js';
import { type ConfiguredFailPoint, disableFailPoints } from './special-operations.js';
import { checkOutcome, flushUnacknowledgedWrites, prepareDatabases } from './test-data.js';
import {
  asDocument,
  asString,
  type Document,
  isDocument,
  optionalArray,
  parseExtendedJson,
  TestFailure,
} from './values.js';

/** Newest unified test format version whose features this runner implements. */
const SUPPORTED_SCHEMA = { major: 1, minor: 21 };

export type TestStatus = 'passed' | 'failed' | 'skipped';

export interface TestReport {
  description: string;
  status: TestStatus;
  /** Why it failed or was skipped. */
  detail?: string;
}

export interface FileReport {
  file: string;
  tests: TestReport[];
}

export interface RunContext {
  uri: string;
  internalClient: MongoClient;
  deployment: Deployment;
  operationTimeoutMS: number;
  /** Only tests whose file name or description contains this substring run. */
  filter?: string;
  /** Shared across files: once the server stops answering, the remaining tests fail fast. */
  health: { consecutiveTimeouts: number };
  /** True once the runner was interrupted: loops stop (the spec's termination request). */
  interrupted?: () => boolean;
}

/** After this many tests in a row time out, the server is taken to be hung. */
const MAX_CONSECUTIVE_TIMEOUTS = 5;

export async function runFile(path: string, context: RunContext): Promise<FileReport> {
  const file = basename(path);
  const report: FileReport = { file, tests: [] };
  let spec: Document;
  try {
    spec = asDocument(parseExtendedJson(await readFile(path, 'utf8')), 'test file');
  } catch (error) {
    report.tests.push({
      description: '(file)',
      status: 'failed',
      detail: `unreadable: ${errorText(error)}`,
    });
    return report;
  }
  const tests = optionalArray(spec.tests, 'tests').map((test) => asDocument(test, 'test'));
  const selected = tests.filter((test) => {
    if (context.filter === undefined) return true;
    return file.includes(context.filter) || String(test.description).includes(context.filter);
  });
  const describeTest = (test: Document) => String(test.description);

  const schemaProblem = checkSchemaVersion(spec.schemaVersion);
  if (schemaProblem) {
    for (const test of selected) {
      report.tests.push({
        description: describeTest(test),
        status: 'failed',
        detail: schemaProblem,
      });
    }
    return report;
  }
  const fileUnmet = await unmetRequirements(spec.runOnRequirements, context.deployment);
  for (const test of selected) {
    const description = describeTest(test);
    const skip = fileUnmet ?? (await testSkipReason(spec, test, context.deployment));
    if (skip !== undefined) {
      report.tests.push({ description, status: 'skipped', detail: skip });
      continue;
    }
    if (
      context.health.consecutiveTimeouts >= MAX_CONSECUTIVE_TIMEOUTS &&
      !(await serverResponds(context.internalClient))
    ) {
      const detail = `not run: the server stopped responding after ${MAX_CONSECUTIVE_TIMEOUTS} timeouts`;
      report.tests.push({ description, status: 'failed', detail });
      continue;
    }
    try {
      await runTest(spec, test, context);
      report.tests.push({ description, status: 'passed' });
      context.health.consecutiveTimeouts = 0;
    } catch (error) {
      report.tests.push({ description, status: 'failed', detail: errorText(error) });
      const timedOut =
        error instanceof OperationTimeout ||
        (error instanceof Error && error.cause instanceof OperationTimeout);
      context.health.consecutiveTimeouts = timedOut ? context.health.consecutiveTimeouts + 1 : 0;
    }
  }
  return report;
}

/** A quick ping, used to tell a hung server from a few operations that hang on their own. */
async function serverResponds(client: MongoClient): Promise<boolean> {
  try {
    await withTimeout(client.db('admin').command({ ping: 1 }), 2_000, 'ping');
    return true;
  } catch {
    return false;
  }
}

function checkSchemaVersion(version: unknown): string | undefined {
  if (typeof version !== 'string') return 'schemaVersion is missing';
  const [major, minor] = version.split('.').map((part) => Number.parseInt(part, 10));
  if (major === SUPPORTED_SCHEMA.major && (minor ?? 0) <= SUPPORTED_SCHEMA.minor) return undefined;
  return `schemaVersion ${version} is not supported (runner supports ${SUPPORTED_SCHEMA.major}.${SUPPORTED_SCHEMA.minor})`;
}

async function testSkipReason(
  spec: Document,
  test: Document,
  deployment: Deployment,
): Promise<string | undefined> {
  if (typeof test.skipReason === 'string') return `skipReason: ${test.skipReason}`;
  const unmet = await unmetRequirements(test.runOnRequirements, deployment);
  if (unmet !== undefined) return unmet;
  const operationNames = optionalArray(test.operations, 'operations').map((operation) =>
    String(isDocument(operation) ? operation.name : ''),
  );
  const listed = skipReasonFor({
    fileDescription: String(spec.description),
    testDescription: String(test.description),
    operationNames,
    test,
  });
  return listed === undefined ? undefined : `skip list: ${listed}`;
}

async function runTest(spec: Document, test: Document, context: RunContext): Promise<void> {
  const { internalClient, operationTimeoutMS } = context;
  const entityDefinitions = optionalArray(spec.createEntities, 'createEntities');
  try {
    await withTimeout(killAllSessions(internalClient), operationTimeoutMS, 'killAllSessions');
    await withTimeout(
      prepareDatabases(spec, entityDefinitions, internalClient),
      operationTimeoutMS * 3,
      'initialData setup',
    );
  } catch (error) {
    throw new TestFailure(`setup (drop databases, initialData): ${errorText(error)}`, {
      cause: error,
    });
  }

  const entities = new EntityMap(context.uri);
  const failPoints: ConfiguredFailPoint[] = [];
  const operationContext: OperationContext = {
    entities,
    internalClient,
    failPoints,
    timeoutMS: operationTimeoutMS,
    loopsStopped: () => context.interrupted?.() ?? false,
  };
  try {
    await withTimeout(entities.create(entityDefinitions), operationTimeoutMS, 'createEntities');
    await runOperations(test.operations, operationContext);
    // Later traffic (pings, fail point cleanup) is the runner's own, not the test's.
    entities.stopRecording();
    await flushUnacknowledgedWrites(entities, operationTimeoutMS);
    await disableFailPoints(failPoints);
    checkEventsAndLogs(test, entities);
    for (const collectionData of optionalArray(test.outcome, 'outcome')) {
      await withTimeout(
        checkOutcome(asDocument(collectionData, 'outcome entry'), internalClient),
        operationTimeoutMS,
        'outcome check',
      );
    }
  } finally {
    await disableFailPoints(failPoints);
    await withTimeout(entities.close(), operationTimeoutMS, 'entity cleanup').catch(
      () => undefined,
    );
  }
}

/**
 * The spec: before each test, end the transactions an earlier test left open (they could hold
 * locks the setup needs); a server without sessions, or one answering Interrupted, is fine.
 */
async function killAllSessions(internalClient: MongoClient): Promise<void> {
  await internalClient
    .db('admin')
    .command({ killAllSessions: [] })
    .catch(() => undefined);
}

function checkEventsAndLogs(test: Document, entities: EntityMap): void {
  for (const expectation of optionalArray(test.expectEvents, 'expectEvents')) {
    const expected = asDocument(expectation, 'expectEvents entry');
    const clientId = asString(expected.client, 'expectEvents.client');
    const problem = checkExpectedEvents(expected, entities.recorder(clientId).events, entities);
    if (problem) throw new TestFailure(`expectEvents for ${clientId}: ${problem}`);
  }
  for (const expectation of optionalArray(test.expectLogMessages, 'expectLogMessages')) {
    const expected = asDocument(expectation, 'expectLogMessages entry');
    const clientId = asString(expected.client, 'expectLogMessages.client');
    const problem = checkExpectedLogs(expected, entities.logs(clientId), entities);
    if (problem) throw new TestFailure(`expectLogMessages for ${clientId}: ${problem}`);
  }
}

export { errorText };
