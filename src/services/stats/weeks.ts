// ISO weeks for the per-week statistics: Monday to Sunday, in UTC (so a week is the same for
// everyone sharing a database, and matches what the database's $dateTrunc computes).
import type { WeekCount } from '../../repositories/aggregation.js';

export const DAY_MS = 24 * 3600 * 1000;
export const WEEK_MS = 7 * DAY_MS;

/** The Monday 00:00 UTC starting the ISO week `date` falls in. */
export function isoWeekStart(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

/** The week starts from `first` (a week start) up to, not including, `until`. */
export function weekStartsBetween(first: Date, until: Date): Date[] {
  const weeks: Date[] = [];
  for (let time = first.getTime(); time < until.getTime(); time += WEEK_MS) {
    weeks.push(new Date(time));
  }
  return weeks;
}

/** The count for each of `weeks`, 0 where the database had none. */
export function zeroFilled(weeks: readonly Date[], counts: readonly WeekCount[]): number[] {
  const byWeek = new Map(counts.map((entry) => [new Date(entry.week).getTime(), entry.count]));
  return weeks.map((week) => byWeek.get(week.getTime()) ?? 0);
}

/** YYYY-MM-DD of a week start (a UTC date). */
export function weekLabel(week: Date): string {
  return week.toISOString().slice(0, 10);
}
