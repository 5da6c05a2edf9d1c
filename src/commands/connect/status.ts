// `career connect status`: set a connection's status.
import type { Command } from 'commander';
import {
  CONNECTION_STATUSES,
  updateConnection,
  type ConnectionStatus,
  type ConnectionWithContact,
} from '../../services/connection-service.js';
import { coloursFor } from '../../ui/colours.js';
import { safe } from '../../ui/printable.js';
import { colourStatus } from '../../ui/status-colours.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { contactLabel, parseStatus } from './render.js';

export interface ConnectStatusOptions {
  globals: GlobalOptions;
  /** A connection id or a unique prefix of one. */
  id: string;
  status: ConnectionStatus;
}

/** `career connect status --json`: the connection after the change, with its contact. */
export type ConnectStatusJson = JsonOf<ConnectionWithContact>;

export function statusCommand(connect: Command, context: CommandContext): Command {
  return connect
    .command('status')
    .description("Set a connection's status")
    .argument('<id>', 'connection id or unique prefix')
    .argument('<status>', CONNECTION_STATUSES.join('|'))
    .action((id: string, statusText: string, _flags: unknown, command: Command) =>
      run(
        { globals: globalOptions(command), id, status: parseStatus(statusText, 'status') },
        context,
      ),
    );
}

export async function run(options: ConnectStatusOptions, context: CommandContext): Promise<void> {
  const { status } = options;
  const updated = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ data }) =>
    updateConnection(data, options.id, { status }),
  );
  if (options.globals.json) {
    context.out.printJson(updated);
    return;
  }
  const coloured = colourStatus(status, coloursFor(context.io.stdout));
  context.out.printSuccess(safe`The connection with ${contactLabel(updated)} is now ${coloured}`);
}
