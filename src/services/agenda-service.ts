// The agenda: what needs doing, most urgent first. Four kinds of items, each read with its
// own indexed query (nothing loads every document): open follow-ups due by the horizon,
// interviews between now and the horizon, stalled applications, and learning in progress
// past its expected end. Every item names the id to act on and the command to run next.
import { followUpPeople } from './agenda-people.js';
import type { UserProfile, UserRepositories } from '../repositories/index.js';
import type { ApplicationDocument } from '../repositories/application-repository.js';
import type { JobDocument } from '../repositories/job-repository.js';
import type { CareerConfig } from '../db/config.js';
import { FieldError } from '../domain/field-error.js';
import { formatDate } from '../domain/dates.js';
import { DEFAULT_STALLED_AFTER_DAYS } from '../domain/pipeline.js';
import { withContacts } from './connection-service.js';
import { keepInTouchItems } from './keep-in-touch.js';
import { offerItems } from './offer-agenda.js';
import { weeklyStatus, type WeeklyStatus } from './targets-service.js';

export const AGENDA_KINDS = [
  'follow-up',
  'interview',
  'stalled',
  'learning',
  'offer',
  'keep-in-touch',
] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

/** `career agenda` looks a week ahead; `career today` only at today. */
export const DEFAULT_AGENDA_DAYS = 7;
export const DEFAULT_TODAY_DAYS = 0;
// What stalled means is the pipeline's vocabulary; re-exported for the commands.
export { DEFAULT_STALLED_AFTER_DAYS };
export const MAX_AGENDA_DAYS = 365;

/** Interview statuses that take an interview off the agenda. */
const CANCELLED_INTERVIEW = /^cancel+ed$/i;

const DAY_MS = 24 * 3600 * 1000;

/** The ids an item refers to (hex strings), as far as they apply to its kind. */
export interface AgendaRefs {
  connectionId?: string;
  followUpId?: string;
  applicationId?: string;
  interviewId?: string;
  activityId?: string;
  /** The person to follow up with (a stalled application's recruiter or referrer). */
  contactId?: string;
}

export interface AgendaItem {
  kind: AgendaKind;
  /**
   * When it is due: the follow-up's due date, the interview's time, the day the application
   * became stalled (last activity + the stalled-after days), the learning's expected end.
   */
  due: Date;
  /** Due before now. */
  overdue: boolean;
  /** Not overdue, and due before the end of today (local time). */
  dueToday: boolean;
  /** One line saying what it is. */
  what: string;
  /** More context (notes, last activity), when there is any. */
  detail?: string;
  /** The id to act on (the follow-up, interview, application or activity). */
  id: string;
  refs: AgendaRefs;
  /** The command to run next, with full ids. */
  command: string;
}

export interface AgendaOptions {
  /** Look this many days ahead, to the end of that day (0: to the end of today). */
  days: number;
  stalledAfterDays: number;
  now?: Date;
}

export interface Agenda {
  generatedAt: Date;
  days: number;
  /** Items are due up to this moment (the end of the last day looked at). */
  horizon: Date;
  stalledAfterDays: number;
  items: AgendaItem[];
}

/** Parses a whole number of days ("7"); a FieldError naming `field` otherwise. */
export function parseDayCount(
  text: string,
  field: string,
  range: { min: number; max: number } = { min: 0, max: MAX_AGENDA_DAYS },
): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || value < range.min || value > range.max) {
    throw new FieldError({
      field,
      problem: 'must-be',
      detail: `a whole number of days from ${range.min} to ${range.max}`,
      value: text,
    });
  }
  return value;
}

/** The end (23:59:59.999 local time) of the day `days` days after `now`'s. */
export function endOfDay(now: Date, days = 0): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days + 1, 0, 0, 0, -1);
}

function when(due: Date, now: Date): Pick<AgendaItem, 'overdue' | 'dueToday'> {
  const overdue = due.getTime() < now.getTime();
  return { overdue, dueToday: !overdue && due.getTime() <= endOfDay(now).getTime() };
}

