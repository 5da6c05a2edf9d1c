// `career connect followup update`: change a follow-up's due date, type or notes.
import type { Command } from 'commander';
import type { FollowUpWrite } from '../../../services/follow-up-service.js';
import { updateFollowUp, type FollowUpChanges } from '../../../services/follow-up-writes.js';
import { withPrintedIds } from '../../../services/short-ids.js';
import type { CommandContext } from '../../context.js';
import type { JsonOf } from '../../json.js';
import { checkedDateFlag, DATE_FIELDS } from '../../options/dates.js';
import { globalOptions, type GlobalOptions } from '../../options/global.js';
import type { Duration } from '../../../domain/durations.js';
import { parseSpan } from '../../../domain/recurrence.js';
import { EVERY_HELP, followUpLabel, FROM_DONE_HELP, recurrenceText } from './shared.js';

interface UpdateFlags {
  due?: string;
  type?: string;
  notes?: string;
  every?: string;
  fromDone?: boolean;
}

export interface ConnectFollowupUpdateOptions {
  globals: GlobalOptions;
  /** The follow-up's own id or a unique prefix of one. */
  id: string;
  /** The new due date, as given. */
  due: string | undefined;
  type: string | undefined;
  /** The new notes (an empty value clears them). */
  notes: string | undefined;
  /** `--every 2w`: recur (replacing the mode: with `fromDone` from the completion); null: stop. */
  every: Duration | null | undefined;
  fromDone: boolean;
}

/** `career connect followup update --json`: the connection, with the follow-up changed as `followUp`. */
export type ConnectFollowupUpdateJson = JsonOf<FollowUpWrite>;

export function updateCommand(followUp: Command, context: CommandContext): Command {
  return followUp
    .command('update')
    .description("Change a follow-up's due date, type, notes or recurrence")
    .argument('<followup-id>', 'follow-up id or unique prefix')
    .option('--due <date>', 'when (2026-03-01, "next friday", "in 3 days 10am")')
    .option('--type <type>', 'what kind: email, call, meeting, coffee... (free text)')
    .option('--notes <text>', 'replace the notes (an empty value clears them)')
    .option('--every <span>', `${EVERY_HELP}; none: stop recurring`)
    .option('--from-done', FROM_DONE_HELP)
    .action((id: string, flags: UpdateFlags, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          id,
          due: flags.due,
          type: flags.type,
          notes: flags.notes,
          every: flags.every === undefined ? undefined : parseSpan(flags.every, 'every'),
          fromDone: flags.fromDone === true,
        },
        context,
      ),
    );
}

export async function run(
  options: ConnectFollowupUpdateOptions,
  context: CommandContext,
): Promise<void> {
  const now = context.clock.now();
  // Checked (and an unlikely date asked about) before anything is opened.
  const dueDate = await checkedDateFlag(context, options.due, DATE_FIELDS.followUpDue);
  const changes: FollowUpChanges = {
    ...(dueDate === undefined ? {} : { dueDate }),
    ...(options.type === undefined ? {} : { type: options.type }),
    ...(options.notes === undefined ? {} : { notes: options.notes }),
    ...(options.every === undefined ? {} : { every: options.every }),
    ...(options.fromDone ? { fromDone: true } : {}),
  };
  const [updated, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(
        data,
        await updateFollowUp(data, { followUp: options.id }, changes, now),
        (write) => ({ 'follow-up': [write.followUp._id] }),
      ),
  );
  if (options.globals.json) context.out.printJson(updated);
  else {
    const recurs = recurrenceText(updated.followUp) || 'once';
    context.out.printSuccess(`Updated the ${followUpLabel(updated, true, ids)}, ${recurs}`);
  }
}
