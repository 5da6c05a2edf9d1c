// `career export calendar` end to end on the seeded dataset (test/helpers/insights-seed.ts):
// the .ics is parsed back with ical.js; UIDs stay the same across exports and a change raises
// SEQUENCE, so calendar apps update events instead of duplicating them.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insightsFixture, type InsightsFixture } from '../helpers/insights-seed.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  start: ICAL.Time;
  end: ICAL.Time;
  sequence: number;
  status: string;
}

let fixture: InsightsFixture;

beforeAll(async () => {
  fixture = await insightsFixture();
});

afterAll(async () => {
  await fixture.close();
  removeTempDirs();
});

const hex = (name: string): string => {
  const id = fixture.ids[name];
  if (!id) throw new Error(`no seeded id ${name}`);
  return id.toHexString();
};

function parseEvents(text: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate,
      end: event.endDate,
      sequence: event.sequence,
      status: String(component.getFirstPropertyValue('status')),
    };
  });
}

function byUid(events: readonly ParsedEvent[], uid: string): ParsedEvent {
  const event = events.find((each) => each.uid === uid);
  if (!event) throw new Error(`no event ${uid} in ${events.map((each) => each.uid).join(', ')}`);
  return event;
}

/** Today (local time) plus `days`, at hh:mm local. */
function localDay(days: number, hours = 0, minutes = 0): Date {
  const now = fixture.now;
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, hours, minutes);
}

describe('career export calendar', () => {
  it('exports interviews and open follow-ups as events ical.js reads back', async () => {
    const result = await fixture.ada.run(['export', 'calendar']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^BEGIN:VCALENDAR\r\n[^]*\r\nEND:VCALENDAR\r\n$/);
    const events = parseEvents(result.stdout);
    // The default window: 30 days ahead plus the overdue follow-up; not the past interview,
    // the ones past 30 days, the completed follow-up, or anything of the other user.
    expect(events.map((event) => event.uid).sort()).toEqual(
      [
        `interview-${hex('I2')}@career`,
        `interview-${hex('I3')}@career`,
        `interview-${hex('I5')}@career`,
        `followup-${hex('F4')}@career`,
        `followup-${hex('F5')}@career`,
        `followup-${hex('F6')}@career`,
      ].sort(),
    );
    expect(result.stdout).not.toMatch(/EvilCorp|Mallory|secret|bribe/);

    const video = byUid(events, `interview-${hex('I2')}@career`);
    expect(video.summary).toBe('Interview: video — ACME Backend Engineer');
    expect(video.description).toContain('Prepare the system design');
    expect(video.description).toContain(`career apply show ${hex('A8')}`);
    expect(video.start.isDate).toBe(false);
    expect(video.start.toJSDate().getTime()).toBe(localDay(2, 10).getTime());
    expect(video.end.toJSDate().getTime() - video.start.toJSDate().getTime()).toBe(3600_000);
    expect(video.status).toBe('CONFIRMED');
    expect(byUid(events, `interview-${hex('I5')}@career`).status).toBe('CANCELLED');

    // Due at 00:00: an all-day event on that (local) day.
    const coffee = byUid(events, `followup-${hex('F5')}@career`);
    expect(coffee.summary).toBe('Follow up (coffee): Alan Turing');
    expect(coffee.description).toContain('Bring the paper');
    expect(coffee.description).toContain(`career connect followup done ${hex('F5')}`);
    expect(coffee.start.isDate).toBe(true);
    const due = localDay(3);
    expect([coffee.start.year, coffee.start.month, coffee.start.day]).toEqual([
      due.getFullYear(),
      due.getMonth() + 1,
      due.getDate(),
    ]);
    const next = localDay(4);
    expect([coffee.end.year, coffee.end.month, coffee.end.day]).toEqual([
      next.getFullYear(),
      next.getMonth() + 1,
      next.getDate(),
    ]);

    // Due at 14:30: a 30-minute event; the overdue one is there too.
    const call = byUid(events, `followup-${hex('F6')}@career`);
    expect(call.summary).toBe('Follow up (call): Alan Turing');
    expect(call.start.isDate).toBe(false);
    expect(call.start.toJSDate().getTime()).toBe(localDay(5, 14, 30).getTime());
    expect(call.end.toJSDate().getTime() - call.start.toJSDate().getTime()).toBe(30 * 60_000);
    expect(byUid(events, `followup-${hex('F4')}@career`).summary).toBe(
      'Follow up (email): Grace Hopper',
    );
  });

  it('keeps UIDs across exports and raises SEQUENCE when a record changes', async () => {
    const dir = makeTempDir('career-ics-');
    const file = path.join(dir, 'career.ics');
    const [first, second] = await Promise.all([
      fixture.ada.run(['export', 'calendar', '--days', '60', '--out', file]),
      fixture.ada.run(['export', 'calendar', '--days', '60']),
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^✓ Wrote 8 events to .*career\.ics$/m);
    const written = readFileSync(file, 'utf8');
    // Unchanged data, the same file byte for byte; written whole (no temporary file left).
    expect(second.stdout).toBe(written);
    expect(readdirSync(dir)).toEqual(['career.ics']);
    const before = parseEvents(written);
    expect(before).toHaveLength(8);
    expect(before.map((event) => event.uid)).toContain(`interview-${hex('I4')}@career`);
    expect(before.map((event) => event.uid)).toContain(`followup-${hex('F7')}@career`);

    const changed = await fixture.ada.run([
      'apply',
      'interview',
      'update',
      hex('A8'),
      hex('I2'),
      '--notes',
      'Bring a whiteboard marker',
    ]);
    expect(changed.code).toBe(0);
    const third = await fixture.ada.run(['export', 'calendar', '--days', '60', '--out', file]);
    expect(third.code).toBe(0);
    const after = parseEvents(readFileSync(file, 'utf8'));
    expect(after.map((event) => event.uid)).toEqual(before.map((event) => event.uid));
    const uid = `interview-${hex('I2')}@career`;
    expect(byUid(after, uid).sequence).toBeGreaterThan(byUid(before, uid).sequence);
    expect(byUid(after, uid).description).toContain('Bring a whiteboard marker');
    const untouched = `followup-${hex('F5')}@career`;
    expect(byUid(after, untouched).sequence).toBe(byUid(before, untouched).sequence);
  });

  it('prints the events as JSON and checks --days', async () => {
    const [listed, bad] = await Promise.all([
      fixture.ada.run(['export', 'calendar', '--json', '--days', '0']),
      fixture.ada.run(['export', 'calendar', '--days=-3']),
    ]);
    expect(listed.code).toBe(0);
    const events = JSON.parse(listed.stdout) as Array<{
      uid: string;
      kind: string;
      allDay: boolean;
    }>;
    // --days 0: only what is overdue or today; the overdue follow-up at least.
    expect(events.map((event) => event.uid)).toContain(`followup-${hex('F4')}@career`);
    expect(events.every((event) => ['interview', 'followUp'].includes(event.kind))).toBe(true);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--days must be a whole number/);
  });
});
