// `career connect followup snooze`: move an open follow-up later (to tomorrow by default).
import type { Command } from 'commander';
import type { FollowUpWrite } from '../../../services/follow-up-service.js';
import { snoozeFollowUp, type SnoozeUntil } from '../../../services/follow-up-writes.js';
import { parseDuration } from '../../../domain/durations.js';
import { withPrintedIds } from '../../../services/short-ids.js';
import type { CommandContext } from '../../context.js';
import type { JsonOf } from '../../json.js';
import { globalOptions, type GlobalOptions } from '../../options/global.js';
import { parseDateFlag } from '../../options/dates.js';
import { followUpLabel, SNOOZE_UNTIL } from './shared.js';

export interface ConnectFollowupSnoozeOptions {
  globals: GlobalOptions;
  /** The follow-up's own id or a unique prefix of one. */
  id: string;
  /** How long (3d, 1w, "2 days") or until when (a date); tomorrow when absent. */
  duration: string | undefined;
}

/** `career connect followup snooze --json`: the connection, with the follow-up snoozed as `followUp`. */
export type ConnectFollowupSnoozeJson = JsonOf<FollowUpWrite>;

export function snoozeCommand(followUp: Command, context: CommandContext): Command {
  return followUp
    .command('snooze')
    .description('Move an open follow-up later: to tomorrow, by a span, or to a date')
    .argument('<followup-id>', 'follow-up id or unique prefix')
    .argument(
      '[duration]',
      'from today, keeping its time: 3d, 1w, "2 days"; or a date ("next monday"); default 1d',
    )
    .action((id: string, duration: string | undefined, _flags: object, command: Command) =>
      run({ globals: globalOptions(command), id, duration }, context),
    );
}

export async function run(
  options: ConnectFollowupSnoozeOptions,
  context: CommandContext,
): Promise<void> {
  const until = snoozeUntil(options.duration, context);
  const [snoozed, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(
        data,
        await snoozeFollowUp(data, { followUp: options.id }, until, context.clock.now()),
        (write) => ({ 'follow-up': [write.followUp._id] }),
      ),
  );
  if (options.globals.json) context.out.printJson(snoozed);
  else context.out.printSuccess(`Snoozed the ${followUpLabel(snoozed, true, ids)}`);
}

/** A span (3d, 1w, "2 days"; one day when none is given), else a date read as a due date. */
function snoozeUntil(text: string | undefined, context: CommandContext): SnoozeUntil {
  const span = text === undefined ? { days: 1, months: 0 } : parseDuration(text);
  if (span) return { span, text: text ?? '1d' };
  const given = text ?? '';
  return { date: parseDateFlag(context, given, SNOOZE_UNTIL), text: given };
}
