// Why a text is not a usable date, and the checks every way of reading one shares: a day that
// is not on the calendar (2026-02-30, month 13, 25:00) is refused, never rolled over into the
// next month, and every date is limited to the years 1900 to 2200.
import { MONTH_NAMES } from './date-reading.js';
import type { Phrase } from './phrases.js';

export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2200;

export const DATE_HINT =
  'use a date like 2026-03-01, or words like "tomorrow", "in 3 days", "next friday"';

/** Why a text is not a usable date, as the end of a sentence ("'2026-02-30' is not a date..."). */
export class DateProblem extends Error {
  constructor(
    message: string,
    readonly hint: string | Phrase = DATE_HINT,
  ) {
    super(message);
  }
}

function outOfRange(year: number): DateProblem {
  return new DateProblem(
    `is outside the years ${EARLIEST_YEAR} to ${LATEST_YEAR} (${year})`,
    `give a date from ${EARLIEST_YEAR} to ${LATEST_YEAR}`,
  );
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

/** Refuses a day that is not on the calendar, or outside the years dates may have. */
export function checkCalendarDay(year: number, month: number, day: number): void {
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) throw outOfRange(year);
  if (month < 1 || month > 12) throw new DateProblem(`is not a date: there is no month ${month}`);
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    throw new DateProblem(
      `is not a date: ${MONTH_NAMES[month - 1] ?? ''} ${year} has ${days} days`,
    );
  }
}

/** Refuses a date (read from words, or computed) outside the years dates may have. */
export function checkYear(date: Date, utc = false): Date {
  if (Number.isNaN(date.getTime())) throw new DateProblem('is not a date');
  const year = utc ? date.getUTCFullYear() : date.getFullYear();
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) throw outOfRange(year);
  return date;
}

export function checkTime(hours: number, minutes: number, seconds: number): void {
  if (hours > 23) throw new DateProblem(`is not a date: there is no hour ${hours}`);
  if (minutes > 59) throw new DateProblem(`is not a date: there is no minute ${minutes}`);
  if (seconds > 59) throw new DateProblem(`is not a date: there is no second ${seconds}`);
}
