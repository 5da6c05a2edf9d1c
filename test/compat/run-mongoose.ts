// CLI: `tsx test/compat/run-mongoose.ts [DIR] [--filter substring] [--verbose] [--json-out FILE]
//        [--concurrency N] [--file-timeout SECONDS] [--test-timeout MS]`
// Runs Mongoose's own test files (every DIR/test/*.test.js, DIR defaulting to
// ../shared/compat/mongoose) against the engine served as `career db serve` serves it, one mocha
// process per file, and prints per-file and total counts. Each lane of the concurrency has its own
// server: every file drops the shared test databases before and after it runs, as in Mongoose's
// CI where files run one after another. Exits 0 unless the runner itself fails: CI compares the
// passed count with .ci/mongoose-ratchet.
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { knownFailureReason } from './mongoose-known-failures.js';
import { type FileReport, runMochaFile } from './mocha-file.js';
import { prepareSuite } from './prepare-suite.js';
import { serveEngine } from './serve-engine.js';

interface CliOptions {
  directory: string;
  filter?: string;
  verbose: boolean;
  jsonOut?: string;
  concurrency: number;
  fileTimeoutMs: number;
  testTimeoutMs: number;
}

const DEFAULT_DIRECTORY = '../shared/compat/mongoose';

function parseArguments(argv: string[]): CliOptions {
  const options: CliOptions = {
    directory: DEFAULT_DIRECTORY,
    verbose: false,
    concurrency: 2,
    fileTimeoutMs: 300_000,
    testTimeoutMs: 20_000,
  };
  let directorySet = false;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    const next = (): string => {
      const value = argv[++index];
      if (value === undefined) throw new Error(`${argument} needs a value`);
      return value;
    };
    const positive = (): number => {
      const value = Number(next());
      if (!Number.isInteger(value) || value < 1)
        throw new Error(`${argument} needs a whole number`);
      return value;
    };
    if (argument === '--filter') options.filter = next();
    else if (argument === '--json-out') options.jsonOut = next();
    else if (argument === '--verbose' || argument === '-v') options.verbose = true;
    else if (argument === '--concurrency') options.concurrency = positive();
    else if (argument === '--file-timeout') options.fileTimeoutMs = positive() * 1000;
    else if (argument === '--test-timeout') options.testTimeoutMs = positive();
    else if (argument.startsWith('-')) throw new Error(`unknown option ${argument}`);
    else if (!directorySet) [options.directory, directorySet] = [argument, true];
    else throw new Error(`unexpected argument ${argument}`);
  }
  return options;
}

function printFile(report: FileReport, verbose: boolean): void {
  console.log(
    `${report.file}: ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped (${report.seconds} s)`,
  );
  if (!verbose) return;
  for (const test of report.tests) {
    if (test.status !== 'failed') continue;
    const known = knownFailureReason(report.file, test.title);
    console.log(`  FAIL ${test.title}${known ? `  [known: ${known}]` : ''}\n       ${test.error}`);
  }
}

async function runLanes(
  files: string[],
  options: CliOptions,
  workDir: string,
): Promise<FileReport[]> {
  const queue = [...files];
  const reports: FileReport[] = [];
  const lane = async (): Promise<void> => {
    const server = await serveEngine();
    try {
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        const report = await runMochaFile({ workDir, file, uri: server.uri, ...options });
        reports.push(report);
        printFile(report, options.verbose);
      }
    } finally {
      await server.close();
    }
  };
  const lanes = Math.min(options.concurrency, files.length);
  await Promise.all(Array.from({ length: lanes }, lane));
  return reports.sort((a, b) => a.file.localeCompare(b.file));
}

/** `file: title` of each failure the known-failures list does not explain. */
function unexpectedFailures(reports: FileReport[]): string[] {
  return reports.flatMap((report) =>
    report.tests
      .filter((test) => test.status === 'failed')
      .filter((test) => knownFailureReason(report.file, test.title) === undefined)
      .map((test) => `${report.file}: ${test.title}`),
  );
}

/** `file: title` of each listed failure that passed: the list must shrink with the fixes. */
function listedButPassing(reports: FileReport[]): string[] {
  return reports.flatMap((report) =>
    report.tests
      .filter((test) => test.status === 'passed')
      .filter((test) => knownFailureReason(report.file, test.title) !== undefined)
      .map((test) => `${report.file}: ${test.title}`),
  );
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const started = Date.now();
  const workDir = await prepareSuite(resolve(options.directory));
  try {
    const files = (await readdir(join(workDir, 'test')))
      .filter((name) => name.endsWith('.test.js'))
      .filter((name) => options.filter === undefined || name.includes(options.filter))
      .sort();
    const reports = await runLanes(files, options, workDir);
    const total = (key: 'passed' | 'failed' | 'skipped') =>
      reports.reduce((sum, report) => sum + report[key], 0);
    const summary = { passed: total('passed'), failed: total('failed'), skipped: total('skipped') };
    const seconds = Math.round((Date.now() - started) / 1000);
    const unexpected = unexpectedFailures(reports);
    console.log(`(${reports.length} files in ${seconds} s)`);
    console.log(
      `${summary.failed - unexpected.length} failures are listed in test/compat/mongoose-known-failures.ts, ${unexpected.length} are not${unexpected.length ? ':' : ''}`,
    );
    for (const failure of unexpected) console.log(`  ${failure}`);
    for (const fixed of listedButPassing(reports)) {
      console.log(`listed as failing but passed (remove it from the list): ${fixed}`);
    }
    console.log(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
    if (options.jsonOut) {
      const body = { ...summary, seconds, unexpectedFailures: unexpected, files: reports };
      await writeFile(options.jsonOut, `${JSON.stringify(body, null, 2)}\n`);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('compat runner failed:', error);
  process.exitCode = 1;
});
