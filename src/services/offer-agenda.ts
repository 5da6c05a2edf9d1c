// Offers on the agenda: each open offer whose deadline falls by the horizon (passed ones too,
// while the offer is still open), due on its deadline's day (a deadline is a day: it is
// overdue only once that day is over).
import type { UserRepositories } from '../repositories/index.js';
import { daysBetween, formatDate } from '../domain/dates.js';
import type { AgendaItem } from './agenda-service.js';

function plural(count: number, one: string): string {
  return `${count} ${one}${count === 1 ? '' : 's'}`;
}

function daysLeft(days: number): string {
  if (days === 0) return 'answer today';
  if (days < 0) return `deadline passed ${plural(-days, 'day')} ago`;
  return `answer within ${plural(days, 'day')}`;
}

export async function offerItems(
  data: UserRepositories,
  horizon: Date,
  now: Date,
): Promise<AgendaItem[]> {
  const rows = await data.offers.deadlinesBy(horizon);
  return rows.flatMap((row) => {
    const deadline = row.offer.deadline;
    if (!deadline) return [];
    const days = daysBetween(now, deadline);
    const applicationId = row.applicationId.toHexString();
    const job =
      row.title || row.company ? `${row.title ?? ''} at ${row.company ?? ''}` : '(removed job)';
    return [
      {
        kind: 'offer',
        due: deadline,
        overdue: days < 0,
        dueToday: days === 0,
        what: `Offer: ${job}, ${daysLeft(days)}`,
        detail: `deadline ${formatDate(deadline)}; compare with \`career apply offers\``,
        id: applicationId,
        refs: { applicationId },
        command: `career apply show ${applicationId}`,
      } satisfies AgendaItem,
    ];
  });
}
