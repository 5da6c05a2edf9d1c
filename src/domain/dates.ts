// Dates as people type them: ISO (2026-03-01, 2026-03-01T09:30, always accepted), numeric
// dates in the order the person writes them (date-numbers.ts: an ambiguous 05/12/2026 is
// refused unless date.order says), or words through chrono-node, read for the field's sense
// (date-words.ts: "last monday", "friday", "noon"). Today comes from the caller's clock.
// A date that does not exist (2026-02-30, month 13, 25:00) is refused, never rolled over into
// the next month, and every date is limited to the years 1900 to 2200.
import { FieldError } from './field-error.js';
import { checkCalendarDay, checkTime, DATE_HINT, DateProblem } from './date-problem.js';
import { readNumericDay } from './date-numbers.js';
import { weekdayName, type DateReading } from './date-reading.js';
import { readTimeOf, readWords } from './date-words.js';

export {
  checkCalendarDay,
  checkYear,
  DateProblem,
  EARLIEST_YEAR,
  LATEST_YEAR,
} from './date-problem.js';
export {
  DATE_ORDERS,
  daysBetween,
  startOfDay,
  type DateOrder,
  type DateReading,
  type DateSense,
} from './date-reading.js';
export { readWords } from './date-words.js';

// Year-month-day first (any number of year digits, so 102026 is refused for its year rather
// than read some other way), then an optional time and zone.
const YEAR_MONTH_DAY = /^(\d+)-(\d{1,2})-(\d{1,2})(?=$|[Tt ])/;
const ISO =
  /^(\d+)-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

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

function readNumeric(text: string, reading: DateReading): Date | undefined {
  const found = readNumericDay(text, reading);
  if (!found) return undefined;
  return readTimeOf(new Date(found.year, found.month - 1, found.day), found.rest);
}

/** A date as people type it, read for `reading`; undefined when the text holds none. */
export function readDate(text: string, reading: DateReading): Date | undefined {
  const trimmed = text.trim();
  return readIsoDate(trimmed) ?? readNumeric(trimmed, reading) ?? readWords(trimmed, reading);
}

/** Parses a date as people type it; a FieldError naming `field` when it is none. */
export function parseDate(text: string, field: string, reading: DateReading): Date {
  let parsed: Date | undefined;
  try {
    parsed = readDate(text, reading);
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

/** A date as confirmations echo it, weekday first: "Mon 2026-11-30" (or "... 10:00"). */
export function formatDay(date: Date | undefined | null, withTime = false): string {
  const text = formatDate(date, withTime);
  return text === '' ? '' : `${weekdayName(new Date(date as Date))} ${text}`;
}
