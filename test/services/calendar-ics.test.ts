// The .ics text of `career export calendar` holds no control characters from data: RFC 5545
// text may hold none, and calendar apps show what they are given. Data's are written as
// visible escapes; line breaks in notes stay line breaks.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { toICalendar, type CalendarEvent } from '../../src/services/calendar-service.js';
import { RAW_CONTROL } from '../helpers/terminal.js';

const event: CalendarEvent = {
  uid: 'interview-1@career',
  kind: 'interview',
  summary: 'Interview — \u001b]0;pwned\u0007ACME\u009b31m',
  description: 'Round 1\u001b[2J\nBring \u202elaptop',
  start: new Date('2026-12-04T10:00:00Z'),
  end: new Date('2026-12-04T11:00:00Z'),
  allDay: false,
  status: 'CONFIRMED',
  sequence: 0,
  lastModified: new Date('2026-12-01T10:00:00Z'),
  parentId: '6b04dca1',
  itemId: '6b04dcc3',
};

describe('toICalendar', () => {
  it('writes control characters from data as visible escapes, keeping line breaks', () => {
    const text = toICalendar([event]);
    // CRLF ends each content line: no other line break, no C0, DEL, C1 or bidi control.
    const content = text.replace(/\r\n/g, '');
    expect(content).not.toMatch(RAW_CONTROL);
    expect(content).not.toContain('\n');
    const parsed = new ICAL.Component(ICAL.parse(text));
    const vevent = new ICAL.Event(parsed.getFirstSubcomponent('vevent') ?? undefined);
    expect(vevent.summary).toBe('Interview — \\x1b]0;pwned\\x07ACME\\x9b31m');
    expect(vevent.description).toBe('Round 1\\x1b[2J\nBring \\u202elaptop');
  });
});
