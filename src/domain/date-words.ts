// Dates in words, read as a person means them (chrono-node reads the words; the rules that
// depend on the field are ours, so they hold whatever chrono's defaults):
// - "last/previous/past monday" is the most recent Monday strictly before today;
// - "this monday" and "monday" are the nearest Monday on the side of today the field's sense
//   gives (today included): the last one for a date of something done, the next one for a
//   due or planned date; "next monday" is the Monday of next week (weeks start on Monday);
// - a time alone ("noon", "3pm") is today at that time;
// - a month and day without a year ("march 3") is the nearest one on the field's side.
// Words chrono leaves unread ("previous" in "previous monday", "foo" in "foo tomorrow") refuse
// the text rather than being dropped.
import * as chrono from 'chrono-node';
import { DateProblem, checkYear } from './date-problem.js';
import { startOfDay, type DateReading } from './date-reading.js';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const WEEKDAY_PHRASE =
  /^(?:(last|previous|past|this|coming|next)\s+)?([a-z]+)\.?(?:\s*,?\s+(?:at\s+)?(.+))?$/i;
const WEEKDAY_WORDS =
  /^(sun|mon|tues?|wed|thu|thur|thurs|fri|sat)$|^(sun|mon|tues|wednes|thurs|fri|satur)day$/i;
// What may be left around the words chrono read: blanks, punctuation, "on", "at".
const FILLER = /^(?:[\s,.;:]|\bon\b|\bat\b)*$/i;

function unread(text: string, result: chrono.ParsedResult): string {
  return `${text.slice(0, result.index)} ${text.slice(result.index + result.text.length)}`;
}

function firstWhole(text: string, reference: Date, forwardDate: boolean) {
  const [result] = chrono.parse(text, reference, { forwardDate });
  if (!result) return undefined;
  const left = unread(text, result);
  if (!FILLER.test(left)) {
    throw new DateProblem(`is not a date: cannot read '${left.replace(/\s+/g, ' ').trim()}'`);
  }
  return result;
}

function isTimeOnly(result: chrono.ParsedResult): boolean {
  const { start } = result;
  return (
    start.isCertain('hour') &&
    !(['day', 'weekday', 'month', 'year'] as const).some((part) => start.isCertain(part))
  );
}

/** `day` at the time `text` gives ("3pm", "10:30"), or at noon without one. */
function atTime(day: Date, text: string | undefined): Date {
  const noon = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 12);
  if (text === undefined) return noon;
  const result = firstWhole(text, noon, false);
  if (!result || !isTimeOnly(result)) {
    throw new DateProblem(`is not a date: cannot read '${text}' as a time of day`);
  }
  const time = result.start.date();
  return new Date(
    day.getFullYear(),
    day.getMonth(),
    day.getDate(),
    time.getHours(),
    time.getMinutes(),
  );
}

/** The day a weekday phrase names, by the rules above. */
function weekdayDay(modifier: string | undefined, weekday: number, reading: DateReading): Date {
  const today = startOfDay(reading.now);
  const back = (today.getDay() - weekday + 7) % 7;
  const ahead = (weekday - today.getDay() + 7) % 7;
  switch (modifier?.toLowerCase()) {
    case 'last':
    case 'previous':
    case 'past':
      return startOfDay(today, -(back === 0 ? 7 : back));
    case 'next': {
      const monday = startOfDay(today, -((today.getDay() + 6) % 7));
      return startOfDay(monday, 7 + ((weekday + 6) % 7));
    }
    case 'coming':
      return startOfDay(today, ahead);
    default:
      return startOfDay(today, reading.sense === 'past' ? -back : ahead);
  }
}

function readWeekday(text: string, reading: DateReading): Date | undefined {
  const match = WEEKDAY_PHRASE.exec(text);
  if (!match) return undefined;
  const [, modifier, word = '', time] = match;
  if (!WEEKDAY_WORDS.test(word)) return undefined;
  const weekday = WEEKDAYS.indexOf(word.slice(0, 3).toLowerCase());
  return atTime(weekdayDay(modifier, weekday, reading), time);
}

/** A date in words, read for the field's sense; undefined when there is no date in it. */
export function readWords(text: string, reading: DateReading): Date | undefined {
  const weekday = readWeekday(text, reading);
  if (weekday) return checkYear(weekday);
  const result = firstWhole(text, reading.now, reading.sense === 'future');
  if (!result) return undefined;
  if (isTimeOnly(result)) return checkYear(atTime(reading.now, result.text));
  const date = result.start.date();
  const guessedYear = !result.start.isCertain('year') && result.start.isCertain('month');
  if (guessedYear && reading.sense === 'past' && date > startOfDay(reading.now, 1)) {
    date.setFullYear(date.getFullYear() - 1);
  }
  return checkYear(date);
}

/** Reads the time (if any) after a numeric day: "05/12/2026 10:00". */
export function readTimeOf(day: Date, rest: string | undefined): Date {
  return rest === undefined ? day : atTime(day, rest);
}
