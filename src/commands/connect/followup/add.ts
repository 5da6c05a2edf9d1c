// `career connect followup add`: plan a follow-up with a connection.
import type { Command } from 'commander';
import type { FollowUpWrite } from '../../../services/follow-up-service.js';
import { addFollowUp, type OfferConnection } from '../../../services/follow-up-planning.js';
import { withPrintedIds } from '../../../services/short-ids.js';
import type { CommandContext } from '../../context.js';
import type { JsonOf } from '../../json.js';
import { checkedDate, DATE_FIELDS } from '../../options/dates.js';
import { globalOptions, type GlobalOptions } from '../../options/global.js';
import type { Duration } from '../../../domain/durations.js';
import { parseSpan } from '../../../domain/recurrence.js';
import { EVERY_HELP, followUpLabel, FROM_DONE_HELP, recurrenceText } from './shared.js';

export interface ConnectFollowupAddOptions {
  globals: GlobalOptions;
  /** A connection id or a unique prefix of one, or a contact's (its connection is used). */
  connectionId: string;
  /** When, as given (asked for at a terminal if missing). */
  due: string | undefined;
  /** What kind, free text (asked for at a terminal if missing). */
  type: string | undefined;
  notes: string | undefined;
  /** Recurs: `--every 2w` (null/undefined: once). */
  every: Duration | undefined;
  /** `--from-done`: the next occurrence counts from the completion, not the due date. */
  fromDone: boolean;
}

interface AddFlags {
  due?: string;
  type?: string;
  notes?: string;
  every?: string;
  fromDone?: boolean;
}

/** `career connect followup add --json`: the connection, with the new follow-up as `followUp`. */
export type ConnectFollowupAddJson = JsonOf<FollowUpWrite>;

export function addCommand(followUp: Command, context: CommandContext): Command {
  return followUp
    .command('add')
    .description('Plan a follow-up (an email, a call, a meeting...) with a connection or contact')
    .argument('<id>', "connection id or unique prefix, or a contact's (uses its connection)")
    .option('--due <date>', 'when (2026-03-01, "next friday", "in 3 days 10am")')
    .option('--type <type>', 'what kind: email, call, meeting, coffee... (free text)')
    .option('--notes <text>', 'what it is about')
    .option('--every <span>', EVERY_HELP)
    .option('--from-done', FROM_DONE_HELP)
    .action((connectionId: string, flags: AddFlags, command: Command) =>
      run({ globals: globalOptions(command), connectionId, ...flagValues(flags) }, context),
    );
}

function flagValues(flags: AddFlags) {
  return {
    due: flags.due,
    type: flags.type,
    notes: flags.notes,
    every: (flags.every === undefined ? undefined : parseSpan(flags.every, 'every')) ?? undefined,
    fromDone: flags.fromDone === true,
  };
}

export async function run(
  options: ConnectFollowupAddOptions,
  context: CommandContext,
): Promise<void> {
  const { out, prompts } = context;
  const dueText = await prompts.valueOrPrompt(
    options.due,
    '--due',
    'Due (a date or "next friday")',
  );
  const now = context.clock.now();
  const dueDate = await checkedDate(context, dueText, DATE_FIELDS.followUpDue);
  const type = await prompts.valueOrPrompt(
    options.type,
    '--type',
    'Type (email, call, meeting...)',
  );
  const { notes, every, fromDone } = options;
  const [added, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data, user }) =>
      withPrintedIds(
        data,
        await addFollowUp(
          data,
          options.connectionId,
          {
            type,
            dueDate,
            ...(notes === undefined ? {} : { notes }),
            ...(every === undefined ? {} : { every }),
            fromDone,
          },
          offerConnection(context),
          now,
          user,
        ),
        (write) => ({ 'follow-up': [write.followUp._id] }),
      ),
  );
  if (options.globals.json) {
    out.printJson(added);
    return;
  }
  const recurs = recurrenceText(added.followUp);
  out.printSuccess(`Planned the ${followUpLabel(added, true, ids)}${recurs ? `, ${recurs}` : ''}`);
}

/** At a terminal, asks before connecting with a contact who has no connection yet. */
function offerConnection(context: CommandContext): OfferConnection {
  return async (contact) =>
    context.prompts.canPrompt() &&
    context.prompts.askYesNo(
      `${contact.name} has no connection yet. Connect now (professional, pending)?`,
      true,
    );
}
