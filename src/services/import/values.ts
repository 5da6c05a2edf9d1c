// Cell values into field values: dates as spreadsheets and LinkedIn write them, lists,
// numbers, and JSON lists of subdocuments. Text stays text: a value that looks like a
// query operator ({"$gt":""}) is stored as written, never interpreted.
import {
  checkCalendarDay,
  checkYear,
  DateProblem,
  readIsoDate,
  readWords,
} from '../../domain/dates.js';
import { matchChoice } from '../../domain/choices.js';
import { nestedDeeperThan } from '../../db/document-limit.js';
import { TOO_DEEP } from './limits.js';
import { showValue } from './show-value.js';
import { RowError } from './types.js';
import type { FieldSpec } from './fields.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// 12 Jan 2024 (LinkedIn's Connections.csv), also 12 January 2024.
const DAY_MONTH_YEAR = /^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})$/;
// 11/3/25, 9:14 AM (LinkedIn's Job Applications.csv: US month/day/year), also 11/3/2025.
const US_DATE =
  /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;

/** A day on the calendar at a time of day, in UTC; a DateProblem when there is no such day. */
function utcDate(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0) {
  checkCalendarDay(year, month, day);
  // Date.UTC would roll 25:00 over into the next day: such a time does not exist.
  if (hours > 23 || minutes > 59 || seconds > 59) throw new DateProblem('is not a date');
  return new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds));
}

function usDate(us: RegExpExecArray): Date {
  const year = Number(us[3]) + ((us[3] ?? '').length === 2 ? 2000 : 0);
  let hours = us[4] === undefined ? 0 : Number(us[4]);
  const meridiem = us[7]?.toLowerCase();
  if (meridiem === 'pm' && hours < 12) hours += 12;
  if (meridiem === 'am' && hours === 12) hours = 0;
  return utcDate(year, Number(us[1]), Number(us[2]), hours, Number(us[5] ?? 0), Number(us[6] ?? 0));
}

/** The date a cell gives, undefined when it is no date at all, a DateProblem when impossible. */
function readDateCell(trimmed: string): Date | undefined {
  const iso = readIsoDate(trimmed, true);
  if (iso) return checkYear(iso, true);
  const dayMonthYear = DAY_MONTH_YEAR.exec(trimmed);
  if (dayMonthYear) {
    const month = MONTHS.indexOf((dayMonthYear[2] ?? '').slice(0, 3).toLowerCase());
    if (month >= 0) return utcDate(Number(dayMonthYear[3]), month + 1, Number(dayMonthYear[1]));
  }
  const us = US_DATE.exec(trimmed);
  if (us) return usDate(us);
  // Words ("yesterday", "last monday"), as on the command line; never bare numbers.
  // Records imported are history: "friday" is the last one. (Today is the process's clock.)
  if (!/^\d+([./-]\d+)*$/.test(trimmed))
    return readWords(trimmed, { now: new Date(), sense: 'past' });
  return undefined;
}

/**
 * A date from a cell: ISO (a bare day is that day at 00:00 UTC, so its calendar day is what
 * was written), `12 Jan 2024`, `11/3/25, 9:14 AM` (US order, times in UTC), or words. A day
 * that does not exist (30 Feb), or a year outside 1900-2200, rejects the row.
 */
export function parseDateValue(text: string, field: string): Date {
  const trimmed = text.trim();
  let date: Date | undefined;
  try {
    date = readDateCell(trimmed);
  } catch (error) {
    if (!(error instanceof DateProblem)) throw error;
    throw new RowError(`${field} ${showValue(text)} ${error.message}`);
  }
  if (!date) throw new RowError(`${field} ${showValue(text)} is not a date`);
  return date;
}

/** A list from a cell: a JSON array (as exports write it), else comma- or semicolon-separated. */
export function parseListValue(value: unknown, field: string): string[] {
  if (Array.isArray(value)) {
    return value.map((item) => {
      if (typeof item === 'string' || typeof item === 'number') return String(item).trim();
      throw new RowError(`${field} must be a list of words, not ${showValue(value)}`);
    });
  }
  if (typeof value !== 'string') throw new RowError(`${field} ${showValue(value)} is not a list`);
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      // Not JSON: read it as a separated list.
    }
    if (nestedDeeperThan(parsed)) throw new RowError(`${field} is ${TOO_DEEP}`);
    if (Array.isArray(parsed)) {
      try {
        return parseListValue(parsed, field);
      } catch {
        // Not a list of words: read the text as a separated list, as before.
      }
    }
  }
  return [
    ...new Set(
      trimmed
        .split(/[,;]/)
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
  ];
}

function parseNumberValue(value: unknown, field: string): number | string {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') throw new RowError(`${field} ${showValue(value)} is not a number`);
  // 60,000 and 60 000 are sixty thousand; anything else is left to the schema to refuse.
  const compact = value.trim().replace(/[\s,_]/g, '');
  const number = Number(compact);
  return compact !== '' && Number.isFinite(number) ? number : value;
}

function parseEntries(value: unknown, field: string): unknown[] {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new RowError(`${field} must be a JSON list of entries, not ${showValue(value)}`);
    }
    if (nestedDeeperThan(parsed)) throw new RowError(`${field} is ${TOO_DEEP}`);
  }
  if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== 'object' || item === null)) {
    throw new RowError(`${field} must be a list of entries, not ${showValue(value)}`);
  }
  return parsed;
}

function parseText(value: unknown, field: string, trim: boolean): string {
  if (typeof value === 'string') return trim ? value.trim() : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new RowError(`${field} must be text, not ${showValue(value)}`);
}

/** True for a cell that gives nothing: empty text, null, missing. */
export function isBlank(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

/**
 * One of the field's choices, as every choice is read ("Applied" -> applied); anything else
 * is a FieldError (the row mapper words it with the column). Not text: left to the schema.
 */
function parseChoiceValue(value: unknown, spec: FieldSpec): unknown {
  if (typeof value !== 'string') return value;
  return matchChoice(value.trim(), spec.choices ?? [], spec.path);
}

/** The field value of one (non-blank) cell, or a RowError saying why it cannot be one. */
export function parseValue(spec: FieldSpec, value: unknown): unknown {
  const field = spec.path;
  switch (spec.kind) {
    case 'text':
      return parseText(value, field, true);
    case 'longText':
    case 'noteLine':
      return parseText(value, field, false);
    case 'date':
      if (value instanceof Date) return value;
      return parseDateValue(parseText(value, field, true), field);
    case 'list':
      return parseListValue(value, field);
    case 'number':
      return parseNumberValue(value, field);
    case 'entries':
      return parseEntries(value, field);
    case 'choice':
      return parseChoiceValue(value, spec);
    case 'ignored':
      return undefined;
  }
}
