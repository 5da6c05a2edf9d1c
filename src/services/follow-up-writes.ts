// Changing a follow-up once planned: done (once: a second time changes nothing), edited,
// snoozed to later, or removed. Each write is one positional update guarded by the
// follow-up's state as read, and answers with the connection after it and that follow-up.
import type { UserRepositories } from '../repositories/index.js';
import type { ConnectionDocument } from '../repositories/connection-repository.js';
import { ConflictError, NotFoundError, UsageError } from '../domain/errors.js';
import { laterBy, type Duration } from '../domain/durations.js';
import { field, fieldList, say, step } from '../domain/phrases.js';
import { planNextContact, type NextContact } from './cadence-service.js';
import {
  checkedFollowUpType,
  findFollowUp,
  followUpWrite,
  type FollowUpDocument,
  type FollowUpRef,
  type FollowUpWrite,
  type FoundFollowUp,
} from './follow-up-service.js';

export interface CompletedFollowUp {
  write: FollowUpWrite;
  /** It was already done: nothing was changed. */
  alreadyDone: boolean;
  /** What the completion planned next (a recurrence or the cadence), see planNextContact. */
  next: NextContact;
}

/** What `followup update` may change; an empty `notes` clears them. */
export interface FollowUpChanges {
  dueDate?: Date;
  type?: string;
  notes?: string;
  /** A new recurrence (with fromDone: its mode), or null: no longer recurs. */
  every?: Duration | null;
  fromDone?: boolean;
}

/** The follow-up's new state written over `found`; its write, or the reason it failed. */
async function replace(
  data: UserRepositories,
  found: FoundFollowUp,
  next: FollowUpDocument,
  now: Date,
): Promise<FollowUpWrite> {
  const { connection, followUp } = found;
  const updated = await data.connections.replaceFollowUp(connection._id, followUp, next);
  if (updated) return followUpWrite(data, updated, changedIn(updated, followUp), now);
  const fresh = await data.connections.findById(connection._id);
  if (!fresh?.followUps.some((item) => item._id.equals(followUp._id))) {
    throw new NotFoundError(`the follow-up ${followUp._id.toHexString()} was removed meanwhile`);
  }
  throw new ConflictError(
    `the follow-up ${followUp._id.toHexString()} was changed by another command meanwhile`,
    { hint: say`see it with \`${step('follow-up.list')} ${field('all')}\` and try again` },
  );
}

function changedIn(connection: ConnectionDocument, followUp: FollowUpDocument): FollowUpDocument {
  return connection.followUps.find((item) => item._id.equals(followUp._id)) ?? followUp;
}

export async function completeFollowUp(
  data: UserRepositories,
  ref: FollowUpRef,
  notes?: string,
  now: Date = new Date(),
): Promise<CompletedFollowUp> {
  const found = await findFollowUp(data, ref);
  const { connection, followUp } = found;
  if (followUp.completed) {
    return {
      write: await followUpWrite(data, connection, followUp, now),
      alreadyDone: true,
      next: null,
    };
  }
  // Outcome notes are added to the planning notes rather than replacing them.
  const combined =
    notes === undefined ? followUp.notes : followUp.notes ? `${followUp.notes}\n${notes}` : notes;
  const done: FollowUpDocument = {
    ...followUp,
    completed: true,
    completedAt: now,
    ...(combined === undefined || combined === null ? {} : { notes: combined }),
  };
  let write: FollowUpWrite;
  try {
    write = await replace(data, found, done, now);
  } catch (error) {
    // Completed by someone else since we read it: done all the same.
    if (!(error instanceof ConflictError)) throw error;
    const again = await findFollowUp(data, ref);
    if (!again.followUp.completed) throw error;
    return {
      write: await followUpWrite(data, again.connection, again.followUp, now),
      alreadyDone: true,
      next: null,
    };
  }
  // Only the one completion that wrote gets here: a recurrence is planned once.
  return { write, alreadyDone: false, next: await planNextContact(data, write, followUp, now) };
}

