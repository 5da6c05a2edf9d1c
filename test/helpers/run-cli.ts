// Runs the built CLI (bin/career -> dist/launch.cjs -> dist/main/cli.cjs) as a child process, the way a user
// would, in a sandbox: CAREER_HOME is a fresh temp dir and HOME points at another empty
// temp dir, so a test can never read or write the real user's data.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from './temp-dirs.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = path.join(projectRoot, 'bin', 'career');

export interface RunCliOptions {
  /** CAREER_HOME to use (to share state between runs); a fresh temp dir by default. */
  home?: string;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  /** spawnCli only: leave stdin open, for the test to write to and end. */
  keepStdinOpen?: boolean;
  /** Extra environment variables (applied last). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface CliResult {
  /** The exit code; null if the process was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The CAREER_HOME the command ran with. */
  home: string;
  /** The HOME the command ran with (should stay empty). */
  userHome: string;
}

// Variables from the developer's shell that would change which database the CLI uses.
export const LEAKY_VARIABLES = [
  'CAREER_HOME',
  'CAREER_DB_URI',
  'MONGODB_URI',
  'FORCE_COLOR',
  'CAREER_SMTP_URL',
  'CAREER_SMTP_FROM',
  'CAREER_SMTP_PASSWORD',
  'CAREER_SMTP_TIMEOUT_MS',
  'CAREER_LLM_URL',
  'CAREER_LLM_MODEL',
  'CAREER_LLM_API_KEY',
  'CAREER_LLM_TIMEOUT_MS',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_STATE_HOME',
  'XDG_CACHE_HOME',
];

export function sandboxEnv(home: string, userHome: string, extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of LEAKY_VARIABLES) delete env[name];
  return { ...env, HOME: userHome, CAREER_HOME: home, NO_COLOR: '1', ...extra };
}

export interface SpawnedCli {
  child: ChildProcessWithoutNullStreams;
  home: string;
  userHome: string;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches `pattern` (rejects if the process exits first). */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI and returns at once, for long-running commands like `db serve`. */
export function spawnCli(args: readonly string[], options: RunCliOptions = {}): SpawnedCli {
  const home = options.home ?? makeTempDir();
  const userHome = makeTempDir('career-user-home-');
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: projectRoot,
    env: sandboxEnv(home, userHome, options.env),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal }));
    },
  );
  if (options.input !== undefined) child.stdin.end(options.input);
  else if (options.keepStdinOpen !== true) child.stdin.end();

  const waitForStdout = (pattern: RegExp, timeoutMs = 10_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = (): boolean => {
        const match = stdout.match(pattern);
        if (match) {
          cleanup();
          resolve(match);
        }
        return match !== null;
      };
      const onExit = (): void => {
        if (check()) return;
        cleanup();
        reject(
          new Error(`exited before printing ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`),
        );
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.off('close', onExit);
      };
      child.stdout.on('data', check);
      child.on('close', onExit);
      check();
    });

  return {
    child,
    home,
    userHome,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStdout,
    exited,
  };
}

/** Runs `career ...args` to completion. */
export async function runCli(
  args: readonly string[],
  options: RunCliOptions = {},
): Promise<CliResult> {
  const run = spawnCli(args, options);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  try {
    const { code, signal } = await run.exited;
    return {
      code,
      signal,
      stdout: run.stdout(),
      stderr: run.stderr(),
      home: run.home,
      userHome: run.userHome,
    };
  } finally {
    clearTimeout(timer);
  }
}
