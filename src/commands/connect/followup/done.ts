// `career connect followup done`: mark a follow-up as done (once: a second time changes nothing).
import type { Command } from 'commander';
import type { FollowUpWrite } from '../../../services/follow-up-service.js';
import { completeFollowUp } from '../../../services/follow-up-writes.js';
import { formatDate, shortId } from '../../../ui/status-colours.js';
import { withPrintedIds } from '../../../services/short-ids.js';
import type { CommandContext } from '../../context.js';
import type { JsonOf } from '../../json.js';
import { globalOptions, type GlobalOptions } from '../../options/global.js';
import { FOLLOWUP_ID, followUpLabel, followUpRef, SECOND_ID } from './shared.js';

export interface ConnectFollowupDoneOptions {
  globals: GlobalOptions;
  /** The follow-up's id or prefix, alone or (the older form) after its connection's. */
  ids: [string, string | undefined];
  /** How it went (added to the notes). */
  notes: string | undefined;
}

/** `career connect followup done --json`: the connection, with the follow-up done as `followUp`. */
export type ConnectFollowupDoneJson = JsonOf<FollowUpWrite>;

export function doneCommand(followUp: Command, context: CommandContext): Command {
  return followUp
    .command('done')
    .description('Mark a follow-up as done')
    .argument('<id>', FOLLOWUP_ID)
    .argument('[followup-id]', SECOND_ID)
    .option('--notes <text>', 'how it went (added to the notes)')
    .action(
      (first: string, second: string | undefined, flags: { notes?: string }, command: Command) =>
        run({ globals: globalOptions(command), ids: [first, second], notes: flags.notes }, context),
    );
}

export async function run(
  options: ConnectFollowupDoneOptions,
  context: CommandContext,
): Promise<void> {
  const { out } = context;
  const [result, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(
        data,
        await completeFollowUp(
          data,
          followUpRef(...options.ids),
          options.notes,
          context.clock.now(),
        ),
        (completed) => ({ 'follow-up': [completed.write.followUp._id] }),
      ),
  );
  const { write } = result;
  const done = write.followUp;
  if (result.alreadyDone) {
    const id = shortId(done._id.toHexString(), ids);
    out.printNote(
      `Follow-up ${id} was already done on ${formatDate(done.completedAt, true)}; nothing changed.`,
    );
  }
  if (options.globals.json) out.printJson(write);
  else if (!result.alreadyDone) out.printSuccess(`Done: ${followUpLabel(write, false, ids)}`);
}
