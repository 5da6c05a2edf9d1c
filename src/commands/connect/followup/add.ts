// `career connect followup add`: plan a follow-up with a connection.
import type { Command } from 'commander';
import { addFollowUp, type FollowUpEntry } from '../../../services/follow-up-service.js';
import { formatDay } from '../../../domain/dates.js';
import { shortId } from '../../../ui/status-colours.js';
import type { CommandContext } from '../../context.js';
import type { JsonOf } from '../../json.js';
import { checkedDate, DATE_FIELDS } from '../../options/dates.js';
import { globalOptions, type GlobalOptions } from '../../options/global.js';

export interface ConnectFollowupAddOptions {
  globals: GlobalOptions;
  /** A connection id or a unique prefix of one. */
  connectionId: string;
  /** When, as given (asked for at a terminal if missing). */
  due: string | undefined;
  /** What kind, free text (asked for at a terminal if missing). */
  type: string | undefined;
  notes: string | undefined;
}

/** `career connect followup add --json`: the follow-up with its connection and contact. */
export type ConnectFollowupAddJson = JsonOf<FollowUpEntry>;

export function addCommand(followUp: Command, context: CommandContext): Command {
  return followUp
    .command('add')
    .description('Plan a follow-up (an email, a call, a meeting...) with a connection')
    .argument('<connection-id>', 'connection id or unique prefix')
    .option('--due <date>', 'when (2026-03-01, "next friday", "in 3 days 10am")')
    .option('--type <type>', 'what kind: email, call, meeting, coffee... (free text)')
    .option('--notes <text>', 'what it is about')
    .action(
      (
        connectionId: string,
        flags: { due?: string; type?: string; notes?: string },
        command: Command,
      ) => run({ globals: globalOptions(command), connectionId, ...flagValues(flags) }, context),
    );
}

function flagValues(flags: { due?: string; type?: string; notes?: string }) {
  return { due: flags.due, type: flags.type, notes: flags.notes };
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
  const dueDate = await checkedDate(context, dueText, DATE_FIELDS.followUpDue);
  const type = await prompts.valueOrPrompt(
    options.type,
    '--type',
    'Type (email, call, meeting...)',
  );
  const { notes } = options;
  const added = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ data }) =>
    addFollowUp(
      data,
      options.connectionId,
      {
        type,
        dueDate,
        ...(notes === undefined ? {} : { notes }),
      },
      context.clock.now(),
    ),
  );
  if (options.globals.json) {
    out.printJson(added);
    return;
  }
  const who = added.contact ? ` with ${added.contact.name}` : '';
  const when = formatDay(added.dueDate, true);
  out.printSuccess(`Planned ${added.type}${who} for ${when} (${shortId(added._id.toHexString())})`);
}
