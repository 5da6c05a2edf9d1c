// `career connect remove`: remove a connection and its follow-ups (the contact stays).
import type { Command } from 'commander';
import {
  findConnection,
  removeConnection,
  type ConnectionWithContact,
} from '../../services/connection-service.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { contactLabel } from './render.js';

export interface ConnectRemoveOptions {
  globals: GlobalOptions;
  /** A connection id or a unique prefix of one. */
  id: string;
  /** Do not ask (required without a terminal). */
  yes: boolean;
}

/** `career connect remove --json`: the connection as it was, with its contact. */
export type ConnectRemoveJson = JsonOf<ConnectionWithContact>;

export function removeCommand(connect: Command, context: CommandContext): Command {
  return connect
    .command('remove')
    .description('Remove a connection and its follow-ups (the contact stays)')
    .argument('<id>', 'connection id or unique prefix')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action((id: string, flags: { yes?: boolean }, command: Command) =>
      run({ globals: globalOptions(command), id, yes: flags.yes === true }, context),
    );
}

export async function run(options: ConnectRemoveOptions, context: CommandContext): Promise<void> {
  const { out, prompts } = context;
  const removed = await context.withSignedIn({ dbUri: options.globals.dbUri }, async ({ data }) => {
    const connection = await findConnection(data, options.id);
    const confirmed = await prompts.confirmOrRequireYes(
      'Remove this connection and its follow-ups?',
      options.yes,
      'removing a connection',
    );
    return confirmed ? removeConnection(data, connection) : undefined;
  });
  if (!removed) out.printNote('Nothing removed.');
  else if (options.globals.json) out.printJson(removed);
  else out.printSuccess(`Removed the connection with ${contactLabel(removed)}`);
}
