// `career connect followup done`: mark a follow-up as done (once: a second time changes nothing).
import type { Command } from 'commander';
import { completeFollowUp, type FollowUpEntry } from '../../../services/follow-up-service.js';
import { formatDate, shortId } from '../../../ui/status-colours.js';
import type { CommandContext } from '../../context.js';
import type { JsonOf } from '../../json.js';
import { globalOptions, type GlobalOptions } from '../../options/global.js';

export interface ConnectFollowupDoneOptions {
  globals: GlobalOptions;
  /** A connection id or a unique prefix of one. */
  connectionId: string;
  /** A follow-up id or a unique prefix of one, within the connection. */
  followUpId: string;
  /** How it went (added to the notes). */
  notes: string | undefined;
}

/** `career connect followup done --json`: the follow-up, done. */
export type ConnectFollowupDoneJson = JsonOf<FollowUpEntry>;

export function doneCommand(followUp: Command, context: CommandContext): Command {
  return followUp
    .command('done')
    .description('Mark a follow-up as done')
    .argument('<connection-id>', 'connection id or unique prefix')
    .argument('<followup-id>', 'follow-up id or unique prefix (within the connection)')
    .option('--notes <text>', 'how it went (added to the notes)')
    .action(
      (connectionId: string, followUpId: string, flags: { notes?: string }, command: Command) =>
        run(
          { globals: globalOptions(command), connectionId, followUpId, notes: flags.notes },
          context,
        ),
    );
}

export async function run(
  options: ConnectFollowupDoneOptions,
  context: CommandContext,
): Promise<void> {
  const { out } = context;
  const result = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ data }) =>
    completeFollowUp(data, options.connectionId, options.followUpId, options.notes),
  );
  const { followUp: done } = result;
  const id = shortId(done._id.toHexString());
  if (result.alreadyDone) {
    out.printNote(
      `Follow-up ${id} was already done on ${formatDate(done.completedAt, true)}; nothing changed.`,
    );
  }
  if (options.globals.json) out.printJson(done);
  else if (!result.alreadyDone) {
    const who = done.contact ? ` with ${done.contact.name}` : '';
    out.printSuccess(`Done: ${done.type}${who} (${id})`);
  }
}
