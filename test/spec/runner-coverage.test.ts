// The runner's own check: a unified-format file of ours exercising operations and entities the
// official suites in ../shared/spec never use (GridFS, loops, threads, event waits, cursors...),
// run against the engine as `npm run spec` runs a suite.
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEngine } from '../../src/engine/index.js';
import { makeTempDir } from '../helpers/temp-dirs.js';
import { describeDeployment } from './requirements.js';
import { runFile } from './runner.js';

let server: { uri: string; close(): Promise<void> };
let internalClient: MongoClient;

beforeAll(async () => {
  // In this process (vitest runs no tsx child); test commands on for fail points, as `npm run spec`.
  server = await startEngine({ dataDir: makeTempDir('career-spec-'), testCommands: true });
  internalClient = new MongoClient(server.uri);
  await internalClient.connect();
}, 60_000);

afterAll(async () => {
  await internalClient.close();
  await server.close();
});

it('passes every test of the coverage file', async () => {
  const report = await runFile(join(import.meta.dirname, 'fixtures', 'runner-coverage.json'), {
    uri: server.uri,
    internalClient,
    deployment: await describeDeployment(internalClient, server.uri),
    operationTimeoutMS: 10_000,
    health: { consecutiveTimeouts: 0 },
  });
  const problems = report.tests.filter((test) => test.status !== 'passed');
  expect(problems).toEqual([]);
  expect(report.tests).toHaveLength(4);
}, 60_000);
