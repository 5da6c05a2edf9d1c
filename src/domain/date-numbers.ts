// Numeric dates (05/12/2026, 5.12.26, 2026/12/05, 5/12): read in the order the person
// writes them. A year of three or four digits tells where the year is; with it last, the day
// and month are told apart when one of them is above 12 or both are the same. Otherwise the
// order comes from date.order, and without one the date is refused with both readings named,
// never guessed.
import { DateProblem, checkCalendarDay } from './date-problem.js';
import { MONTH_NAMES, startOfDay, type DateOrder, type DateReading } from './date-reading.js';
import { say, step } from './phrases.js';

// 05/12/2026, 05.12.2026, 05-12-2026 (one separator throughout), maybe a time after it.
const THREE_PARTS = /^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})(?:(?:\s*,\s*|\s+|T)(.+))?$/i;
// 5/12 or 5.12: a day and a month with no year.
const TWO_PARTS = /^(\d{1,2})([./])(\d{1,2})(?:\s+(.+))?$/;

/** A day on the calendar, and what followed it (a time, for the caller to read). */
export interface NumericDay {
  year: number;
  month: number;
  day: number;
  rest: string | undefined;
}

function wordDay(year: number | undefined, month: number, day: number): string {
  return `${day} ${MONTH_NAMES[month - 1] ?? ''}${year === undefined ? '' : ` ${year}`}`;
}

function isoDay(year: number | undefined, month: number, day: number): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${year === undefined ? 'YYYY' : String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

function ambiguous(first: number, second: number, year: number | undefined): DateProblem {
  return new DateProblem(
    `could be ${wordDay(year, second, first)} or ${wordDay(year, first, second)}`,
    say`write it as ${isoDay(year, second, first)} or ${isoDay(year, first, second)}, or say how you write dates: \`${step('set-date-order', 'DMY')}\` (or MDY)`,
  );
}

/** Which of two numbers is the day: by the order given, else by what the numbers allow. */
function dayFirst(first: number, second: number, year: number | undefined, order?: DateOrder) {
  if (order === 'DMY') return true;
  if (order === 'MDY') return false;
  if (first > 12 || second > 12 || first === second) return first > 12 || first === second;
  throw ambiguous(first, second, year);
}

function fullYear(text: string): number {
  return text.length <= 2 ? 2000 + Number(text) : Number(text);
}

function threeParts(match: RegExpExecArray, order?: DateOrder): NumericDay {
  const [, a = '', , b = '', c = '', rest] = match;
  const yearFirst = a.length >= 3 || (order === 'YMD' && c.length <= 2);
  if (yearFirst) return { year: fullYear(a), month: Number(b), day: Number(c), rest };
  const year = fullYear(c);
  const first = Number(a);
  const second = Number(b);
  const useOrder = order === 'YMD' ? undefined : order;
  return dayFirst(first, second, year, useOrder)
    ? { year, month: second, day: first, rest }
    : { year, month: first, day: second, rest };
}

/** A day and month with no year: the year that puts it on the side of today the field wants. */
function twoParts(match: RegExpExecArray, reading: DateReading): NumericDay {
  const [, a = '', , b = '', rest] = match;
  const first = Number(a);
  const second = Number(b);
  const order = reading.order === 'YMD' ? undefined : reading.order;
  const [day, month] = dayFirst(first, second, undefined, order)
    ? [first, second]
    : [second, first];
  const today = startOfDay(reading.now);
  let year = today.getFullYear();
  const candidate = new Date(year, month - 1, day);
  if (reading.sense === 'past' && candidate > today) year -= 1;
  if (reading.sense === 'future' && candidate < today) year += 1;
  return { year, month, day, rest };
}

/** The day a numeric date names; undefined when the text is not one. */
export function readNumericDay(text: string, reading: DateReading): NumericDay | undefined {
  const three = THREE_PARTS.exec(text);
  const two = TWO_PARTS.exec(text);
  let found: NumericDay;
  if (three) found = threeParts(three, reading.order);
  else if (two) found = twoParts(two, reading);
  else return undefined;
  try {
    checkCalendarDay(found.year, found.month, found.day);
  } catch (error) {
    if (error instanceof DateProblem && reading.order !== undefined) {
      throw new DateProblem(`${error.message} (read as ${reading.order}, your date.order)`);
    }
    throw error;
  }
  return found;
}
