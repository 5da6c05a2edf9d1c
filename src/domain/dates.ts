// Dates as people type them: ISO (2026-03-01, 2026-03-01T09:30) or natural language
// ("tomorrow", "in 3 days", "next friday 10am") through chrono-node. A date that does not
// exist (2026-02-30, month 13, 25:00) is refused, never rolled over into the next month, and
// every date is limited to the years 1900 to 2200.
import * as chrono from 'chrono-node';
import { FieldError } from './field-error.js';

export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2200;

/** Why a text is not a usable date, as the end of a sentence ("'2026-02-30' is not a date..."). */
export class DateProblem extends Error {
  constructor(
    message: string,
    readonly hint = DATE_HINT,
  ) {
    super(message);
  }
}

const DATE_HINT =
  'use a date like 2026-03-01, or words like "tomorrow", "in 3 days", "next friday"';

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

// Year-month-day first (any number of year digits, so 102026 is refused for its year rather
// than read some other way), then an optional time and zone.
const YEAR_MONTH_DAY = /^(\d+)-(\d{1,2})-(\d{1,2})(?=$|[Tt ])/;
const ISO =
  /^(\d+)-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

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

function checkTime(hours: number, minutes: number, seconds: number): void {
  if (hours > 23) throw new DateProblem(`is not a date: there is no hour ${hours}`);
  if (minutes > 59) throw new DateProblem(`is not a date: there is no minute ${minutes}`);
  if (seconds > 59) throw new DateProblem(`is not a date: there is no second ${seconds}`);
}

/**
 * An ISO date or date-time, checked field by field; undefined when the text does not start
 * with year-month-day, or has more after it than an ISO time (words may still read it). A
 * time without a zone is local; a bare day is local midnight, or UTC midnight with `utcDay`.
 */
export function readIsoDate(text: string, utcDay = false): Date | undefined {
  const start = YEAR_MONTH_DAY.exec(text);
  if (!start) return undefined;
  const [year, month, day] = start.slice(1, 4).map(Number) as [number, number, number];
  checkCalendarDay(year, month, day);
  const iso = ISO.exec(text);
  if (!iso) return undefined;
  const [hourText, minuteText, secondText, fraction, zone] = iso.slice(4);
  if (hourText === undefined) {
    return utcDay
      ? new Date(Date.UTC(year, month - 1, day))
      : new Date(year, month - 1, day, 0, 0, 0, 0);
  }
  const [hours, minutes, seconds] = [hourText, minuteText, secondText].map((part) =>
    Number(part ?? 0),
  ) as [number, number, number];
  checkTime(hours, minutes, seconds);
  const milliseconds = Math.floor(Number(`0${fraction ?? ''}`) * 1000);
  if (zone === undefined) {
    return new Date(year, month - 1, day, hours, minutes, seconds, milliseconds);
  }
  const utc = Date.UTC(year, month - 1, day, hours, minutes, seconds, milliseconds);
  if (zone.toUpperCase() === 'Z') return new Date(utc);
  const sign = zone.startsWith('-') ? -1 : 1;
  const offset = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(offset.slice(0, 2)) * 60 + Number(offset.slice(2));
  return new Date(utc - sign * offsetMinutes * 60_000);
}

/** A date in words ("next friday 10am"), within the years dates may have; undefined if none. */
export function readWords(text: string, reference: Date = new Date()): Date | undefined {
  const parsed = chrono.parseDate(text, reference, { forwardDate: true });
  return parsed ? checkYear(parsed) : undefined;
}

/** Parses a date as people type it; a FieldError naming `field` when it is none. */
export function parseDate(text: string, field: string, reference: Date = new Date()): Date {
  const trimmed = text.trim();
  let parsed: Date | undefined;
  try {
    parsed = readIsoDate(trimmed) ?? readWords(trimmed, reference);
  } catch (error) {
    if (!(error instanceof DateProblem)) throw error;
    throw new FieldError(
      { field, problem: 'not-a-date', value: text, detail: error.message },
      { hint: error.hint },
    );
  }
  if (!parsed) {
    throw new FieldError({ field, problem: 'not-a-date', value: text }, { hint: DATE_HINT });
  }
  return parsed;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** YYYY-MM-DD (or YYYY-MM-DD HH:MM) in local time; '' when there is no date. */
export function formatDate(date: Date | undefined | null, withTime = false): string {
  if (!date) return '';
  const value = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(value.getTime())) return '';
  const day = `${value.getFullYear()}-${pad2(value.getMonth() + 1)}-${pad2(value.getDate())}`;
  return withTime ? `${day} ${pad2(value.getHours())}:${pad2(value.getMinutes())}` : day;
}
