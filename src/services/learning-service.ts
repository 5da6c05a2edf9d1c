// Learning (the seed's DevelopmentActivity): the rules behind `career learn`. Dates must
// follow each other (start <= expected end, start <= completion), the status decides which
// dates exist, and a completed activity's skills can be added to the user's profile.
import type { Types } from 'mongoose';
import type {
  ActivityChanges,
  ActivityDocument,
  ActivityFilter,
  ActivityStatus,
  ActivityType,
  NewActivity,
} from '../repositories/activity-repository.js';
import { ACTIVITY_SORT_FIELDS } from '../repositories/activity-repository.js';
import { parseListQuery, type UserProfile, type UserRepositories } from '../repositories/index.js';
import type { Page } from '../repositories/list-query.js';
import type { UserRepository } from '../repositories/user-repository.js';
import { ConflictError, UsageError } from '../domain/errors.js';
import { FieldError } from '../domain/field-error.js';
import { field, fieldList, say, step } from '../domain/phrases.js';
import { unlessTaken } from './taken.js';

// Commands validate flags against these without importing a model.
export {
  ACTIVITY_SORT_FIELDS,
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
} from '../repositories/activity-repository.js';
export type {
  ActivityDocument,
  ActivityFilter,
  ActivityStatus,
  ActivityType,
} from '../repositories/activity-repository.js';

type ActivityData = Pick<UserRepositories, 'activities'>;

/** What `learn add` collects (already parsed: dates are Dates, enums checked). */
export interface AddActivityInput {
  title: string;
  type: ActivityType;
  status?: ActivityStatus;
  provider?: string;
  startDate?: Date;
  expectedEndDate?: Date;
  skills?: string[];
  notes?: string;
  certificateUrl?: string;
}

/** What `learn update` may change: a value sets, null clears an optional field. */
export interface UpdateActivityInput {
  title?: string;
  type?: ActivityType;
  status?: ActivityStatus;
  provider?: string | null;
  startDate?: Date | null;
  expectedEndDate?: Date | null;
  notes?: string | null;
  certificateUrl?: string | null;
  /** Replaces the skill list. */
  skills?: string[];
  addSkills?: string[];
  removeSkills?: string[];
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A certificate link must be an http(s) URL. */
export function checkCertificateUrl(url: string): string {
  const trimmed = url.trim();
  let parsed: URL | undefined;
  try {
    parsed = new URL(trimmed);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new FieldError(
      {
        field: 'certificateUrl',
        problem: 'invalid',
        value: url,
        detail: `'${url}' is not an http(s) URL`,
      },
      { hint: 'give the full link, like https://example.com/certificate/123' },
    );
  }
  return trimmed;
}

/** The dates of an activity, in the order they must come. */
interface ActivityDates {
  startDate?: Date | undefined;
  expectedEndDate?: Date | undefined;
  completionDate?: Date | undefined;
}

/**
 * Refuses an expected end or completion before the start. With `changed`, only pairs with a
 * changed date are checked: starting late (after the expected end) stays possible, and an
 * old inconsistency never blocks an unrelated edit.
 */
export function checkDateOrder(
  dates: ActivityDates,
  changed?: ReadonlySet<keyof ActivityDates>,
): void {
  const { startDate, expectedEndDate, completionDate } = dates;
  if (startDate === undefined) return;
  const check = (field: keyof ActivityDates) =>
    changed === undefined || changed.has('startDate') || changed.has(field);
  if (completionDate !== undefined && completionDate < startDate && check('completionDate')) {
    throw new UsageError(
      `the completion date ${isoDay(completionDate)} is before the start date ${isoDay(startDate)}`,
      {
        hint: say`complete it on a later date (\`${step('complete-activity', 'ID')} ${field('completionDate')} DATE\`), or correct the start (\`${step('update-activity', 'ID')} ${field('startDate')} DATE\`)`,
      },
    );
  }
  if (expectedEndDate !== undefined && expectedEndDate < startDate && check('expectedEndDate')) {
    throw new UsageError(
      `the expected end ${isoDay(expectedEndDate)} is before the start date ${isoDay(startDate)}`,
    );
  }
}

/**
 * Skills case-insensitively without duplicates, keeping the first spelling and the order.
 */
function uniqueSkills(skills: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of skills) {
    const skill = raw.trim();
    const key = skill.toLowerCase();
    if (skill === '' || seen.has(key)) continue;
    seen.add(key);
    result.push(skill);
  }
  return result;
}

/** The dates a status implies when they were not given: started work has a start date... */
function datesForStatus(
  status: ActivityStatus,
  dates: ActivityDates,
  now: Date,
): { startDate?: Date; completionDate?: Date | null } {
  if (status === 'in-progress') {
    // Not completed (any more): a completion date would contradict the status.
    return {
      ...(dates.startDate === undefined ? { startDate: now } : {}),
      ...(dates.completionDate !== undefined ? { completionDate: null } : {}),
    };
  }
  if (status === 'completed') {
    return dates.completionDate === undefined ? { completionDate: now } : {};
  }
  return dates.completionDate !== undefined ? { completionDate: null } : {};
}

