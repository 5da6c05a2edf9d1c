// Runs one Mongoose test file in its own mocha process against a served engine and reads the
// outcome from mocha's JSON reporter (written to a file: the tests print to stdout themselves).
// A file that crashes or outlives its timeout counts as one failure, so it cannot vanish.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface TestOutcome {
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  error?: string;
}

export interface FileReport {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  tests: TestOutcome[];
  /** Set when mocha gave no report: the file crashed or timed out. */
  crash?: string;
}

interface MochaTest {
  fullTitle: string;
  err?: { message?: string };
}
interface MochaReport {
  passes: MochaTest[];
  failures: MochaTest[];
  pending: MochaTest[];
}

export interface MochaRunOptions {
  workDir: string;
  file: string;
  uri: string;
  fileTimeoutMs: number;
  testTimeoutMs: number;
}

export async function runMochaFile(options: MochaRunOptions): Promise<FileReport> {
  const started = Date.now();
  const reportPath = join(options.workDir, `.mocha-report-${options.file}.json`);
  const mocha = join(options.workDir, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const args = [mocha, '--exit', '--timeout', String(options.testTimeoutMs)];
  args.push('--reporter', 'json', '--reporter-option', `output=${reportPath}`);
  args.push(join('test', options.file));
  const ending = await runProcess(args, options);
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const report = await readReport(reportPath);
  await rm(reportPath, { force: true });
  if (report === undefined) {
    const crash = ending ?? 'mocha wrote no report';
    const tests: TestOutcome[] = [{ title: '(whole file)', status: 'failed', error: crash }];
    return { file: options.file, passed: 0, failed: 1, skipped: 0, seconds, tests, crash };
  }
  const tests = [
    ...report.passes.map((test): TestOutcome => ({ title: test.fullTitle, status: 'passed' })),
    ...report.failures.map((test): TestOutcome => ({
      title: test.fullTitle,
      status: 'failed',
      error: firstLine(test.err?.message),
    })),
    ...report.pending.map((test): TestOutcome => ({ title: test.fullTitle, status: 'skipped' })),
  ];
  const count = (status: TestOutcome['status']) => tests.filter((t) => t.status === status).length;
  return {
    file: options.file,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    seconds,
    tests,
  };
}

/** Resolves with why the process ended abnormally (timeout), or undefined. */
function runProcess(args: string[], options: MochaRunOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: options.workDir,
      env: { ...process.env, MONGOOSE_TEST_URI: options.uri, CI: '1' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.fileTimeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(timedOut ? `timed out after ${options.fileTimeoutMs / 1000} s` : undefined);
    });
  });
}

async function readReport(path: string): Promise<MochaReport | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as MochaReport;
  } catch {
    return undefined;
  }
}

function firstLine(message: string | undefined): string {
  return (message ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
}
