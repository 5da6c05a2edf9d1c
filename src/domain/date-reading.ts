// How a typed date is to be read: today (the caller's clock, so tests can pin it), the sense
// of the field (a date of something done lies in the past, a due date in the future: "friday"
// means the last one for the first and the next one for the second), and the order the person
// writes numeric dates in (date.order in the config), if they have said.

/** past: dates of things done (applied, completed, held); future: due and planned dates. */
export type DateSense = 'past' | 'future';

export const DATE_ORDERS = ['DMY', 'MDY', 'YMD'] as const;
/** How numbers are read in 05/12/2026: day first, month first, or year first. */
export type DateOrder = (typeof DATE_ORDERS)[number];

export interface DateReading {
  /** Now, from the caller's clock. */
  now: Date;
  sense: DateSense;
  /** The order numeric dates are written in; unset, an ambiguous one is refused. */
  order?: DateOrder | undefined;
}

export const MONTH_NAMES = [
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
] as const;

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** Midnight (local) of the day `date` is in, `days` days later. */
export function startOfDay(date: Date, days = 0): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

/** Whole calendar days from the day of `from` to the day of `to` (negative when before). */
export function daysBetween(from: Date, to: Date): number {
  return Math.round((startOfDay(to).getTime() - startOfDay(from).getTime()) / 86_400_000);
}

/** The weekday's short English name ("Mon"). */
export function weekdayName(date: Date): string {
  return WEEKDAY_NAMES[date.getDay()] ?? '';
}
