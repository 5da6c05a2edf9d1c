// Date flags, read the way each field means them. Every date field has a sense: a date of
// something done (applied, completed, held) lies in the past, a due or planned one in the
// future; "friday" then means the last Friday or the next one (src/domain/date-words.ts).
// Today is the context's clock; numeric dates follow date.order (CAREER_DATE_ORDER or the
// config file). A date on the unlikely side of today (an application tomorrow, a follow-up
// due two months ago) is asked about at a terminal and warned about in scripts, and every
// confirmation echoes the date as understood, weekday first.
import { DATE_ORDERS, formatDay, parseDate, daysBetween } from '../../domain/dates.js';
import type { DateOrder, DateReading, DateSense } from '../../domain/dates.js';
import { UsageError } from '../../domain/errors.js';
import { openConfig, resolveSetting, settingSpec } from '../../db/settings.js';
import type { CommandContext } from '../context.js';

/** A due or planned date this many days or more before today is asked or warned about. */
export const STALE_DUE_DAYS = 30;

export interface DateField {
  /** The field's name (errors name its flag: `date` is --date). */
  field: string;
  /** What confirmations call it ("Application date"). */
  label: string;
  sense: DateSense;
  /** Whether the time of day is shown (interviews, follow-ups). */
  withTime?: boolean;
}

export const DATE_FIELDS = {
  applicationDate: { field: 'date', label: 'Application date', sense: 'past' },
  statusChange: { field: 'date', label: 'Changed on', sense: 'past' },
  interviewPlanned: { field: 'date', label: 'Interview', sense: 'future', withTime: true },
  interviewHeld: { field: 'date', label: 'Interview held', sense: 'past', withTime: true },
  followUpDue: { field: 'due', label: 'Due', sense: 'future', withTime: true },
  followUpDone: { field: 'date', label: 'Done on', sense: 'past' },
  learningStart: { field: 'start', label: 'Start', sense: 'future' },
  learningStarted: { field: 'date', label: 'Started on', sense: 'past' },
  learningEnd: { field: 'expectedEnd', label: 'Expected end', sense: 'future' },
  completion: { field: 'date', label: 'Completed on', sense: 'past' },
  since: { field: 'since', label: 'Since', sense: 'past' },
  until: { field: 'until', label: 'Until', sense: 'past' },
  offerDeadline: { field: 'deadline', label: 'Deadline', sense: 'future' },
} as const satisfies Record<string, DateField>;

/** The order numeric dates are read in, if the person has set one. */
export function dateOrder(context: CommandContext): DateOrder | undefined {
  const state = resolveSetting(settingSpec('date.order'), context.env, openConfig(context.paths));
  return DATE_ORDERS.find((order) => order === state.value);
}

export function readingFor(context: CommandContext, sense: DateSense): DateReading {
  return { now: context.clock.now(), sense, order: dateOrder(context) };
}

/** Parses a date flag for its field: today from the context's clock, the field's sense. */
export function parseDateFlag(context: CommandContext, text: string, field: DateField): Date {
  return parseDate(text, field.field, readingFor(context, field.sense));
}

export function optionalDateFlag(
  context: CommandContext,
  text: string | undefined,
  field: DateField,
): Date | undefined {
  return text === undefined ? undefined : parseDateFlag(context, text, field);
}

/** "Application date: Mon 2026-11-30", as a confirmation echoes it. */
export function dateLine(field: DateField, date: Date): string {
  return `${field.label}: ${formatDay(date, field.withTime === true)}`;
}

/** Why a date is unlikely for its field, or undefined when it is not. */
function unlikely(field: DateField, date: Date, now: Date): string | undefined {
  const days = daysBetween(now, date);
  if (field.sense === 'past' && days > 0) {
    return `${field.label.toLowerCase()} ${formatDay(date)} is in the future`;
  }
  if (field.sense === 'future' && days <= -STALE_DUE_DAYS) {
    return `${field.label.toLowerCase()} ${formatDay(date)} is ${-days} days ago`;
  }
  return undefined;
}

/**
 * Asks about a date on the unlikely side of today at a terminal (no: nothing is saved), and
 * warns on stderr without one (scripts are never stopped).
 */
export async function confirmLikelyDate(
  context: CommandContext,
  field: DateField,
  date: Date | undefined,
): Promise<void> {
  if (date === undefined) return;
  const why = unlikely(field, date, context.clock.now());
  if (why === undefined) return;
  if (!context.prompts.canPrompt()) {
    context.out.printWarning(why);
    return;
  }
  const question = `${why.charAt(0).toUpperCase()}${why.slice(1)}. Is that right?`;
  if (await context.prompts.askYesNo(question, false)) return;
  throw new UsageError(`nothing saved: ${why}`, {
    hint: 'give the date again, e.g. 2026-03-01, "yesterday" or "last friday"',
  });
}

/** Parses a date, then asks or warns when it is unlikely for its field. */
export async function checkedDate(
  context: CommandContext,
  text: string,
  field: DateField,
): Promise<Date> {
  const date = parseDateFlag(context, text, field);
  await confirmLikelyDate(context, field, date);
  return date;
}

/** checkedDate for a flag that may be left out. */
export async function checkedDateFlag(
  context: CommandContext,
  text: string | undefined,
  field: DateField,
): Promise<Date | undefined> {
  return text === undefined ? undefined : checkedDate(context, text, field);
}

/** The date lines of a confirmation, for the dates that were given. */
export function printDateLines(
  context: CommandContext,
  dates: ReadonlyArray<readonly [DateField, Date | null | undefined]>,
): void {
  for (const [field, date] of dates) if (date) context.out.printLine(dateLine(field, date));
}
