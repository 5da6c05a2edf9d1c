// Entry point of `career`. Startup time matters for a CLI people run constantly, so
// nothing heavy is imported up front: `--version` answers from package.json alone, and
// commander, the command modules and Mongoose are loaded only when a command needs them.
import { readFileSync } from 'node:fs';
import type { Command, CommanderError } from 'commander';
import type { NounEntry } from './commands/index.js';

function packageVersion(): string {
  const packageJson: unknown = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  );
  const version = (packageJson as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

/** The first positional argument (the noun), skipping global options and their values. */
function nounIn(args: readonly string[]): string | undefined {
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

async function buildProgram(version: string, noun: NounEntry | undefined): Promise<Command> {
  const [{ Command }, { nouns }, { disableColour }] = await Promise.all([
    import('commander'),
    import('./commands/index.js'),
    import('./ui/colours.js'),
  ]);
  const program = new Command('career')
    .description('Track your career: applications, contacts, learning and a coach.')
    .version(version, '-V, --version', 'print the version')
    .option('--db-uri <uri>', 'MongoDB connection string (overrides CAREER_DB_URI and config)')
    .option('--json', 'print machine-readable JSON')
    .option('--debug', 'show stack traces on errors')
    .option('--no-color', 'disable colour (also: NO_COLOR=1)')
    .helpCommand('help [command]', 'show help for a command')
    .configureHelp({ showGlobalOptions: true })
    // Commander must neither exit nor print errors itself: run() reports every failure.
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .hook('preAction', async (_program, action) => {
      if (action.optsWithGlobals<{ color?: boolean }>().color === false) disableColour();
      (await import('./commands/notices.js')).listenForNotices();
    });
  program.addHelpText(
    'after',
    '\nEnvironment:\n' +
      '  CAREER_HOME     keep all data, config and backups under this directory\n' +
      '  CAREER_DB_URI   use this MongoDB server instead of the embedded database\n' +
      '  NO_COLOR        disable colour\n' +
      '\nRun `career <command> --help` for the verbs of a command.',
  );

  for (const entry of nouns) {
    if (entry === noun) (await entry.load()).register(program);
    // Placeholders keep `career --help` complete without loading every module.
    else program.command(entry.name).description(entry.summary);
  }
  return program;
}

async function run(args: string[]): Promise<number> {
  const [{ nouns }, { reportError }, { UsageError, ExitCode }, { wordError }] = await Promise.all([
    import('./commands/index.js'),
    import('./ui/report-error.js'),
    import('./domain/errors.js'),
    import('./commands/error-wording.js'),
  ]);
  const nounName = nounIn(args);
  const noun = nouns.find((entry) => entry.name === nounName);
  const debug = args.includes('--debug');
  // The command that ran (["apply", "add"]): errors from below are worded for it.
  let commandPath: string[] = noun === undefined ? [] : [noun.name];

  try {
    const program = await buildProgram(packageVersion(), noun);
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
    if (isCommanderError(error)) {
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
        { debug },
      );
    }
    return reportError(wordError(error, commandPath), { debug });
  }
}

const args = process.argv.slice(2);
// dist/ is a bundle: with --debug, stack traces point at the TypeScript sources instead.
if (args.includes('--debug')) process.setSourceMapsEnabled(true);
// A reader that stops early (`career export --type jobs | head`) is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  process.exitCode = await run(args);
  // Everything has been closed by now; if a library left a handle open anyway, do not
  // hang the user's shell. unref() lets a clean exit happen sooner.
  setTimeout(() => process.exit(), 2000).unref();
}
