// `career export calendar`: upcoming interviews, open follow-ups and offer deadlines (see
// offer-calendar.ts) as iCalendar (RFC 5545) events, through ical-generator. Each event's UID comes from the id of the interview or
// follow-up, and SEQUENCE, DTSTAMP and LAST-MODIFIED from its record's updatedAt, so a calendar
// app importing the file again updates the events rather than adding copies (and an export of
// unchanged data is byte for byte the same).
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ical, { ICalEventStatus } from 'ical-generator';
import type { UserRepositories } from '../repositories/index.js';
import { FieldError } from '../domain/field-error.js';
import { field, say, step } from '../domain/phrases.js';
import { printable } from '../domain/printable.js';
import { offerEvents } from './offer-calendar.js';

export const DEFAULT_CALENDAR_DAYS = 30;
export const MAX_CALENDAR_DAYS = 3660;

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const INTERVIEW_MINUTES = 60;
const FOLLOW_UP_MINUTES = 30;
// SEQUENCE is seconds of updatedAt since this date: it grows with every change and stays well
// inside the 32-bit integers calendar apps use (until 2088).
const SEQUENCE_EPOCH = Date.UTC(2020, 0, 1);
const CANCELLED = new Set(['cancelled', 'canceled']);

export interface CalendarEvent {
  uid: string;
  kind: 'interview' | 'followUp' | 'offer';
  summary: string;
  description: string;
  start: Date;
  end: Date;
  /** A whole-day event (a follow-up due at 00:00): start and end are local midnights. */
  allDay: boolean;
  status: 'CONFIRMED' | 'CANCELLED';
  sequence: number;
  lastModified: Date;
  /** The application (interviews, offers) or connection (follow-ups) the event belongs to. */
  parentId: string;
  /** The interview's or follow-up's id. */
  itemId: string;
}

/** --days: a whole number of days from 0 to MAX_CALENDAR_DAYS. */
export function parseCalendarDays(text: string): number {
  const days = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(days) || days > MAX_CALENDAR_DAYS) {
    throw new FieldError(
      {
        field: 'days',
        problem: 'must-be',
        detail: `a whole number from 0 to ${MAX_CALENDAR_DAYS}`,
        value: text,
      },
      { hint: say`e.g. ${step('this-command')} ${field('days')} 14` },
    );
  }
  return days;
}

function sequenceOf(updatedAt: Date): number {
  return Math.max(0, Math.floor((updatedAt.getTime() - SEQUENCE_EPOCH) / 1000));
}

function startOfLocalDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

function paragraphs(...parts: Array<string | null | undefined>): string {
  return parts.filter((part) => typeof part === 'string' && part.trim() !== '').join('\n\n');
}

/**
 * The events of the calendar: interviews from the start of today to `days` days from now, and
 * open follow-ups due by then (overdue ones included, so they stay in sight), by start time.
 */
export async function calendarEvents(
  data: UserRepositories,
  days: number = DEFAULT_CALENDAR_DAYS,
  now: Date = new Date(),
): Promise<CalendarEvent[]> {
  const until = new Date(now.getTime() + days * DAY_MS);
  const [interviews, followUps, offers] = await Promise.all([
    data.applications.interviewsBetween(startOfLocalDay(now), until),
    data.connections.openFollowUpsDueBy(until),
    offerEvents(data, until, now),
  ]);
  const events: CalendarEvent[] = [...offers];
  for (const row of interviews) {
    const { interview } = row;
    const id = interview._id.toHexString();
    const applicationId = row.applicationId.toHexString();
    const what = [row.company, row.title].filter(Boolean).join(' ') || '(no job)';
    events.push({
      uid: `interview-${id}@career`,
      kind: 'interview',
      summary: `Interview${interview.type ? `: ${interview.type}` : ''} — ${what}`,
      description: paragraphs(
        interview.notes,
        interview.status ? `Status: ${interview.status}` : undefined,
        `See it with: career apply show ${applicationId}`,
      ),
      start: interview.date,
      end: new Date(interview.date.getTime() + INTERVIEW_MINUTES * MINUTE_MS),
      allDay: false,
      status: CANCELLED.has((interview.status ?? '').toLowerCase()) ? 'CANCELLED' : 'CONFIRMED',
      sequence: sequenceOf(row.updatedAt),
      lastModified: row.updatedAt,
      parentId: applicationId,
      itemId: id,
    });
  }
  for (const row of followUps) {
    const { followUp } = row;
    const id = followUp._id.toHexString();
    const connectionId = row.connectionId.toHexString();
    const due = followUp.dueDate;
    const allDay = due.getHours() === 0 && due.getMinutes() === 0;
    const contact = row.contactName ?? '(unknown contact)';
    events.push({
      uid: `followup-${id}@career`,
      kind: 'followUp',
      summary: `Follow up (${followUp.type}): ${contact}`,
      description: paragraphs(
        followUp.notes,
        row.contactCompany ? `Company: ${row.contactCompany}` : undefined,
        `Mark it done: career connect followup done ${id}`,
      ),
      start: allDay ? startOfLocalDay(due) : due,
      end: allDay
        ? new Date(due.getFullYear(), due.getMonth(), due.getDate() + 1)
        : new Date(due.getTime() + FOLLOW_UP_MINUTES * MINUTE_MS),
      allDay,
      status: 'CONFIRMED',
      sequence: sequenceOf(row.updatedAt),
      lastModified: row.updatedAt,
      parentId: connectionId,
      itemId: id,
    });
  }
  return events.sort((a, b) => a.start.getTime() - b.start.getTime() || a.uid.localeCompare(b.uid));
}

/** The local calendar day of `date` as a Date whose UTC fields are that day (for DATE values). */
function asUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
}

/** The events as an iCalendar file (text with CRLF line ends, as RFC 5545 wants). */
export function toICalendar(events: readonly CalendarEvent[]): string {
  const calendar = ical({ prodId: '//career//career CLI//EN', name: 'career' });
  for (const event of events) {
    calendar.createEvent({
      id: event.uid,
      // RFC 5545 text may hold no control characters (and calendar apps print what they get):
      // data's are written as visible escapes, as for the terminal; line breaks stay.
      summary: printable(event.summary),
      description: printable(event.description, { lines: true }),
      // ical-generator writes all-day dates from the UTC fields; we mean the local day.
      start: event.allDay ? asUtcDay(event.start) : event.start,
      end: event.allDay ? asUtcDay(event.end) : event.end,
      allDay: event.allDay,
      status: event.status === 'CANCELLED' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: event.sequence,
      stamp: event.lastModified,
      lastModified: event.lastModified,
    });
  }
  // RFC 5545 ends every content line, the last one too, with CRLF.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

/** Writes the file whole or not at all: a temporary file beside it, then a rename. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const target = path.resolve(file);
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { force: true });
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    throw new FieldError(
      { field: 'out', problem: 'invalid', value: file, detail: `cannot write ${file} (${reason})` },
      { hint: 'give a file in a directory that exists and that you can write to' },
    );
  }
}
