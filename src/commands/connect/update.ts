// `career connect update`: change a connection's type or notes.
import type { Command } from 'commander';
import {
  CONNECTION_TYPES,
  updateConnection,
  type ConnectionType,
  type ConnectionWithContact,
} from '../../services/connection-service.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { contactLabel, parseType } from './render.js';

export interface ConnectUpdateOptions {
  globals: GlobalOptions;
  /** A connection id or a unique prefix of one. */
  id: string;
  changes: { type?: ConnectionType; notes?: string };
}

/** `career connect update --json`: the connection after the change, with its contact. */
export type ConnectUpdateJson = JsonOf<ConnectionWithContact>;

export function updateCommand(connect: Command, context: CommandContext): Command {
  return connect
    .command('update')
    .description("Change a connection's type or notes")
    .argument('<id>', 'connection id or unique prefix')
    .option('--type <type>', CONNECTION_TYPES.join('|'))
    .option('--notes <text>', 'notes about the connection')
    .action((id: string, flags: { type?: string; notes?: string }, command: Command) => {
      const changes = {
        ...(flags.type === undefined ? {} : { type: parseType(flags.type) }),
        ...(flags.notes === undefined ? {} : { notes: flags.notes }),
      };
      return run({ globals: globalOptions(command), id, changes }, context);
    });
}

export async function run(options: ConnectUpdateOptions, context: CommandContext): Promise<void> {
  const updated = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ data }) =>
    updateConnection(data, options.id, options.changes),
  );
  if (options.globals.json) context.out.printJson(updated);
  else context.out.printSuccess(`Updated the connection with ${contactLabel(updated)}`);
}
