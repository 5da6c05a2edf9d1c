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

/** The program with `noun` registered and placeholders for the other nouns. */
export async function buildProgram(
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
    else program.command(entry.name, { hidden: entry.hidden === true }).description(entry.summary);
  }
  return program;
}

/** The exit code of a commander "error" (help, version and usage errors arrive as these). */
/**
 * The words of the deepest command `args` name (["apply", "interview", "add"]), so a usage
 * error's hint points at the help of the command that was typed, not of its noun.
 */
export function commandReached(program: Command, args: readonly string[]): string[] {
  const words: string[] = [];
  let command = program;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') break;
    if (arg === '--db-uri') i++;
    if (arg.startsWith('-')) continue;
    const next = command.commands.find((sub) => sub.name() === arg || sub.aliases().includes(arg));
    if (next === undefined) break;
    words.push(next.name());
    command = next;
  }
  return words;
}

function commanderExit(
  error: CommanderError,
  program: Command,
  args: readonly string[],
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
  const scope = ['career', ...commandReached(program, args)].join(' ');
  return reportError(
    new UsageError(error.message.replace(/^error: /, ''), {
      hint: `run \`${scope} --help\` for usage`,
    }),
    { debug, io: context.io },
  );
}

/**
 * `career help apply interview add` as `career apply interview add --help`: commander's help
 * command looks one level down only. Global options before `help` stay where they are; an
 * unknown noun is left to commander's help command.
 */
export function helpAsFlag(args: readonly string[]): string[] {
  const known = new Set(nouns.map((entry) => entry.name));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') break;
    if (arg === '--db-uri') i++;
    else if (!arg.startsWith('-')) {
      if (arg !== 'help' || !known.has(args[i + 1] ?? '')) break;
      return [...args.slice(0, i), ...args.slice(i + 1), '--help'];
    }
  }
  return [...args];
}

async function parseAndRun(given: string[], context: CommandContext): Promise<number> {
  const args = helpAsFlag(given);
  const noun = nouns.find((entry) => entry.name === nounIn(args));
  const debug = args.includes('--debug');
  // The command that ran (["apply", "add"]): errors from below are worded for it.
  let commandPath: string[] = noun === undefined ? [] : [noun.name];
  let program: Command | undefined;
  try {
    program = await buildProgram(noun, context);
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
    // An error is told after what was printed before it.
    await context.out.flushed();
    if (isCommanderError(error) && program !== undefined) {
      return commanderExit(error, program, args, context, debug);
    }
    return reportError(wordError(error, commandPath), { debug, io: context.io });
  }
}

/** Runs `career ...args` with `context`; resolves to the exit code. */
export function runCli(args: readonly string[], context: CommandContext): Promise<number> {
  // The notice listener belongs to this run only (AsyncLocalStorage), so runs in one process,
  // one after the other or at once, never see each other's.
  return listenForNotices(context.out, async () => {
    const code = await parseAndRun([...args], context);
    await context.out.flushed();
    return code;
  });
}
