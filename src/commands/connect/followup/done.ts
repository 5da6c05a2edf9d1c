// `career connect followup done`: mark a follow-up as done (once: a second time changes nothing).
import type { Command } from 'commander';
import type { FollowUpDocument, FollowUpWrite } from '../../../services/follow-up-service.js';
import { completeFollowUp, type CompletedFollowUp } from '../../../services/follow-up-writes.js';
import { formatDay } from '../../../domain/dates.js';
import { cadenceText } from '../render.js';
import { formatDate, shortId } from '../../../ui/status-colours.js';
import { withPrintedIds } from '../../../services/short-ids.js';
import type { CommandContext } from '../../context.js';
import type { JsonOf } from '../../json.js';
import { globalOptions, type GlobalOptions } from '../../options/global.js';
import { FOLLOWUP_ID, followUpLabel, followUpRef, recurrenceText, SECOND_ID } from './shared.js';

export interface ConnectFollowupDoneOptions {
  globals: GlobalOptions;
  /** The follow-up's id or prefix, alone or (the older form) after its connection's. */
  ids: [string, string | undefined];
  /** How it went (added to the notes). */
  notes: string | undefined;
}

/**
 * `career connect followup done --json`: the connection, with the follow-up done as
 * `followUp`, and `next`: the follow-up planned (or already open) after it, or null, and why
 * (`nextReason`: recurrence, cadence, already-open).
 */
export type ConnectFollowupDoneJson = JsonOf<
  FollowUpWrite & { next: FollowUpDocument | null; nextReason: NextReason | null }
>;

type NextReason = 'recurrence' | 'cadence' | 'already-open';

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
        (completed) => ({ 'follow-up': [completed.write.followUp._id, ...nextIds(completed)] }),
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
  if (options.globals.json) {
    out.printJson({ ...write, ...nextOf(result) });
    return;
  }
  if (result.alreadyDone) return;
  out.printSuccess(`Done: ${followUpLabel(write, false, ids)}`);
  const { next } = result;
  if (next === null) return;
  if ('alreadyOpen' in next) {
    const open = next.alreadyOpen;
    out.printNote(
      `Keep in touch: ${open.type} (${shortId(open._id.toHexString(), ids)}) due ` +
        `${formatDay(open.dueDate, true)} is already open; no new follow-up planned.`,
    );
    return;
  }
  const label = followUpLabel(
    { ...write, followUp: { ...write.followUp, ...next.planned } },
    true,
    ids,
  );
  const why =
    next.reason === 'recurrence' ? recurrenceText(next.planned) : cadenceText(write.cadenceDays);
  out.printSuccess(`Next: ${label}, ${why}`);
}

function nextIds(completed: CompletedFollowUp): Array<FollowUpDocument['_id']> {
  const { next } = completed;
  if (next === null) return [];
  return ['alreadyOpen' in next ? next.alreadyOpen._id : next.planned._id];
}

function nextOf(completed: CompletedFollowUp): {
  next: FollowUpDocument | null;
  nextReason: NextReason | null;
} {
  const { next } = completed;
  if (next === null) return { next: null, nextReason: null };
  if ('alreadyOpen' in next) return { next: next.alreadyOpen, nextReason: 'already-open' };
  return { next: next.planned, nextReason: next.reason };
}
