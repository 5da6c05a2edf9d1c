// Where reminders go: the channel chosen from --via, the `remind.via` setting and what the
// machine has (a notifier on PATH, a graphical session), and the notifications' text.
import { openConfig, resolveSetting, settingSpec } from '../../db/settings.js';
import { matchChoice } from '../../domain/choices.js';
import { UsageError } from '../../domain/errors.js';
import { REMIND_VIAS, type RemindVia } from '../../domain/remind-via.js';
import type { Reminder } from '../../services/remind-service.js';
import {
  desktopSessionLikely,
  findNotifier,
  type Notification,
  type Notifier,
} from '../../ui/notify.js';
import type { CommandContext } from '../context.js';

export type Channel = { kind: 'desktop'; notifier: Notifier } | { kind: 'stdout' };

/** The --via given, else the setting (env, then config file), else auto. */
export function requestedVia(flag: string | undefined, context: CommandContext): RemindVia {
  if (flag !== undefined) return matchChoice(flag, REMIND_VIAS, 'via');
  const state = resolveSetting(settingSpec('remind.via'), context.env, openConfig(context.paths));
  return (state.value as RemindVia | undefined) ?? 'auto';
}

/**
 * The channel for `via` on this machine: auto is the desktop when a notifier is on PATH and
 * a graphical session is likely, else stdout; desktop without a notifier is an error.
 */
export function chooseChannel(
  via: RemindVia,
  context: CommandContext,
  platform: NodeJS.Platform,
): Channel {
  if (via === 'stdout') return { kind: 'stdout' };
  const notifier = findNotifier(context.env, platform);
  if (via === 'desktop') {
    if (notifier) return { kind: 'desktop', notifier };
    const wanted = platform === 'darwin' ? 'osascript' : 'notify-send';
    throw new UsageError(`no desktop notifier: ${wanted} is not on PATH`, {
      hint:
        platform === 'darwin'
          ? 'use --via stdout'
          : 'install libnotify (the notify-send command), or use --via stdout',
    });
  }
  return notifier && desktopSessionLikely(context.env, platform)
    ? { kind: 'desktop', notifier }
    : { kind: 'stdout' };
}

/** At most this many notifications a run; more items make one notification listing them. */
export const MAX_NOTIFICATIONS = 3;
const LISTED_IN_SUMMARY = 5;

const TITLES: Record<Reminder['kind'], string> = {
  'follow-up': 'Follow-up due',
  interview: 'Interview soon',
  offer: 'Offer deadline',
  'keep-in-touch': 'Keep in touch',
  learning: 'Learning overdue',
};

function dueText(item: Reminder): string {
  const at = item.due;
  const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  return item.kind === 'interview' ? `at ${time}` : '';
}

/** The notifications for `items`: one each, or one summary when there are many. */
export function notificationsFor(items: readonly Reminder[]): Notification[] {
  if (items.length <= MAX_NOTIFICATIONS) {
    return items.map((item) => {
      const when = dueText(item);
      const lines = [item.what, item.detail, `→ ${item.command}`].filter(
        (line): line is string => line !== undefined && line !== '',
      );
      return {
        title: `career: ${TITLES[item.kind]}${when ? ` ${when}` : ''}`,
        body: lines.join('\n'),
      };
    });
  }
  const listed = items.slice(0, LISTED_IN_SUMMARY).map((item) => `• ${item.what}`);
  const more = items.length - listed.length;
  const tail = more > 0 ? [`… and ${more} more`] : [];
  return [
    {
      title: `career: ${items.length} reminders`,
      body: [...listed, ...tail, 'See them all with `career agenda`'].join('\n'),
    },
  ];
}
