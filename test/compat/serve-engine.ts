// Serves the engine the way a user does: `career db serve` (through tsx, so no build is needed)
// on an ephemeral port with a fresh CAREER_HOME and the session password it generates, and reads
// the connection string from its `--json` line. Stopped with SIGTERM, then the home is removed.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServedEngine {
  /** mongodb://career:<password>@127.0.0.1:<port>/career?authSource=admin&directConnection=true */
  uri: string;
  close(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;
const SHUTDOWN_GRACE_MS = 10_000;
const CLI_ENTRY = resolve(import.meta.dirname, '../../src/cli.ts');

export async function serveEngine(): Promise<ServedEngine> {
  const home = await mkdtemp(join(tmpdir(), 'career-compat-home-'));
  // execArgv carries tsx's loader flags, so the child runs the TypeScript CLI as we do.
  const child = spawn(
    process.execPath,
    [...process.execArgv, CLI_ENTRY, '--json', 'db', 'serve', '--port', '0'],
    { env: { ...process.env, CAREER_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const finished = await Promise.race([
      exited.then(() => true),
      sleep(SHUTDOWN_GRACE_MS, false, { ref: false }),
    ]);
    if (!finished) {
      child.kill('SIGKILL');
      await exited;
    }
    await rm(home, { recursive: true, force: true });
  };
  try {
    return { uri: await readServedUri(child.stdout, exited), close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function readServedUri(
  stdout: NodeJS.ReadableStream,
  exited: Promise<void>,
): Promise<string> {
  const lines = createInterface({ input: stdout });
  const firstLine = new Promise<string>((done) => lines.once('line', done));
  const outcome = await Promise.race([
    firstLine,
    exited.then(() => new Error('career db serve exited before printing its URI')),
    sleep(STARTUP_TIMEOUT_MS, undefined, { ref: false }).then(
      () => new Error('career db serve did not start within 60 s'),
    ),
  ]);
  lines.close();
  stdout.resume();
  if (outcome instanceof Error) throw outcome;
  const uri = (JSON.parse(outcome) as { uri?: unknown }).uri;
  if (typeof uri !== 'string') throw new Error(`unexpected db serve output: ${outcome}`);
  return uri;
}
