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
import { cadenceText, contactLabel, parseCadence, parseType } from './render.js';

export interface ConnectUpdateOptions {
  globals: GlobalOptions;
  /** A connection id or a unique prefix of one. */
  id: string;
  changes: { type?: ConnectionType; notes?: string; cadenceDays?: number | null };
}

/** `career connect update --json`: the connection after the change, with its contact. */
export type ConnectUpdateJson = JsonOf<ConnectionWithContact>;

interface UpdateFlags {
  type?: string;
  notes?: string;
  cadence?: string;
}

export function updateCommand(connect: Command, context: CommandContext): Command {
  return connect
    .command('update')
    .description("Change a connection's type, notes or keep-in-touch cadence")
    .argument('<id>', 'connection id or unique prefix')
    .option('--type <type>', CONNECTION_TYPES.join('|'))
    .option('--notes <text>', 'notes about the connection')
    .option('--cadence <span>', 'keep in touch every 2w, 30d, 1m (30 days)...; none to clear')
    .action((id: string, flags: UpdateFlags, command: Command) => {
      const changes = {
        ...(flags.type === undefined ? {} : { type: parseType(flags.type) }),
        ...(flags.notes === undefined ? {} : { notes: flags.notes }),
        ...(flags.cadence === undefined ? {} : { cadenceDays: parseCadence(flags.cadence) }),
      };
      return run({ globals: globalOptions(command), id, changes }, context);
    });
}

export async function run(options: ConnectUpdateOptions, context: CommandContext): Promise<void> {
  const updated = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ data }) =>
    updateConnection(data, options.id, options.changes),
  );
  if (options.globals.json) context.out.printJson(updated);
  else if (options.changes.cadenceDays === undefined)
    context.out.printSuccess(`Updated the connection with ${contactLabel(updated)}`);
  else
    context.out.printSuccess(
      `Updated the connection with ${contactLabel(updated)}: ${cadenceText(updated.cadenceDays)}`,
    );
}
