// Offers in the calendar: an all-day event on each open offer's deadline (or a timed one when
// the deadline has a time), from the start of today to the calendar's end. Its UID comes from
// the application's id, so an offer's deadline moved later updates the same event.
import type { UserRepositories } from '../repositories/index.js';
import type { CalendarEvent } from './calendar-service.js';

const MINUTE_MS = 60 * 1000;
const DEADLINE_MINUTES = 30;
// SEQUENCE as calendar-service counts it: seconds of the offer's updatedAt since 2020.
const SEQUENCE_EPOCH = Date.UTC(2020, 0, 1);

function startOfLocalDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

export async function offerEvents(
  data: UserRepositories,
  until: Date,
  now: Date,
): Promise<CalendarEvent[]> {
  const today = startOfLocalDay(now).getTime();
  const rows = await data.offers.deadlinesBy(until);
  return rows.flatMap((row): CalendarEvent[] => {
    const { offer } = row;
    const due = offer.deadline;
    if (!due || due.getTime() < today) return [];
    const applicationId = row.applicationId.toHexString();
    const allDay = due.getHours() === 0 && due.getMinutes() === 0;
    const what = [row.company, row.title].filter(Boolean).join(' ') || '(no job)';
    const modified = offer.updatedAt ?? due;
    return [
      {
        uid: `offer-${applicationId}@career`,
        kind: 'offer',
        summary: `Offer deadline — ${what}`,
        description: [
          offer.notes,
          `Base: ${offer.base} ${offer.currency}/${offer.period ?? 'year'}`,
          `Compare your offers: career apply offers`,
        ]
          .filter((part) => typeof part === 'string' && part.trim() !== '')
          .join('\n\n'),
        start: allDay ? startOfLocalDay(due) : due,
        end: allDay
          ? new Date(due.getFullYear(), due.getMonth(), due.getDate() + 1)
          : new Date(due.getTime() + DEADLINE_MINUTES * MINUTE_MS),
        allDay,
        status: 'CONFIRMED',
        sequence: Math.max(0, Math.floor((modified.getTime() - SEQUENCE_EPOCH) / 1000)),
        lastModified: modified,
        parentId: applicationId,
        itemId: applicationId,
      },
    ];
  });
}