export async function addActivity(
  data: ActivityData,
  input: AddActivityInput,
  now = new Date(),
): Promise<ActivityDocument> {
  const title = input.title.trim();
  if (title === '') throw new FieldError({ field: 'title', problem: 'empty' });
  const status = input.status ?? 'planned';
  const fields: NewActivity = {
    title,
    type: input.type,
    status,
    skills: uniqueSkills(input.skills ?? []),
  };
  if (input.provider !== undefined && input.provider.trim() !== '') {
    fields.provider = input.provider;
  }
  if (input.startDate !== undefined) fields.startDate = input.startDate;
  if (input.expectedEndDate !== undefined) fields.expectedEndDate = input.expectedEndDate;
  if (input.notes !== undefined && input.notes !== '') fields.notes = input.notes;
  if (input.certificateUrl !== undefined) {
    fields.certificateUrl = checkCertificateUrl(input.certificateUrl);
  }
  const implied = datesForStatus(status, fields, now);
  if (implied.startDate) fields.startDate = implied.startDate;
  if (implied.completionDate) fields.completionDate = implied.completionDate;
  checkDateOrder(fields);
  return unlessTaken(() => data.activities.create(fields), activityExists);
}

/** The conflict of an activity with another of the same type, title and provider. */
function activityExists(
  existing: ActivityDocument | undefined,
  fields: Partial<Pick<ActivityDocument, 'type' | 'title' | 'provider'>>,
): ConflictError {
  const shown = existing ?? fields;
  const by = shown.provider ? ` from ${shown.provider}` : '';
  const what = `a ${shown.type} '${shown.title}'${by}`;
  if (!existing) return new ConflictError(`${what} is already in your learning`);
  const id = existing._id.toHexString();
  return new ConflictError(`${what} is already in your learning: ${id}`, {
    existing: { kind: 'learning activity', id },
    hint: say`see it with \`${step('learning activity.show', id)}\``,
  });
}

export async function listActivities(
  data: ActivityData,
  filter: ActivityFilter,
  paging: { limit?: string; page?: string; sort?: string },
): Promise<Page<ActivityDocument>> {
  const query = parseListQuery(paging, ACTIVITY_SORT_FIELDS, { field: 'createdAt', direction: -1 });
  const { skill, ...rest } = filter;
  const trimmed = skill?.trim();
  return data.activities.list(trimmed ? { ...rest, skill: trimmed } : rest, query);
}

/** The activity named by a full id or a unique prefix (NotFound / Ambiguous otherwise). */
export async function getActivity(
  data: ActivityData,
  idOrPrefix: string,
): Promise<ActivityDocument> {
  const id = await data.activities.resolveId(idOrPrefix);
  return found(await data.activities.findById(id), idOrPrefix);
}

// Between resolving an id and using it the record may have been removed by another process.
function found(activity: ActivityDocument | undefined, idOrPrefix: string): ActivityDocument {
  if (!activity) {
    throw new ConflictError(
      `learning activity ${idOrPrefix} was removed while it was being changed`,
    );
  }
  return activity;
}

async function applyChanges(
  data: ActivityData,
  id: Types.ObjectId,
  changes: ActivityChanges,
  idOrPrefix: string,
): Promise<ActivityDocument> {
  return found(
    await unlessTaken(() => data.activities.update(id, changes), activityExists),
    idOrPrefix,
  );
}

export async function updateActivity(
  data: ActivityData,
  idOrPrefix: string,
  input: UpdateActivityInput,
  now = new Date(),
): Promise<ActivityDocument> {
  const current = await getActivity(data, idOrPrefix);
  const changes: ActivityChanges = {};
  if (input.title !== undefined) {
    const title = input.title.trim();
    if (title === '') throw new FieldError({ field: 'title', problem: 'empty' });
    changes.title = title;
  }
  if (input.type !== undefined) changes.type = input.type;
  if (input.provider !== undefined) changes.provider = emptyToNull(input.provider);
  if (input.notes !== undefined) changes.notes = emptyToNull(input.notes);
  if (input.certificateUrl !== undefined) {
    const url = emptyToNull(input.certificateUrl);
    changes.certificateUrl = url === null ? null : checkCertificateUrl(url);
  }
  if (input.startDate !== undefined) changes.startDate = input.startDate;
  if (input.expectedEndDate !== undefined) changes.expectedEndDate = input.expectedEndDate;
  const skills = editedSkills(current.skills, input);
  if (skills !== undefined) changes.skills = skills;
  if (input.status !== undefined && input.status !== current.status) {
    changes.status = input.status;
    const dates = merged(current, changes);
    Object.assign(changes, datesForStatus(input.status, dates, now));
  }
  if (Object.keys(changes).length === 0) {
    throw new UsageError('nothing to update', {
      hint: say`pass a flag to change, e.g. ${fieldList(['title', 'status', 'startDate', 'addSkills'])} (see ${field('help')})`,
    });
  }
  const changedDates = new Set(DATE_FIELDS.filter((field) => changes[field] !== undefined));
  checkDateOrder(merged(current, changes), changedDates);
  return applyChanges(data, current._id, changes, idOrPrefix);
}

