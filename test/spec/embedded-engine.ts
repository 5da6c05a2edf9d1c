// Starts the embedded engine in a child process (see engine-process.ts) on a fresh temporary data
// directory, and stops it and removes the directory afterwards.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Server {
  uri: string;
  close(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;
const SHUTDOWN_GRACE_MS = 5_000;

export async function startEngineProcess(): Promise<Server> {
  const dataDir = await mkdtemp(join(tmpdir(), 'career-spec-'));
  const entry = join(import.meta.dirname, 'engine-process.ts');
  // execArgv carries tsx's loader flags, so the child can run TypeScript the same way we do.
  const child = spawn(process.execPath, [...process.execArgv, entry, dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    child.stdin.end();
    const finished = await Promise.race([
      exited.then(() => true),
      sleep(SHUTDOWN_GRACE_MS, false, { ref: false }),
    ]);
    if (!finished) {
      child.kill('SIGKILL');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const uri = await readUri(child.stdout, exited);
    return { uri, close: stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function readUri(stdout: NodeJS.ReadableStream, exited: Promise<void>): Promise<string> {
  const lines = createInterface({ input: stdout });
  const firstLine = new Promise<string>((resolve) => lines.once('line', resolve));
  const outcome = await Promise.race([
    firstLine,
    exited.then(() => new Error('the engine process exited before reporting its URI')),
    sleep(STARTUP_TIMEOUT_MS, undefined, { ref: false }).then(
      () => new Error('the engine did not start within 30 s'),
    ),
  ]);
  lines.close();
  // Keep draining so later engine output can never fill the pipe and block the child.
  stdout.resume();
  if (outcome instanceof Error) throw outcome;
  const parsed: unknown = JSON.parse(outcome);
  const uri = (parsed as { uri?: unknown }).uri;
  if (typeof uri !== 'string') throw new Error(`unexpected engine output: ${outcome}`);
  return uri;
}
