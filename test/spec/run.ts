// CLI: `tsx test/spec/run.ts <dir> [--uri URI] [--filter substring] [--verbose] [--json-out FILE]
// [--strict-topology]`. Runs every unified-format .json file in <dir> against a server (the
// embedded engine by default) and prints per-file and total counts. Exits 0 unless the runner
// itself crashes: CI compares the passed count against a ratchet instead.
import { readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { type Server, startEngineProcess } from './embedded-engine.js';
import { describeDeployment, type Topology } from './requirements.js';
import { type FileReport, runFile } from './runner.js';

interface CliOptions {
  directory: string;
  uri?: string;
  filter?: string;
  verbose: boolean;
  jsonOut?: string;
  /** Run replica-set tests only on a replica set (the default with --uri). */
  strictTopology: boolean;
}

const OPERATION_TIMEOUT_MS = 10_000;

function parseArguments(argv: string[]): CliOptions {
  let directory: string | undefined;
  const options: Omit<CliOptions, 'directory'> = { verbose: false, strictTopology: false };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const next = (): string => {
      const value = argv[++index];
      if (value === undefined) throw new Error(`${argument} needs a value`);
      return value;
    };
    if (argument === '--uri') options.uri = next();
    else if (argument === '--filter') options.filter = next();
    else if (argument === '--json-out') options.jsonOut = next();
    else if (argument === '--verbose' || argument === '-v') options.verbose = true;
    else if (argument === '--strict-topology') options.strictTopology = true;
    else if (argument?.startsWith('-')) throw new Error(`unknown option ${argument}`);
    else if (directory === undefined) directory = argument;
    else throw new Error(`unexpected argument ${argument}`);
  }
  if (directory === undefined) {
    throw new Error(
      'usage: run.ts <dir> [--uri URI] [--filter substring] [--verbose] [--json-out FILE] [--strict-topology]',
    );
  }
  return { directory, ...options };
}

function printFileLine(report: FileReport, verbose: boolean): void {
  const count = (status: string) => report.tests.filter((test) => test.status === status).length;
  console.log(
    `${report.file}: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`,
  );
  if (!verbose) return;
  for (const test of report.tests) {
    if (test.status === 'failed')
      console.log(`  FAIL ${test.description}\n       ${test.detail ?? ''}`);
  }
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const directory = resolve(options.directory);
  const files = (await readdir(directory)).filter((name) => name.endsWith('.json')).sort();

  const server: Server =
    options.uri !== undefined
      ? { uri: options.uri, close: async () => undefined }
      : await startEngineProcess();
  const internalClient = new MongoClient(server.uri, { serverSelectionTimeoutMS: 10_000 });
  const reports: FileReport[] = [];
  try {
    await internalClient.connect();
    // The engine is to become a replica set (a member of one is what its tests need): until
    // then they run and fail instead of hiding among the skips. A real server gets the
    // spec's strict matching.
    const strict = options.strictTopology || options.uri !== undefined;
    const alsoRunsFor: Topology[] = strict ? [] : ['replicaset'];
    const deployment = await describeDeployment(internalClient, server.uri, alsoRunsFor);
    const health = { consecutiveTimeouts: 0 };
    let interrupted = false;
    process.once('SIGINT', () => {
      interrupted = true;
    });
    for (const file of files) {
      const report = await runFile(join(directory, file), {
        uri: server.uri,
        internalClient,
        deployment,
        operationTimeoutMS: OPERATION_TIMEOUT_MS,
        filter: options.filter,
        health,
        interrupted: () => interrupted,
      });
      if (options.filter !== undefined && report.tests.length === 0) continue;
      reports.push(report);
      printFileLine(report, options.verbose);
    }
  } finally {
    await internalClient.close().catch(() => undefined);
    await server.close();
  }

  const all = reports.flatMap((report) => report.tests);
  const total = (status: string) => all.filter((test) => test.status === status).length;
  const summary = { passed: total('passed'), failed: total('failed'), skipped: total('skipped') };
  console.log(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
  if (options.jsonOut) {
    await writeFile(
      options.jsonOut,
      `${JSON.stringify({ ...summary, files: reports }, null, 2)}\n`,
    );
  }
}

main().catch((error: unknown) => {
  console.error('spec runner crashed:', error);
  process.exitCode = 1;
});
