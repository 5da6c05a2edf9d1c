// What a person means by a date in words or numbers, with "today" pinned: "last monday" is
// the Monday before today, "this monday" and "monday" lie on the side of today the field's
// sense gives (past for things done, future for due dates), a time alone is today, and a
// numeric date whose day and month could swap is refused unless date.order says how to read it.
import { describe, expect, it } from 'vitest';
import { formatDay, parseDate, type DateOrder, type DateSense } from '../../src/domain/dates.js';
import { UsageError } from '../../src/domain/errors.js';
import { wordError } from '../../src/commands/error-wording.js';

const SUNDAY = new Date(2026, 10, 29, 10, 0);
const MONDAY = new Date(2026, 10, 30, 10, 0);
const TUESDAY = new Date(2026, 11, 1, 10, 0);
// Afternoon: a time alone is still today, not tomorrow.
const TUESDAY_EVENING = new Date(2026, 11, 1, 18, 30);

function day(text: string, now: Date, sense: DateSense, order?: DateOrder): string {
  return formatDay(parseDate(text, 'date', { now, sense, order }));
}

function refusal(text: string, order?: DateOrder): UsageError {
  try {
    parseDate(text, 'date', { now: TUESDAY, sense: 'past', order });
  } catch (error) {
    return wordError(error as UsageError, ['apply', 'add']);
  }
  throw new Error(`expected '${text}' to be refused`);
}

describe("weekdays, by the field's sense", () => {
  it('last/previous/past WEEKDAY: the most recent one strictly before today, in both senses', () => {
    for (const sense of ['past', 'future'] as const) {
      expect(day('last monday', TUESDAY, sense)).toBe('Mon 2026-11-30');
      expect(day('previous monday', TUESDAY, sense)).toBe('Mon 2026-11-30');
      expect(day('last friday', TUESDAY, sense)).toBe('Fri 2026-11-27');
      expect(day('last tuesday', TUESDAY, sense)).toBe('Tue 2026-11-24');
      expect(day('last monday', MONDAY, sense)).toBe('Mon 2026-11-23');
      expect(day('past sunday', MONDAY, sense)).toBe('Sun 2026-11-29');
      expect(day('last sunday', SUNDAY, sense)).toBe('Sun 2026-11-22');
      expect(day('Previous Fri', SUNDAY, sense)).toBe('Fri 2026-11-27');
    }
  });

  it('this WEEKDAY and a bare weekday: the last one (today included) for a past date', () => {
    expect(day('this monday', TUESDAY, 'past')).toBe('Mon 2026-11-30');
    expect(day('monday', TUESDAY, 'past')).toBe('Mon 2026-11-30');
    expect(day('friday', TUESDAY, 'past')).toBe('Fri 2026-11-27');
    expect(day('tuesday', TUESDAY, 'past')).toBe('Tue 2026-12-01');
    expect(day('monday', MONDAY, 'past')).toBe('Mon 2026-11-30');
    expect(day('this tuesday', MONDAY, 'past')).toBe('Tue 2026-11-24');
    expect(day('saturday', SUNDAY, 'past')).toBe('Sat 2026-11-28');
    expect(day('monday', SUNDAY, 'past')).toBe('Mon 2026-11-23');
  });

  it('this WEEKDAY and a bare weekday: the next one (today included) for a due date', () => {
    expect(day('this monday', TUESDAY, 'future')).toBe('Mon 2026-12-07');
    expect(day('monday', TUESDAY, 'future')).toBe('Mon 2026-12-07');
    expect(day('friday', TUESDAY, 'future')).toBe('Fri 2026-12-04');
    expect(day('tuesday', TUESDAY, 'future')).toBe('Tue 2026-12-01');
    expect(day('monday', MONDAY, 'future')).toBe('Mon 2026-11-30');
    expect(day('this tuesday', MONDAY, 'future')).toBe('Tue 2026-12-01');
    expect(day('saturday', SUNDAY, 'future')).toBe('Sat 2026-12-05');
    expect(day('sunday', SUNDAY, 'future')).toBe('Sun 2026-11-29');
  });

  it('next WEEKDAY: that day of next week (weeks start on Monday), in both senses', () => {
    for (const sense of ['past', 'future'] as const) {
      expect(day('next friday', TUESDAY, sense)).toBe('Fri 2026-12-11');
      expect(day('next monday', MONDAY, sense)).toBe('Mon 2026-12-07');
      expect(day('next friday', SUNDAY, sense)).toBe('Fri 2026-12-04');
    }
  });

  it('keeps a time given with the weekday, and noon without one', () => {
    const at = (text: string, sense: DateSense) =>
      formatDay(parseDate(text, 'due', { now: TUESDAY, sense }), true);
    expect(at('friday 3pm', 'future')).toBe('Fri 2026-12-04 15:00');
    expect(at('friday 3pm', 'past')).toBe('Fri 2026-11-27 15:00');
    expect(at('last monday at 10:30', 'future')).toBe('Mon 2026-11-30 10:30');
    expect(at('monday', 'future')).toBe('Mon 2026-12-07 12:00');
  });
});

