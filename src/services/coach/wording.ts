// Small phrases the offline coach reuses: relative days by calendar day (local time), plurals.

const DAY_MS = 24 * 3600 * 1000;

function calendarDay(date: Date): number {
  // Noon avoids daylight-saving hours pushing a day over a boundary.
  return Math.round(
    new Date(date.getFullYear(), date.getMonth(), date.getDate(), 12).getTime() / DAY_MS,
  );
}

/** "today", "tomorrow", "in 3 days", "yesterday", "4 days ago" (calendar days). */
export function daysFromNow(date: Date, now: Date): string {
  const days = calendarDay(date) - calendarDay(now);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
