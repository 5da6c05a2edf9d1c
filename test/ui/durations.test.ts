// `laterBy` (snooze's "later by 1 month") and recurrence's `addSpan` move by calendar months and
// stop at the month's end, as the README says for both: Jan 31 + 1 month is Feb 28 (29 in a leap
// year), never Mar 3; days are added after the months; the local time of day stays.
import { describe, expect, it } from 'vitest';
import { laterBy, parseDuration } from '../../src/domain/durations.js';
import { addSpan } from '../../src/domain/recurrence.js';

const local = (date: Date): string =>
  `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()} ${date.getHours()}:${date.getMinutes()}`;

describe('laterBy and addSpan', () => {
  it.each([
    ['2027-01-31', '1 month', '2027-2-28 9:30'],
    ['2028-01-31', '1 month', '2028-2-29 9:30'],
    ['2027-03-31', '1mo', '2027-4-30 9:30'],
    ['2027-01-15', '1 month', '2027-2-15 9:30'],
    ['2027-12-31', '2 months', '2028-2-29 9:30'],
    ['2027-01-31', '1w', '2027-2-7 9:30'],
  ])('%s later by %s is %s', (day, span, expected) => {
    const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
    const start = new Date(year, month - 1, date, 9, 30);
    const duration = parseDuration(span);
    expect(duration).toBeDefined();
    if (!duration) return;
    expect(local(laterBy(start, duration))).toBe(expected);
    expect(local(addSpan(start, duration))).toBe(expected);
  });
});