export async function updateFollowUp(
  data: UserRepositories,
  ref: FollowUpRef,
  changes: FollowUpChanges,
  now: Date = new Date(),
): Promise<FollowUpWrite> {
  if (Object.values(changes).every((value) => value === undefined)) {
    throw new UsageError('nothing to update', {
      hint: say`pass at least one of ${fieldList(['due', 'type', 'notes', 'every'])}`,
    });
  }
  if (changes.fromDone && !changes.every) {
    throw new UsageError(say`${field('fromDone')} goes with ${field('every')}`, {
      hint: say`e.g. ${field('every')} 2w ${field('fromDone')}`,
    });
  }
  const type = changes.type === undefined ? undefined : checkedFollowUpType(changes.type);
  const found = await findFollowUp(data, ref);
  const { notes: _notes, every: _every, fromDone: _fromDone, ...kept } = found.followUp;
  const notes = changes.notes === undefined ? found.followUp.notes : changes.notes;
  const recurrence =
    changes.every === undefined
      ? { every: found.followUp.every, fromDone: found.followUp.fromDone }
      : { every: changes.every ?? undefined, fromDone: changes.every ? changes.fromDone : false };
  const next: FollowUpDocument = {
    ...kept,
    ...(recurrence.every ? { every: recurrence.every } : {}),
    ...(recurrence.every && recurrence.fromDone ? { fromDone: true } : {}),
    ...(type === undefined ? {} : { type }),
    ...(changes.dueDate === undefined ? {} : { dueDate: changes.dueDate }),
    ...(notes === undefined || notes === null || notes.trim() === '' ? {} : { notes }),
  };
  return replace(data, found, next, now);
}

/** Where a snooze moves a follow-up: later by a span from today, or to a date; as typed. */
export type SnoozeUntil = { span: Duration; text: string } | { date: Date; text: string };

/**
 * The new due date of a snooze: a span counts from today and keeps the follow-up's time of
 * day; a date is taken as given. Always later than now.
 */
export function snoozeTarget(until: SnoozeUntil, dueDate: Date, now: Date): Date {
  let target: Date;
  if ('span' in until) {
    const today = new Date(now);
    today.setHours(dueDate.getHours(), dueDate.getMinutes(), 0, 0);
    target = laterBy(today, until.span);
  } else {
    target = until.date;
  }
  if (target.getTime() <= now.getTime()) {
    throw new UsageError(`a snooze moves the follow-up later: '${until.text}' is not after now`, {
      hint: 'give a span like 3d, 1w, "2 days", or a later date like "next monday"',
    });
  }
  return target;
}

export async function snoozeFollowUp(
  data: UserRepositories,
  ref: FollowUpRef,
  until: SnoozeUntil,
  now: Date = new Date(),
): Promise<FollowUpWrite> {
  const found = await findFollowUp(data, ref);
  if (found.followUp.completed) {
    throw new ConflictError(`the follow-up ${found.followUp._id.toHexString()} is already done`, {
      hint: say`plan a new one with \`${step('add-follow-up')}\``,
    });
  }
  const dueDate = snoozeTarget(until, found.followUp.dueDate, now);
  return replace(data, found, { ...found.followUp, dueDate }, now);
}

/** Removes the follow-up found (see findFollowUp); the connection after, with it on top. */
export async function removeFollowUp(
  data: UserRepositories,
  found: FoundFollowUp,
  now: Date = new Date(),
): Promise<FollowUpWrite> {
  const { connection, followUp } = found;
  const updated = await data.connections.removeFollowUp(connection._id, followUp._id);
  if (!updated) {
    throw new NotFoundError(`the follow-up ${followUp._id.toHexString()} was removed meanwhile`);
  }
  return followUpWrite(data, updated, followUp, now);
}
