// `career ...argv` as a function: parses, runs one command with the context it is given and
// returns the exit code (never exits the process). src/cli.ts calls it with a context built
// from the process; the in-process test harness with one built from buffers. Commander, the
// noun modules and Mongoose are loaded only when needed (see src/cli.ts on start-up time).
import { readFileSync } from 'node:fs';
import type { Command, CommanderError } from 'commander';
import { ExitCode, UsageError } from '../domain/errors.js';
import { reportError } from '../ui/report-error.js';
import type { CommandContext } from './context.js';
import { wordError } from './error-wording.js';
import { nouns, type NounEntry } from './index.js';
import { listenForNotices } from './notices.js';

export function packageVersion(): string {
  const packageJson: unknown = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  );
  const version = (packageJson as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

/** The first positional argument (the noun), skipping global options and their values. */
export function nounIn(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') return args[i + 1];
    if (arg === '--db-uri') i++;
    else if (!arg.startsWith('-')) return arg === 'help' ? args[i + 1] : arg;
  }
  return undefined;
}

function isCommanderError(error: unknown): error is CommanderError {
  return error instanceof Error && error.name === 'CommanderError';
}

async function buildProgram(
  noun: NounEntry | undefined,
  context: CommandContext,
): Promise<Command> {
  const { Command } = await import('commander');
  const { io } = context;
  const program = new Command('career')
    .description('Track your career: applications, contacts, learning and a coach.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--db-uri <uri>', 'MongoDB connection string (overrides CAREER_DB_URI and config)')
    .option('--json', 'print machine-readable JSON')
    .option('--debug', 'show stack traces on errors')
    // Read from argv when the io is built (createIo), so colour is decided before parsing.
    .option('--no-color', 'disable colour (also: NO_COLOR=1)')
    .helpCommand('help [command]', 'show help for a command')
    .configureHelp({ showGlobalOptions: true })
    // Commander must neither exit nor print errors itself: runCli reports every failure.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.stream.write(text),
      writeErr: (text) => void io.stderr.stream.write(text),
      outputError: () => undefined,
      // As commander does by itself: the terminal's width, 80 for a file or a pipe.
      getOutHelpWidth: () => (io.stdout.isTerminal ? io.columns : 80),
      getErrHelpWidth: () => (io.stderr.isTerminal ? io.columns : 80),
      getOutHasColors: () => io.stdout.colourLevel > 0,
      getErrHasColors: () => io.stderr.colourLevel > 0,
    });
  program.addHelpText(
    'after',
    '\nEnvironment:\n' +
      '  CAREER_HOME        keep all data, config and backups under this directory\n' +
      '  CAREER_DB_URI      use this MongoDB server instead of the embedded database\n' +
      '  CAREER_DATE_ORDER  read numeric dates as DMY, MDY or YMD (see `career config`)\n' +
      '  NO_COLOR           disable colour\n' +
      '\nRun `career <command> --help` for the verbs of a command.',
  );
  for (const entry of nouns) {
    if (entry === noun) (await entry.load()).register(program, context);
    // Placeholders keep `career --help` complete without loading every module.
    else program.command(entry.name).description(entry.summary);
  }
  return program;
}

/** The exit code of a commander "error" (help, version and usage errors arrive as these). */
function commanderExit(
  error: CommanderError,
  noun: NounEntry | undefined,
  context: CommandContext,
  debug: boolean,
): number {
  // Help and version requests arrive here as "errors" because of exitOverride().
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
    return ExitCode.Success;
  }
  // `.help()` output: exit code 0 when asked for, 1 when shown for a missing verb.
  if (error.code === 'commander.help') {
    return error.exitCode === 0 ? ExitCode.Success : ExitCode.Usage;
  }
  const scope = noun === undefined ? 'career' : `career ${noun.name}`;
  return reportError(
    new UsageError(error.message.replace(/^error: /, ''), {
      hint: `run \`${scope} --help\` for usage`,
    }),
    { debug, io: context.io },
  );
}

async function parseAndRun(args: string[], context: CommandContext): Promise<number> {
  const noun = nouns.find((entry) => entry.name === nounIn(args));
  const debug = args.includes('--debug');
  // The command that ran (["apply", "add"]): errors from below are worded for it.
  let commandPath: string[] = noun === undefined ? [] : [noun.name];
  try {
    const program = await buildProgram(noun, context);
    program.hook('preAction', (_program, action) => {
      commandPath = [];
      for (let command: Command | null = action; command?.parent; command = command.parent) {
        commandPath.unshift(command.name());
      }
    });
    if (args.length === 0) {
      program.outputHelp();
      return ExitCode.Success;
    }
    await program.parseAsync(args, { from: 'user' });
    return ExitCode.Success;
  } catch (error) {
    if (isCommanderError(error)) return commanderExit(error, noun, context, debug);
    return reportError(wordError(error, commandPath), { debug, io: context.io });
  }
}

/** Runs `career ...args` with `context`; resolves to the exit code. */
export function runCli(args: readonly string[], context: CommandContext): Promise<number> {
  // The notice listener belongs to this run only (AsyncLocalStorage), so runs in one process,
  // one after the other or at once, never see each other's.
  return listenForNotices(context.out, () => parseAndRun([...args], context));
}
