// Dates people give, on the command line (parseDate: dates, due dates, starts, since...) and in
// import cells (parseDateValue): days that do not exist are refused rather than rolled over
// into the next month, and years are limited to 1900-2200, in ISO and in words alike.
import { describe, expect, it } from 'vitest';
import { parseDateValue } from '../../src/services/import/values.js';
import { RowError } from '../../src/services/import/types.js';
import { parseDate } from '../../src/domain/dates.js';
import { UsageError } from '../../src/domain/errors.js';
import { wordError } from '../../src/commands/error-wording.js';

/** The error as `career apply add` reports it (the domain names the field, not the flag). */
function worded(error: Error): Error {
  return wordError(error, ['apply', 'add']);
}

const reference = { now: new Date(2026, 5, 10, 12, 0, 0), sense: 'future' } as const;

function refusal(read: () => unknown): Error {
  try {
    read();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the date to be refused');
}

const IMPOSSIBLE: Array<[string, string]> = [
  ['2026-02-30', 'is not a date: February 2026 has 28 days'],
  ['2026-02-29', 'is not a date: February 2026 has 28 days'],
  ['2100-02-29', 'is not a date: February 2100 has 28 days'],
  ['2026-04-31', 'is not a date: April 2026 has 30 days'],
  ['2026-13-01', 'is not a date: there is no month 13'],
  ['2026-00-10', 'is not a date: there is no month 0'],
  ['2026-01-00', 'is not a date: January 2026 has 31 days'],
  ['2026-02-30T10:00', 'is not a date: February 2026 has 28 days'],
  ['2026-01-01T24:00', 'is not a date: there is no hour 24'],
  ['2026-01-01T10:60', 'is not a date: there is no minute 60'],
];

const OUT_OF_RANGE: Array<[string, number]> = [
  ['0000-01-01', 0],
  ['102026-01-01', 102026],
  ['1899-12-31', 1899],
  ['2201-01-01', 2201],
  ['1899-12-31T23:00Z', 1899],
  ['march 3 1850', 1850],
  ['in 500 years', 2526],
];

describe('parseDate (the command line)', () => {
  it('refuses days and times that do not exist, saying why', () => {
    for (const [text, why] of IMPOSSIBLE) {
      const error = refusal(() => parseDate(text, 'date', reference));
      expect(error, text).toBeInstanceOf(UsageError);
      expect(worded(error).message).toBe(`--date: '${text}' ${why}`);
    }
  });

  it('refuses years outside 1900-2200, in ISO and in words', () => {
    for (const [text, year] of OUT_OF_RANGE) {
      const error = refusal(() => parseDate(text, 'due', reference));
      expect(error, text).toBeInstanceOf(UsageError);
      expect(worded(error).message).toBe(
        `--due: '${text}' is outside the years 1900 to 2200 (${year})`,
      );
      expect((error as UsageError).hint).toBe('give a date from 1900 to 2200');
    }
  });

  it('reads real days, the edges of the range, times, zones and words', () => {
    expect(parseDate('2028-02-29', 'date', reference)).toEqual(new Date(2028, 1, 29));
    expect(parseDate('2000-02-29', 'date', reference)).toEqual(new Date(2000, 1, 29));
    expect(parseDate('1900-01-01', 'date', reference)).toEqual(new Date(1900, 0, 1));
    expect(parseDate('2200-12-31', 'date', reference)).toEqual(new Date(2200, 11, 31));
    expect(parseDate('2026-3-1', 'date', reference)).toEqual(new Date(2026, 2, 1));
    expect(parseDate('2026-12-04 10:00', 'date', reference)).toEqual(new Date(2026, 11, 4, 10, 0));
    expect(parseDate('2026-12-04T10:00:30.250Z', 'date', reference)).toEqual(
      new Date(Date.UTC(2026, 11, 4, 10, 0, 30, 250)),
    );
    expect(parseDate('2026-12-04T10:00+02:00', 'date', reference)).toEqual(
      new Date(Date.UTC(2026, 11, 4, 8, 0)),
    );
    expect(parseDate('tomorrow', 'due', reference).getDate()).toBe(11);
    expect(parseDate('in 3 days', 'due', reference).getDate()).toBe(13);
    expect(parseDate('next friday 10am', 'due', reference)).toEqual(new Date(2026, 5, 19, 10, 0));
    expect(parseDate('2026-12-04 10am', 'due', reference)).toEqual(new Date(2026, 11, 4, 10));
    expect(worded(refusal(() => parseDate('when pigs fly', 'date', reference))).message).toBe(
      "--date: cannot read 'when pigs fly' as a date",
    );
  });
});

describe('parseDateValue (import cells)', () => {
  it('rejects the row for a day that does not exist, in every format it reads', () => {
    const cells: Array<[string, string]> = [
      ...IMPOSSIBLE,
      ['30 Feb 2026', 'is not a date: February 2026 has 28 days'],
      ['2/30/2026', 'is not a date: February 2026 has 28 days'],
      ['2/29/25, 9:14 AM', 'is not a date: February 2025 has 28 days'],
    ];
    for (const [text, why] of cells) {
      const error = refusal(() => parseDateValue(text, 'applicationDate'));
      expect(error, text).toBeInstanceOf(RowError);
      expect(error.message).toBe(`applicationDate '${text}' ${why}`);
    }
  });

  it('rejects the row for a year outside 1900-2200', () => {
    for (const [text, year] of [...OUT_OF_RANGE, ['12 Jan 1850', 1850] as [string, number]]) {
      const error = refusal(() => parseDateValue(text, 'date'));
      expect(error, text).toBeInstanceOf(RowError);
      expect(error.message).toBe(`date '${text}' is outside the years 1900 to 2200 (${year})`);
    }
  });

  it('reads real days (UTC), times, LinkedIn formats and words', () => {
    expect(parseDateValue('2028-02-29', 'date')).toEqual(new Date(Date.UTC(2028, 1, 29)));
    expect(parseDateValue('2025-12-01T10:00:00Z', 'date')).toEqual(
      new Date(Date.UTC(2025, 11, 1, 10)),
    );
    expect(parseDateValue('29 Feb 2028', 'date')).toEqual(new Date(Date.UTC(2028, 1, 29)));
    expect(parseDateValue('11/3/25, 9:14 PM', 'date')).toEqual(
      new Date(Date.UTC(2025, 10, 3, 21, 14)),
    );
    expect(parseDateValue('yesterday', 'date').getTime()).toBeLessThan(Date.now());
    expect(refusal(() => parseDateValue('20260101', 'date')).message).toBe(
      "date '20260101' is not a date",
    );
  });
});
