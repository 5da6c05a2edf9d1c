// Runs the built CLI (dist, as run-cli.ts does, in the same sandbox: CAREER_HOME a temp dir,
// HOME an empty one) under a real pseudo-terminal of a given width, for the paths only a
// terminal takes: prompts, Ctrl+C, table widths. No native module: util-linux's `script`
// (essential on Debian, so on CI too) opens the pty; `stty` inside it sets the size, and
// `script -e` returns the program's exit code (128 + N for a death by signal N).
//
//   const term = startInTerminal(['init'], { columns: 60 });
//   await term.answer(/Your name/, 'Ada' + keys.enter);
//   await term.waitFor(/Email/);
//   term.type(keys.ctrlC);
//   const { code, screen } = await term.finished; // 130, the output as text
//
// Wait for a prompt before typing: keys typed earlier are echoed by the terminal itself.
// Timeouts here only stop a stuck test (and say what was on screen); never assert speed.
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { cliPath, projectRoot, sandboxEnv } from './run-cli.js';
import { makeTempDir } from './temp-dirs.js';

/** Keys as a terminal sends them. */
export const keys = {
  enter: '\r',
  ctrlC: '\x03',
  ctrlD: '\x04',
  backspace: '\x7f',
  tab: '\t',
  up: '\x1b[A',
  down: '\x1b[B',
} as const;

export interface TerminalOptions {
  /** The terminal's width; 80 by default. */
  columns?: number;
  /** The terminal's height; 40 by default. */
  rows?: number;
  /** CAREER_HOME to use (to share state with other runs); a fresh temp dir by default. */
  home?: string;
  /** Extra environment variables (applied last; NO_COLOR=1 is set unless overridden). */
  env?: Record<string, string>;
  /** How long `finished` waits before killing a program that never ends; 60 s by default. */
  timeoutMs?: number;
}

export interface TerminalResult {
  /** The exit code (128 + N if the program died of signal N); null if it was killed here. */
  code: number | null;
  /** Everything printed, as in `screen()`. */
  screen: string;
}

export interface TerminalSession {
  /** The CAREER_HOME the program runs with. */
  home: string;
  /** The HOME the program runs with (should stay empty). */
  userHome: string;
  /** Sends text and keys (see `keys`) as if typed. */
  type(text: string): void;
  /**
   * Resolves once the output printed after the previous match (or since the start) matches
   * `pattern`; rejects, showing the screen, if the program exits first or after `timeoutMs`.
   */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** waitFor(pattern), then type(text). */
  answer(pattern: RegExp, text: string): Promise<void>;
  /**
   * Everything printed so far (prompts, echoed keys, output and errors, in order) with ANSI
   * escape sequences removed and line ends as \n. It is the stream, not an emulated screen:
   * a prompt redrawn in place shows each time it was drawn.
   */
  screen(): string;
  /** Resolves when the program has exited. */
  finished: Promise<TerminalResult>;
  /** Ends the program (and the terminal) now. */
  kill(): void;
}

/** A word for a POSIX shell: single-quoted. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Plain text of the raw terminal output. */
function toScreen(raw: string): string {
  return stripVTControlCharacters(raw).replace(/\r+\n/g, '\n');
}

/** Starts `career ...args` in a pseudo-terminal and returns at once. */
export function startInTerminal(
  args: readonly string[],
  options: TerminalOptions = {},
): TerminalSession {
  const home = options.home ?? makeTempDir();
  const userHome = makeTempDir('career-user-home-');
  const columns = options.columns ?? 80;
  const rows = options.rows ?? 40;
  const command =
    `stty cols ${columns} rows ${rows}; ` +
    `exec ${[process.execPath, cliPath, ...args].map(shellWord).join(' ')}`;
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    cwd: projectRoot,
    env: { ...sandboxEnv(home, userHome, options.env), SHELL: '/bin/sh', TERM: 'xterm' },
    detached: true, // its own process group, so kill() ends the program too
  });
  let raw = '';
  let consumed = 0; // where the next waitFor starts looking, in screen() characters
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    raw += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));

  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  let exited = false;
  const finished = new Promise<TerminalResult>((resolve, reject) => {
    const timer = setTimeout(kill, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      exited = true;
      child.stdin.destroy();
      for (const listener of listeners) listener();
      resolve({ code, screen: toScreen(raw) });
    });
  });

  const waitFor = (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      const check = (): void => {
        const rest = toScreen(raw).slice(consumed);
        const match = rest.match(pattern);
        if (match) {
          consumed += (match.index ?? 0) + match[0].length;
          done();
          resolve(match);
        } else if (exited) {
          done();
          reject(new Error(`exited before printing ${pattern}; the screen:\n${toScreen(raw)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${pattern} after ${timeoutMs} ms; the screen:\n${toScreen(raw)}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });

  return {
    home,
    userHome,
    type: (text) => void child.stdin.write(text),
    waitFor,
    answer: async (pattern, text) => {
      await waitFor(pattern);
      child.stdin.write(text);
    },
    screen: () => toScreen(raw),
    finished,
    kill,
  };
}
