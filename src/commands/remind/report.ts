// `career remind [--dry-run] [--via auto|desktop|stdout]`: the reminders that became due since
// the last run, each given once, as desktop notifications or on stdout. Made for cron: it
// never asks anything, prints nothing when there is nothing new, and says why when
// notifications are off in the profile.
import type { Command } from 'commander';
import { takeReminders, type RemindOutcome } from '../../services/remind-service.js';
import { agendaLines } from '../../ui/agenda-view.js';
import { coloursFor } from '../../ui/colours.js';
import { NotificationFailed, sendNotification, type NotifierName } from '../../ui/notify.js';
import { safe } from '../../ui/printable.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { plural } from '../../domain/phrases.js';
import { REMIND_VIAS } from '../../domain/remind-via.js';
import { chooseChannel, notificationsFor, requestedVia, type Channel } from './delivery.js';

export interface RemindOptions {
  globals: GlobalOptions;
  dryRun: boolean;
  /** --via, as given (undefined: the remind.via setting, else auto). */
  via: string | undefined;
  /** The platform, for which notifier to look for (process.platform). */
  platform: NodeJS.Platform;
}

/** Why nothing was delivered. */
export type RemindReason = 'notifications-off' | 'dry-run' | 'nothing-new';

/** What a run did, as --json prints it. */
interface RemindResult {
  items: RemindOutcome['items'];
  delivered: 'desktop' | 'stdout' | 'none';
  /** The channel chosen: the one used, or with a dry run the one that would be. */
  channel: 'desktop' | 'stdout';
  /** The desktop notifier used (or that would be). */
  notifier?: NotifierName;
  reason?: RemindReason;
  dryRun: boolean;
  /** Due items left out because they were reminded of already. */
  alreadyReminded: number;
}

/**
 * `career remind --json`: the items reminded of (with a dry run, those that would be), how
 * they were delivered (`desktop`, `stdout`: this JSON, or `none`) and why none, when none.
 */
export type RemindJson = JsonOf<RemindResult>;

export function remindCommand(command: Command, context: CommandContext): Command {
  return command
    .option('--dry-run', 'show what would be reminded of; mark nothing, send nothing')
    .option(
      '--via <how>',
      `one of: ${REMIND_VIAS.join(', ')} (auto: a desktop notification when one can be shown, else stdout; default: the remind.via setting, else auto)`,
    )
    .action((flags: { dryRun?: boolean; via?: string }, actionCommand: Command) =>
      run(
        {
          globals: globalOptions(actionCommand),
          dryRun: flags.dryRun === true,
          via: flags.via,
          platform: process.platform,
        },
        context,
      ),
    );
}

function reasonOf(outcome: RemindOutcome): RemindReason | undefined {
  if (outcome.skipped !== undefined) return outcome.skipped;
  if (outcome.dryRun) return 'dry-run';
  if (outcome.items.length === 0) return 'nothing-new';
  return undefined;
}

export async function run(options: RemindOptions, context: CommandContext): Promise<void> {
  // The channel first: a --via desktop that cannot be honoured must not mark anything.
  const channel = chooseChannel(requestedVia(options.via, context), context, options.platform);
  const now = context.clock.now();
  const outcome = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ user, data }) =>
    takeReminders(data, user, { now, dryRun: options.dryRun }),
  );
  const reason = reasonOf(outcome);
  let delivered: RemindResult['delivered'] = 'none';
  if (reason === undefined) {
    delivered = channel.kind === 'desktop' ? await notify(outcome, channel, context) : 'stdout';
  }
  if (options.globals.json) {
    const result: RemindResult = {
      items: outcome.items,
      delivered,
      channel: channel.kind,
      ...(channel.kind === 'desktop' ? { notifier: channel.notifier.name } : {}),
      ...(reason === undefined ? {} : { reason }),
      dryRun: outcome.dryRun,
      alreadyReminded: outcome.alreadyReminded,
    };
    context.out.printJson(result);
    return;
  }
  printReport(outcome, reason, delivered, channel, context);
}

/** Sends the notifications; 'stdout' when the notifier failed (the items are printed then). */
async function notify(
  outcome: RemindOutcome,
  channel: Extract<Channel, { kind: 'desktop' }>,
  context: CommandContext,
): Promise<RemindResult['delivered']> {
  try {
    for (const notification of notificationsFor(outcome.items)) {
      await sendNotification(channel.notifier, notification, context.env);
    }
    return 'desktop';
  } catch (error) {
    if (!(error instanceof NotificationFailed)) throw error;
    // They are marked as given: print them rather than lose them.
    context.out.printWarning(`no desktop notification: ${error.message}; printed here instead`);
    return 'stdout';
  }
}

function printReport(
  outcome: RemindOutcome,
  reason: RemindReason | undefined,
  delivered: RemindResult['delivered'],
  channel: Channel,
  context: CommandContext,
): void {
  const { out } = context;
  if (reason === 'notifications-off') {
    out.printLine('Notifications are off in your profile: no reminders sent.');
    out.printNote('hint: turn them on with `career profile update --notifications`');
    return;
  }
  // Silent when there is nothing new, so cron mails nothing; a person at a terminal is told.
  if (reason === 'nothing-new') {
    if (context.io.stdout.isTerminal) out.printLine('Nothing new to remind you of.');
    return;
  }
  if (reason === 'dry-run' && outcome.items.length === 0) {
    out.printLine('Nothing new to remind you of (dry run).');
    return;
  }
  if (delivered === 'desktop') {
    if (context.io.stdout.isTerminal) {
      out.printSuccess(
        safe`Sent ${plural(outcome.items.length, 'reminder')} as desktop notifications`,
      );
    }
    return;
  }
  const width = context.io.stdout.isTerminal ? context.io.columns : undefined;
  const lines = agendaLines(outcome.items, 'Within the hour', coloursFor(context.io.stdout), width);
  for (const line of lines) out.printLine(line);
  if (reason === 'dry-run') {
    const how =
      channel.kind === 'desktop' ? `as desktop notifications (${channel.notifier.name})` : 'here';
    out.printNote(`Dry run: nothing marked as reminded; a real run would deliver these ${how}.`);
  }
}
