// The options defined on the program itself (src/commands/run-cli.ts), available to every verb.
import type { Command } from 'commander';

export interface GlobalOptions {
  dbUri: string | undefined;
  json: boolean;
  debug: boolean;
  color: boolean;
  /** --wide, on the verbs that print a table (see options/list.ts): show every column whole. */
  wide: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  const options = command.optsWithGlobals<Partial<GlobalOptions>>();
  return {
    dbUri: options.dbUri,
    json: options.json === true,
    debug: options.debug === true,
    color: options.color !== false,
    wide: options.wide === true,
  };
}
