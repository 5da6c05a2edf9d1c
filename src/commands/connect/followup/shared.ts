// What the follow-up verbs share: the follow-up named by its own id (or, the older way, by
// connection id then follow-up id), and how a follow-up is named in a confirmation.
import type {
  FollowUpDocument,
  FollowUpRef,
  FollowUpWrite,
} from '../../../services/follow-up-service.js';
import { formatSpan } from '../../../domain/recurrence.js';
import type { IdLengths } from '../../../services/short-ids.js';
import { formatDay } from '../../../domain/dates.js';
import { shortId } from '../../../ui/status-colours.js';
import { DATE_FIELDS } from '../../options/dates.js';

/** The positional arguments of a verb that takes a follow-up. */
export const FOLLOWUP_ID = 'follow-up id or unique prefix (or, the older form, a connection id...)';
export const SECOND_ID = '...then the follow-up id within that connection';

/** How a snooze to a date reads it: a later day, as a due date is. */
export const SNOOZE_UNTIL = { ...DATE_FIELDS.followUpDue, field: 'until', label: 'Due' };

/** FOLLOWUP-ID alone, or the older CONNECTION-ID FOLLOWUP-ID. */
export function followUpRef(first: string, second: string | undefined): FollowUpRef {
  return second === undefined ? { followUp: first } : { connection: first, followUp: second };
}

/** "call with Grace Hopper, due Thu 2026-12-03 10:00 (6b0f150d)". */
export function followUpLabel(write: FollowUpWrite, withDue: boolean, ids: IdLengths): string {
  const { followUp } = write;
  const who = write.contact ? ` with ${write.contact.name}` : '';
  const due = withDue ? `, due ${formatDay(followUp.dueDate, true)}` : '';
  return `${followUp.type}${who}${due} (${shortId(followUp._id.toHexString(), ids)})`;
}

export const EVERY_HELP =
  'recur: plan the next one this long after when done (2w, 30d, 1m = a calendar month)';
export const FROM_DONE_HELP = 'with --every: count from the day it is done, not from its due date';

/** "every 2w", "every 1m from done", or '' for a one-off follow-up. */
export function recurrenceText(followUp: Pick<FollowUpDocument, 'every' | 'fromDone'>): string {
  const every = followUp.every;
  if (!every || ((every.days ?? 0) === 0 && (every.months ?? 0) === 0)) return '';
  const span = formatSpan({ days: every.days ?? 0, months: every.months ?? 0 });
  return `every ${span}${followUp.fromDone ? ' from done' : ''}`;
}