function jobLabel(job: JobDocument | undefined): string {
  return job ? `${job.title} at ${job.company}` : '(removed job)';
}

function wholeDays(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The latest sign of life of an application: an update, a status change or an interview. */
export function lastActivity(application: ApplicationDocument): Date {
  let latest = application.updatedAt.getTime();
  for (const change of application.statusHistory ?? []) {
    latest = Math.max(latest, change.at.getTime());
  }
  for (const interview of application.interviews ?? []) {
    latest = Math.max(latest, interview.date.getTime());
  }
  return new Date(latest);
}

/** Open follow-ups due by `horizon` (overdue ones included). */
export async function followUpItems(
  data: UserRepositories,
  horizon: Date,
  now: Date,
): Promise<AgendaItem[]> {
  const connections = await withContacts(
    data,
    await data.connections.withOpenFollowUpsDueBy(horizon),
  );
  const items: AgendaItem[] = [];
  for (const connection of connections) {
    const who = connection.contact
      ? `${connection.contact.name}${connection.contact.company ? ` (${connection.contact.company})` : ''}`
      : '(removed contact)';
    for (const followUp of connection.followUps) {
      if (followUp.completed || followUp.dueDate.getTime() > horizon.getTime()) continue;
      const connectionId = connection._id.toHexString();
      const followUpId = followUp._id.toHexString();
      items.push({
        kind: 'follow-up',
        due: followUp.dueDate,
        ...when(followUp.dueDate, now),
        what: `${followUp.type} with ${who}`,
        ...(followUp.notes ? { detail: followUp.notes } : {}),
        id: followUpId,
        refs: { connectionId, followUpId },
        command: `career connect followup done ${followUpId}`,
      });
    }
  }
  return items;
}

async function jobsFor(
  data: UserRepositories,
  applications: readonly ApplicationDocument[],
): Promise<Map<string, JobDocument>> {
  const ids = [...new Map(applications.map((a) => [a.jobId.toHexString(), a.jobId])).values()];
  const jobs = await data.jobs.findByIds(ids);
  return new Map(jobs.map((job) => [job._id.toHexString(), job]));
}

/** Interviews from `now` to `horizon`, unless cancelled. */
export async function interviewItems(
  data: UserRepositories,
  horizon: Date,
  now: Date,
): Promise<AgendaItem[]> {
  const applications = await data.applications.withInterviewsBetween(now, horizon);
  const jobs = await jobsFor(data, applications);
  const items: AgendaItem[] = [];
  for (const application of applications) {
    const job = jobs.get(application.jobId.toHexString());
    for (const interview of application.interviews) {
      const at = interview.date.getTime();
      if (at < now.getTime() || at > horizon.getTime()) continue;
      if (interview.status !== undefined && CANCELLED_INTERVIEW.test(interview.status)) continue;
      const applicationId = application._id.toHexString();
      const interviewId = interview._id.toHexString();
      items.push({
        kind: 'interview',
        due: interview.date,
        ...when(interview.date, now),
        what: `${interview.type ? `${interview.type} interview` : 'Interview'}: ${jobLabel(job)}`,
        ...(interview.notes ? { detail: interview.notes } : {}),
        id: interviewId,
        refs: { applicationId, interviewId },
        command: `career apply show ${applicationId}`,
      });
    }
  }
  return items;
}

async function stalledItems(
  data: UserRepositories,
  stalledAfterDays: number,
  now: Date,
): Promise<AgendaItem[]> {
  const before = new Date(now.getTime() - stalledAfterDays * DAY_MS);
  const applications = (await data.applications.stalledSince(before)).filter(
    (application) => lastActivity(application).getTime() < before.getTime(),
  );
  const jobs = await jobsFor(data, applications);
  const people = await followUpPeople(data, applications);
  return applications.map((application) => {
    const last = lastActivity(application);
    const due = new Date(last.getTime() + stalledAfterDays * DAY_MS);
    const applicationId = application._id.toHexString();
    const person = people.get(applicationId);
    // The person first: a long detail is cut at its end.
    const followUp = person ? `follow up with ${person.name} (${person.role}); ` : '';
    return {
      kind: 'stalled',
      due,
      ...when(due, now),
      what: `${jobLabel(jobs.get(application.jobId.toHexString()))}: ${application.status}, no activity for ${plural(wholeDays(now.getTime() - last.getTime()), 'day')}`,
      detail: `${followUp}last activity ${formatDate(last)}, stalled since ${formatDate(due)}`,
      id: applicationId,
      refs: person ? { applicationId, contactId: person.contactId } : { applicationId },
      command: person?.command ?? `career apply note ${applicationId} "Followed up"`,
    } satisfies AgendaItem;
  });
}

/** Learning in progress past its expected end. */
export async function learningItems(data: UserRepositories, now: Date): Promise<AgendaItem[]> {
  const activities = await data.activities.inProgressPastExpectedEnd(now);
  return activities.flatMap((activity) => {
    if (!activity.expectedEndDate) return [];
    const activityId = activity._id.toHexString();
    return [
      {
        kind: 'learning',
        due: activity.expectedEndDate,
        ...when(activity.expectedEndDate, now),
        what: `Finish ${activity.title} (${activity.type})`,
        detail: `expected by ${formatDate(activity.expectedEndDate)}${activity.provider ? `, ${activity.provider}` : ''}`,
        id: activityId,
        refs: { activityId },
        command: `career learn complete ${activityId}`,
      } satisfies AgendaItem,
    ];
  });
}

/** Overdue first (the longest overdue at the top), then the soonest; ties by kind and id. */
export function compareUrgency(a: AgendaItem, b: AgendaItem): number {
  return (
    a.due.getTime() - b.due.getTime() ||
    AGENDA_KINDS.indexOf(a.kind) - AGENDA_KINDS.indexOf(b.kind) ||
    a.id.localeCompare(b.id)
  );
}

/** The agenda of the signed-in user. */
export async function buildAgenda(data: UserRepositories, options: AgendaOptions): Promise<Agenda> {
  const now = options.now ?? new Date();
  if (!Number.isInteger(options.days) || options.days < 0 || options.days > MAX_AGENDA_DAYS) {
    throw new FieldError({
      field: 'days',
      problem: 'must-be',
      detail: `a whole number from 0 to ${MAX_AGENDA_DAYS}`,
    });
  }
  if (!Number.isInteger(options.stalledAfterDays) || options.stalledAfterDays < 1) {
    throw new FieldError({
      field: 'stalledAfterDays',
      problem: 'must-be',
      detail: 'a whole number of days, at least 1',
    });
  }
  const horizon = endOfDay(now, options.days);
  const groups = await Promise.all([
    followUpItems(data, horizon, now),
    interviewItems(data, horizon, now),
    stalledItems(data, options.stalledAfterDays, now),
    learningItems(data, now),
    offerItems(data, horizon, now),
    keepInTouchItems(data, now),
  ]);
  return {
    generatedAt: now,
    days: options.days,
    horizon,
    stalledAfterDays: options.stalledAfterDays,
    items: groups.flat().sort(compareUrgency),
  };
}

export interface AgendaReport extends Agenda {
  week: WeeklyStatus;
}

/** The agenda with this week's progress against the targets, as `career agenda` shows it. */
export async function agendaReport(
  data: UserRepositories,
  user: UserProfile,
  config: CareerConfig,
  options: AgendaOptions,
): Promise<AgendaReport> {
  const now = options.now ?? new Date();
  const [agenda, week] = await Promise.all([
    buildAgenda(data, { ...options, now }),
    weeklyStatus(data, user, config, now),
  ]);
  return { ...agenda, week };
}