describe('a time alone is today', () => {
  it('in both senses, before and after that time', () => {
    for (const now of [TUESDAY, TUESDAY_EVENING]) {
      for (const sense of ['past', 'future'] as const) {
        const read = (text: string) => formatDay(parseDate(text, 'date', { now, sense }), true);
        expect(read('noon')).toBe('Tue 2026-12-01 12:00');
        expect(read('3pm')).toBe('Tue 2026-12-01 15:00');
        expect(read('9:15')).toBe('Tue 2026-12-01 09:15');
      }
    }
  });
});

describe('month and day without a year', () => {
  it('is the nearest one on the side of today the field gives', () => {
    expect(day('march 3', TUESDAY, 'past')).toBe('Tue 2026-03-03');
    expect(day('march 3', TUESDAY, 'future')).toBe('Wed 2027-03-03');
    expect(day('dec 5', TUESDAY, 'past')).toBe('Fri 2025-12-05');
    expect(day('dec 5', TUESDAY, 'future')).toBe('Sat 2026-12-05');
  });
});

describe('numeric dates', () => {
  it('refuses a day and month that could swap, naming both readings', () => {
    const error = refusal('05/12/2026');
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe("--date: '05/12/2026' could be 5 December 2026 or 12 May 2026");
    expect(error.hint).toBe(
      'write it as 2026-12-05 or 2026-05-12, or say how you write dates: `career config set date.order DMY` (or MDY)',
    );
    expect(refusal('5.12.26').message).toBe(
      "--date: '5.12.26' could be 5 December 2026 or 12 May 2026",
    );
    expect(refusal('3/4').message).toBe("--date: '3/4' could be 3 April or 4 March");
  });

  it('reads one whose order is evident without date.order', () => {
    expect(day('13/12/2026', TUESDAY, 'past')).toBe('Sun 2026-12-13');
    expect(day('12/13/2026', TUESDAY, 'past')).toBe('Sun 2026-12-13');
    expect(day('05/05/2026', TUESDAY, 'past')).toBe('Tue 2026-05-05');
    expect(day('2026/05/12', TUESDAY, 'past')).toBe('Tue 2026-05-12');
    expect(day('2026.12.05', TUESDAY, 'past')).toBe('Sat 2026-12-05');
  });

  it('follows date.order: DMY, MDY, YMD', () => {
    expect(day('05/12/2026', TUESDAY, 'past', 'DMY')).toBe('Sat 2026-12-05');
    expect(day('05/12/2026', TUESDAY, 'past', 'MDY')).toBe('Tue 2026-05-12');
    expect(day('05/12/26', TUESDAY, 'past', 'DMY')).toBe('Sat 2026-12-05');
    expect(day('26/05/12', TUESDAY, 'past', 'YMD')).toBe('Tue 2026-05-12');
    expect(day('05/12/26', TUESDAY, 'past', 'YMD')).toBe('Mon 2005-12-26');
    // A day and month without a year: on the field's side of today.
    expect(day('5/12', TUESDAY, 'past', 'DMY')).toBe('Fri 2025-12-05');
    expect(day('5/12', TUESDAY, 'future', 'DMY')).toBe('Sat 2026-12-05');
    expect(day('12/5', TUESDAY, 'past', 'MDY')).toBe('Fri 2025-12-05');
  });

  it('holds to date.order, saying so when a date does not fit it', () => {
    expect(refusal('12/13/2026', 'DMY').message).toBe(
      "--date: '12/13/2026' is not a date: there is no month 13 (read as DMY, your date.order)",
    );
    // Year-first order cannot read a four-digit year at the end: both readings stay open.
    expect(refusal('05/12/2026', 'YMD').message).toBe(
      "--date: '05/12/2026' could be 5 December 2026 or 12 May 2026",
    );
  });

  it('always accepts ISO, whatever date.order says', () => {
    for (const order of [undefined, 'DMY', 'MDY', 'YMD'] as const) {
      expect(day('2026-05-12', TUESDAY, 'past', order)).toBe('Tue 2026-05-12');
      expect(day('2026-12-05', TUESDAY, 'future', order)).toBe('Sat 2026-12-05');
    }
  });
});

describe('words it cannot read whole', () => {
  it('are refused rather than dropped', () => {
    expect(refusal('foo tomorrow').message).toBe(
      "--date: 'foo tomorrow' is not a date: cannot read 'foo'",
    );
    expect(refusal('monkey').message).toBe("--date: cannot read 'monkey' as a date");
  });
});
