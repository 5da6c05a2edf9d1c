// Reminders: what became due for the signed-in user since the last run, each given once. The
// items are the agenda's own (the same queries and wording): follow-ups due by now,
// interviews within the next hour, open offers whose deadline is today or passed,
// keep-in-touch connections past their cadence, and learning past its expected end (stalled
// applications are the agenda's to show, not a moment to be told of). Each has a key: kind,
// record id and due time, so a follow-up snoozed to another time is a new reminder. What was
// given is stored (see ReminderRepository.claim): of two runs at once, one gives each item.
import type { UserProfile, UserRepositories } from '../repositories/index.js';
import type { ReminderKind } from '../repositories/reminder-repository.js';
import {
  compareUrgency,
  endOfDay,
  followUpItems,
  interviewItems,
  learningItems,
  type AgendaItem,
} from './agenda-service.js';
import { keepInTouchItems } from './keep-in-touch.js';
import { offerItems } from './offer-agenda.js';

/** An interview is reminded of this long before it starts. */
export const INTERVIEW_NOTICE_MINUTES = 60;
/** Reminders given longer ago than this are forgotten, unless their item is still due. */
export const REMINDER_MEMORY_DAYS = 90;

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface Reminder extends AgendaItem {
  kind: ReminderKind;
  /** What makes it this reminder: `kind:id:due`. */
  key: string;
}

/** Why nothing was given although items may be due. */
export type RemindSkipped = 'notifications-off';

export interface RemindOutcome {
  /** The reminders to give now (with a dry run: those that would be), most urgent first. */
  items: Reminder[];
  /** Due items left out because they were reminded of already. */
  alreadyReminded: number;
  /** Old reminders forgotten by this run. */
  pruned: number;
  dryRun: boolean;
  skipped?: RemindSkipped;
}

export interface RemindOptions {
  now: Date;
  /** Finds the reminders without storing them (a later run still gives them). */
  dryRun?: boolean;
}

/** The key of an agenda item as a reminder: its kind, its record's id and its due time. */
export function reminderKey(item: Pick<AgendaItem, 'kind' | 'id' | 'due'>): string {
  return `${item.kind}:${item.id}:${item.due.toISOString()}`;
}

function asReminder(item: AgendaItem & { kind: ReminderKind }): Reminder {
  return { ...item, key: reminderKey(item) };
}

/** Everything due now, reminded of already or not, most urgent first. */
export async function dueReminders(data: UserRepositories, now: Date): Promise<Reminder[]> {
  const soon = new Date(now.getTime() + INTERVIEW_NOTICE_MINUTES * MINUTE_MS);
  const groups = await Promise.all([
    followUpItems(data, now, now),
    interviewItems(data, soon, now),
    // A deadline is a day: its offer is due from that day's start (see offer-agenda.ts).
    offerItems(data, endOfDay(now), now),
    keepInTouchItems(data, now),
    learningItems(data, now),
  ]);
  return groups
    .flat()
    .filter((item): item is AgendaItem & { kind: ReminderKind } => item.kind !== 'stalled')
    .map(asReminder)
    .sort(compareUrgency);
}

/**
 * The reminders to give now: the due items not reminded of yet, stored as given (unless a
 * dry run), so the next run leaves them out. With notifications off in the profile, none.
 */
export async function takeReminders(
  data: UserRepositories,
  user: UserProfile,
  options: RemindOptions,
): Promise<RemindOutcome> {
  const { now } = options;
  const dryRun = options.dryRun === true;
  if (user.preferences?.notifications === false) {
    return { items: [], alreadyReminded: 0, pruned: 0, dryRun, skipped: 'notifications-off' };
  }
  const due = await dueReminders(data, now);
  const reminded = await data.reminders.remindedAmong(due.map((item) => item.key));
  const fresh = due.filter((item) => !reminded.has(item.key));
  if (dryRun) return { items: fresh, alreadyReminded: reminded.size, pruned: 0, dryRun };
  const claimed = await data.reminders.claim(fresh, now);
  const items = fresh.filter((item) => claimed.has(item.key));
  const forgetBefore = new Date(now.getTime() - REMINDER_MEMORY_DAYS * DAY_MS);
  const pruned = await data.reminders.prune(
    forgetBefore,
    due.map((item) => item.key),
  );
  return { items, alreadyReminded: due.length - items.length, pruned, dryRun };
}