function emptyToNull(text: string | null): string | null {
  return text === null || text.trim() === '' ? null : text;
}

const DATE_FIELDS = ['startDate', 'expectedEndDate', 'completionDate'] as const;

/** The activity's dates once `changes` apply. */
function merged(current: ActivityDocument, changes: ActivityChanges): ActivityDates {
  const pick = (field: keyof ActivityDates): Date | undefined => {
    const change = changes[field];
    if (change === null) return undefined;
    // A field stored as null is as good as absent.
    return change ?? current[field] ?? undefined;
  };
  return {
    startDate: pick('startDate'),
    expectedEndDate: pick('expectedEndDate'),
    completionDate: pick('completionDate'),
  };
}

/** The new skill list for --skills / --add-skills / --remove-skills (undefined: unchanged). */
export function editedSkills(
  current: readonly string[],
  input: Pick<UpdateActivityInput, 'skills' | 'addSkills' | 'removeSkills'>,
): string[] | undefined {
  if (
    input.skills === undefined &&
    input.addSkills === undefined &&
    input.removeSkills === undefined
  ) {
    return undefined;
  }
  const base = input.skills ?? current;
  const removed = new Set((input.removeSkills ?? []).map((skill) => skill.trim().toLowerCase()));
  return uniqueSkills([...base, ...(input.addSkills ?? [])]).filter(
    (skill) => !removed.has(skill.toLowerCase()),
  );
}

/**
 * When `learn start` has an activity start: the date given; else the start it already has
 * (in progress, or planned and now reached: a plan is kept, even past its expected end);
 * else now (nothing planned, or starting before the planned day).
 */
export function startDateFor(
  current: Pick<ActivityDocument, 'startDate' | 'status'>,
  date: Date | undefined,
  now: Date,
): Date {
  if (date !== undefined) return date;
  const start = current.startDate ?? undefined;
  if (start === undefined) return now;
  return current.status === 'in-progress' || start.getTime() <= now.getTime() ? start : now;
}

/**
 * `learn start`: in progress from startDateFor (a date given, the start it has, or now).
 * A completed activity is not restarted.
 */
export async function startActivity(
  data: ActivityData,
  idOrPrefix: string,
  date: Date | undefined,
  now = new Date(),
): Promise<ActivityDocument> {
  const current = await getActivity(data, idOrPrefix);
  if (current.status === 'completed') {
    throw new ConflictError(`'${current.title}' is already completed`, {
      hint: say`to reopen it, run \`${step('update-activity', 'ID')} ${field('status')} in-progress\``,
    });
  }
  // No date check: the activity is not completed, and starting after the expected end is
  // allowed (people start late).
  return applyChanges(
    data,
    current._id,
    {
      status: 'in-progress',
      startDate: startDateFor(current, date, now),
    },
    idOrPrefix,
  );
}

/**
 * `learn complete`: completed on `date` (or now; an activity already completed keeps its
 * date unless one is given), never before its start.
 */
export async function completeActivity(
  data: ActivityData,
  idOrPrefix: string,
  options: { date?: Date; certificateUrl?: string },
  now = new Date(),
): Promise<ActivityDocument> {
  const current = await getActivity(data, idOrPrefix);
  const completionDate =
    options.date ?? (current.status === 'completed' ? current.completionDate : undefined) ?? now;
  checkDateOrder({ startDate: current.startDate ?? undefined, completionDate });
  const changes: ActivityChanges = { status: 'completed', completionDate };
  if (options.certificateUrl !== undefined) {
    changes.certificateUrl = checkCertificateUrl(options.certificateUrl);
  }
  return applyChanges(data, current._id, changes, idOrPrefix);
}

/** The activity's skills the profile does not have yet (compared ignoring letter case). */
export function skillsNotInProfile(
  activity: Pick<ActivityDocument, 'skills'>,
  profile: Pick<UserProfile, 'skills'>,
): string[] {
  const known = new Set((profile.skills ?? []).map((skill) => skill.toLowerCase()));
  return uniqueSkills(activity.skills).filter((skill) => !known.has(skill.toLowerCase()));
}

/** Adds the activity's new skills to the user's profile; returns those that were new. */
export async function addSkillsToProfile(
  users: UserRepository,
  profile: Pick<UserProfile, '_id' | 'skills'>,
  activity: Pick<ActivityDocument, 'skills'>,
): Promise<string[]> {
  const added = skillsNotInProfile(activity, profile);
  if (added.length > 0) await users.addSkills(profile._id, added);
  return added;
}

export async function removeActivity(
  data: ActivityData,
  idOrPrefix: string,
): Promise<ActivityDocument> {
  const current = await getActivity(data, idOrPrefix);
  await data.activities.remove(current._id);
  return current;
}
