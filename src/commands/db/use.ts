// `career db use`: remember a MongoDB server, or go back to the embedded database.
import type { Command } from 'commander';
import { selectDatabase } from '../../db/selection.js';
import { UsageError } from '../../domain/errors.js';
import type { CommandContext } from '../context.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface DbUseOptions {
  globals: GlobalOptions;
  /** The connection string to save; undefined with --embedded. */
  uri: string | undefined;
  embedded: boolean;
}

/** `career db use --json`: the saved location (password hidden), null for the embedded one. */
export interface DbUseJson {
  uri: string | null;
  configFile: string;
}

export function useCommand(db: Command, context: CommandContext): Command {
  return db
    .command('use')
    .description('Remember a MongoDB server to use, or go back to the embedded database')
    .argument('[uri]', 'a mongodb:// or mongodb+srv:// connection string')
    .option('--embedded', 'forget the saved URI and use the embedded database')
    .addHelpText(
      'after',
      '\nThe choice is saved as db.uri in the config file. --db-uri, CAREER_DB_URI and\nMONGODB_URI take precedence over it.',
    )
    .action((uri: string | undefined, flags: { embedded?: boolean }, command: Command) =>
      run({ globals: globalOptions(command), uri, embedded: flags.embedded === true }, context),
    );
}

export function run(options: DbUseOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  if ((options.uri === undefined) === !options.embedded) {
    throw new UsageError('give either a connection string or --embedded', {
      hint: 'career db use mongodb://localhost:27017/career   or   career db use --embedded',
    });
  }
  const selection = selectDatabase(options.uri, context.env as NodeJS.ProcessEnv);
  if (options.globals.json) {
    const json: DbUseJson = { uri: selection.location ?? null, configFile: selection.configFile };
    out.printJson(json);
  } else {
    out.printSuccess(
      selection.location === undefined
        ? 'Using the embedded database'
        : `Using ${selection.location}`,
    );
  }
  if (selection.overriddenBy !== undefined) {
    out.printWarning(`${selection.overriddenBy} is set and takes precedence over this choice`);
  }
  return Promise.resolve();
}
