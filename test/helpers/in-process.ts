// Runs `career ...argv` inside the test process (src, not dist): runCli with a context built
// from buffers, an isolated CAREER_HOME (a temp dir) and an empty HOME, so a test can never
// read or write the real user's data. Each run opens and closes its own embedded engine and
// Mongoose connection, exactly as a real process does (see foundation notes for the timings
// that chose this over sharing one engine per home). Far faster than a child process; keep
// run-cli.ts (child process) for what needs a real process: exit codes end to end, signals,
// TTY/pipe behaviour, lazy loading and start-up, the bundled build.
import { existsSync, readdirSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { mongoose } from '../../src/db/mongoose.js';
import { createContext, createIo } from '../../src/commands/context.js';
import { runCli } from '../../src/commands/run-cli.js';
import { TEST_PASSWORD } from './accounts.js';
import { LEAKY_VARIABLES } from './run-cli.js';
import { makeTempDir } from './temp-dirs.js';

export interface InProcessOptions {
  /** CAREER_HOME to use (to share state between runs); a fresh temp dir by default. */
  home?: string;
  /** What the command reads on stdin (empty by default). */
  stdin?: string;
  /** Extra environment variables (applied last). */
  env?: Record<string, string>;
  /** Whether stdin, stdout and stderr count as a terminal (default false: a pipe). */
  tty?: boolean;
  /** The terminal's width (with tty), as process.stdout.columns would give it. */
  columns?: number;
  /** "Now" for the command's clock (the real time by default), to pin relative dates. */
  now?: Date;
}

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The CAREER_HOME the command ran with. */
  home: string;
}

/** The environment of a run: the test process's, minus the shell's database choices. */
function sandboxEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !LEAKY_VARIABLES.includes(name)) env[name] = value;
  }
  const userHome = makeTempDir('career-user-home-');
  return { ...env, HOME: userHome, CAREER_HOME: home, NO_COLOR: '1', ...extra };
}

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

/**
 * The test process's own CAREER_HOME: a trap. A run gets its environment from its context
 * only; anything that read process.env instead would write here, and the run fails.
 */
const trapHome = makeTempDir('career-env-trap-');
process.env.CAREER_HOME = trapHome;

function checkTrap(argv: readonly string[]): void {
  const written = existsSync(trapHome) ? readdirSync(trapHome) : [];
  if (written.length > 0) {
    throw new Error(
      `career ${argv.join(' ')} wrote to process.env's CAREER_HOME (${written.join(', ')}): ` +
        'something reads the process environment instead of its context',
    );
  }
}

/**
 * New ObjectIds from this run get their own 5 random "process" bytes, as in a real process.
 * Otherwise every id made in one second in the test process shares its first 18 hex digits,
 * and a 12- or 16-digit prefix (unique between real processes) matches several records.
 * PROCESS_UNIQUE is bson's cache of those bytes (public, left out of its typings).
 */
function freshProcessUnique(): void {
  // Mongoose's bson (the CommonJS build, which the ESM `bson` import is not).
  const { ObjectId } = mongoose.mongo.BSON;
  (ObjectId as unknown as { PROCESS_UNIQUE: Uint8Array | null }).PROCESS_UNIQUE = null;
}

/** The run going on now: runs in one process take turns (ids and the trap are per process). */
let turn: Promise<void> = Promise.resolve();

/**
 * Runs `career ...argv` in this process and resolves once it has finished. Runs started
 * together (Promise.all) take turns, one after the other, in the order they were started.
 */
export async function runInProcess(
  argv: readonly string[],
  options: InProcessOptions = {},
): Promise<InProcessResult> {
  const previous = turn;
  let done = (): void => undefined;
  turn = new Promise((resolve) => (done = resolve));
  await previous;
  try {
    return await runAlone(argv, options);
  } finally {
    done();
  }
}

async function runAlone(
  argv: readonly string[],
  options: InProcessOptions,
): Promise<InProcessResult> {
  const home = options.home ?? makeTempDir();
  const env = sandboxEnv(home, options.env);
  const stdout = capture();
  const stderr = capture();
  const tty = options.tty === true;
  const io = createIo({
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    stdinIsTerminal: tty,
    stdout: { stream: stdout.stream, isTerminal: tty, colourDepth: tty ? 8 : undefined },
    stderr: { stream: stderr.stream, isTerminal: tty, colourDepth: tty ? 8 : undefined },
    terminalWidth: tty ? options.columns : undefined,
    env,
    argv,
  });
  freshProcessUnique();
  const { now } = options;
  const clock = now === undefined ? undefined : { now: () => new Date(now) };
  const code = await runCli(argv, createContext({ io, env, ...(clock ? { clock } : {}) }));
  checkTrap(argv);
  return { code, stdout: stdout.text(), stderr: stderr.text(), home };
}

/** Mongoose connections left open (each run must close the ones it opened). */
export function openConnections(): number {
  return mongoose.connections.filter((connection) => connection.readyState !== 0).length;
}

export interface InProcessAccount {
  home: string;
  email: string;
  /** Runs the CLI in this process as this user. */
  run(args: string[], options?: Omit<InProcessOptions, 'home'>): Promise<InProcessResult>;
}

let counter = 0;

/** Registers a new user in its own CAREER_HOME (or a shared database, with dbUri). */
export async function inProcessAccount(
  name = 'Ada Lovelace',
  options: { home?: string; dbUri?: string } = {},
): Promise<InProcessAccount> {
  const home = options.home ?? makeTempDir('career-acct-');
  const email = `inproc${process.pid}-${++counter}@example.com`;
  const dbEnv: Record<string, string> = options.dbUri ? { CAREER_DB_URI: options.dbUri } : {};
  const env = { CAREER_PASSWORD: TEST_PASSWORD, ...dbEnv };
  const result = await runInProcess(['auth', 'register', '--name', name, '--email', email], {
    home,
    env,
  });
  if (result.code !== 0) {
    throw new Error(`could not register a test user: ${result.stderr || result.stdout}`);
  }
  return {
    home,
    email,
    run: (args, runOptions = {}) =>
      runInProcess(args, { ...runOptions, home, env: { ...dbEnv, ...(runOptions.env ?? {}) } }),
  };
}
