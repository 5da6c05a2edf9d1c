// What every command is given instead of reaching for the process (like GitHub CLI's
// iostreams + Factory): its streams, the clock, the environment and paths, and the way to
// open the data. src/cli.ts builds one from the process; test/helpers/in-process.ts builds
// one from buffers and a temp CAREER_HOME, so a command runs the same in both.
import type { Readable } from 'node:stream';
import { readOutputSettings } from '../db/output-settings.js';
import { careerPaths, type CareerPaths } from '../db/paths.js';
import type { SignedIn, Workspace, WorkspaceOptions } from '../services/workspace.js';
import { colourLevel } from '../ui/colours.js';
import type { CommandIO, OutputStream } from '../ui/io.js';
import { printerFor, type Printer } from '../ui/output.js';
import { promptsFor, type Prompts } from '../ui/prompts.js';
import { columnsFor } from '../ui/terminal-width.js';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface Clock {
  now(): Date;
}

/** How a command opens the data; env and paths come from the context. */
export type OpenOptions = Omit<WorkspaceOptions, 'env' | 'paths'>;

export interface CommandContext {
  io: CommandIO;
  /** printJson, printLine, printFields... on io. */
  out: Printer;
  /** Questions at a terminal, usage errors without one, on io. */
  prompts: Prompts;
  clock: Clock;
  env: Environment;
  paths: CareerPaths;
  /** Opens the data (no sign-in needed) for `work`, and closes it after. */
  withWorkspace<T>(options: OpenOptions, work: (workspace: Workspace) => Promise<T>): Promise<T>;
  /** Opens the signed-in user's repositories for `work` (NotSignedInError without a session). */
  withSignedIn<T>(options: OpenOptions, work: (session: SignedIn) => Promise<T>): Promise<T>;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ContextInputs {
  io: CommandIO;
  env: Environment;
  clock?: Clock;
}

export function createContext({ io, env, clock = systemClock }: ContextInputs): CommandContext {
  const paths = careerPaths(env as NodeJS.ProcessEnv);
  const where = { env: env as NodeJS.ProcessEnv, paths };
  // services/workspace.js pulls in the database layer: loaded when a command opens the data.
  const workspace = () => import('../services/workspace.js');
  return {
    io,
    out: printerFor(io),
    prompts: promptsFor(io),
    clock,
    env,
    paths,
    withWorkspace: async (options, work) =>
      (await workspace()).withWorkspace({ ...options, ...where }, work),
    withSignedIn: async (options, work) =>
      (await workspace()).withSignedIn({ ...options, ...where }, work),
  };
}

/** One output stream as the process (or a test) has it. */
export interface StreamInputs {
  stream: NodeJS.WritableStream;
  isTerminal: boolean;
  /** tty.WriteStream.getColorDepth(), for a terminal. */
  colourDepth?: number | undefined;
}

export interface IoInputs {
  stdin: Readable;
  stdinIsTerminal: boolean;
  stdout: StreamInputs;
  stderr: StreamInputs;
  /** The terminal's width, when stdout is one. */
  terminalWidth: number | undefined;
  env: Environment;
  argv: readonly string[];
}

/**
 * An io with the colour policy (NO_COLOR, FORCE_COLOR, --no-color, the `color` setting), the
 * table layout and the width decided.
 */
export function createIo(inputs: IoInputs): CommandIO {
  const noColourFlag = inputs.argv.includes('--no-color');
  const settings = readOutputSettings(careerPaths(inputs.env as NodeJS.ProcessEnv));
  const output = (given: StreamInputs): OutputStream => ({
    stream: given.stream,
    isTerminal: given.isTerminal,
    colourLevel: colourLevel({
      env: inputs.env,
      isTerminal: given.isTerminal,
      colourDepth: given.colourDepth,
      noColourFlag,
      setting: settings.colour,
    }),
  });
  return {
    stdin: inputs.stdin,
    stdinIsTerminal: inputs.stdinIsTerminal,
    stdout: output(inputs.stdout),
    stderr: output(inputs.stderr),
    columns: columnsFor(inputs.stdout.isTerminal ? inputs.terminalWidth : undefined, inputs.env),
    tableLayout: settings.tableLayout,
  };
}
