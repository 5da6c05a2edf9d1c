// Follow-ups: the next steps with a connection (an email, a call...), each with a due date.
// Listed across all connections by due date; completed once, atomically.
import type { Types } from 'mongoose';
import type { FollowUpDocument } from '../repositories/connection-repository.js';
import type { UserRepositories } from '../repositories/index.js';
import { NotFoundError } from '../domain/errors.js';
import { FieldError } from '../domain/field-error.js';
import { field, say } from '../domain/phrases.js';
import { findConnection, withContacts, type ContactSummary } from './connection-service.js';

export type { FollowUpDocument };

const DAY_MS = 24 * 3600 * 1000;

/** A follow-up with the connection and contact it belongs to. */
export interface FollowUpEntry extends FollowUpDocument {
  connectionId: Types.ObjectId;
  contact: ContactSummary | null;
  /** Open and due before now. */
  overdue: boolean;
}

export interface NewFollowUpInput {
  type: string;
  dueDate: Date;
  notes?: string;
}

export interface FollowUpListOptions {
  /** Only this connection's follow-ups (id or prefix). */
  connection?: string;
  /** Include completed follow-ups. */
  all?: boolean;
  /** Only open follow-ups already past their due date. */
  overdue?: boolean;
  /** Only follow-ups due within this many days from now (overdue ones included). */
  days?: number;
}

function isOverdue(followUp: FollowUpDocument, now: Date): boolean {
  return !followUp.completed && followUp.dueDate.getTime() < now.getTime();
}

export async function addFollowUp(
  data: UserRepositories,
  connectionIdOrPrefix: string,
  input: NewFollowUpInput,
  now: Date = new Date(),
): Promise<FollowUpEntry> {
  const type = input.type.trim();
  if (type === '') {
    throw new FieldError(
      { field: 'type', problem: 'invalid', detail: 'say what the follow-up is' },
      { hint: say`e.g. ${field('type')} email` },
    );
  }
  const connection = await findConnection(data, connectionIdOrPrefix);
  const followUp = await data.connections.addFollowUp(connection._id, {
    type,
    dueDate: input.dueDate,
    ...(input.notes === undefined ? {} : { notes: input.notes }),
  });
  if (!followUp) throw new NotFoundError(`no connection with id ${connectionIdOrPrefix}`);
  const [withContact] = await withContacts(data, [connection]);
  return {
    ...followUp,
    connectionId: connection._id,
    contact: withContact?.contact ?? null,
    overdue: isOverdue(followUp, now),
  };
}

export async function listFollowUps(
  data: UserRepositories,
  options: FollowUpListOptions,
  now: Date = new Date(),
): Promise<FollowUpEntry[]> {
  if (options.days !== undefined && (!Number.isInteger(options.days) || options.days < 0)) {
    throw new FieldError({
      field: 'days',
      problem: 'must-be',
      detail: 'a whole number of days',
      value: String(options.days),
    });
  }
  const connectionId =
    options.connection === undefined
      ? undefined
      : (await findConnection(data, options.connection))._id;
  const connections = await withContacts(data, await data.connections.withFollowUps(connectionId));
  const horizon = options.days === undefined ? undefined : now.getTime() + options.days * DAY_MS;
  const entries: FollowUpEntry[] = [];
  for (const connection of connections) {
    for (const followUp of connection.followUps) {
      const overdue = isOverdue(followUp, now);
      if (followUp.completed && !options.all) continue;
      if (options.overdue && !overdue) continue;
      if (horizon !== undefined && followUp.dueDate.getTime() > horizon) continue;
      entries.push({
        ...followUp,
        connectionId: connection._id,
        contact: connection.contact,
        overdue,
      });
    }
  }
  return entries.sort(
    (a, b) =>
      a.dueDate.getTime() - b.dueDate.getTime() ||
      a._id.toHexString().localeCompare(b._id.toHexString()),
  );
}

export interface CompletedFollowUp {
  followUp: FollowUpEntry;
  /** It was already done: nothing was changed. */
  alreadyDone: boolean;
}

export async function completeFollowUp(
  data: UserRepositories,
  connectionIdOrPrefix: string,
  followUpIdOrPrefix: string,
  notes?: string,
  now: Date = new Date(),
): Promise<CompletedFollowUp> {
  const connection = await findConnection(data, connectionIdOrPrefix);
  const followUpId = await data.connections.resolveFollowUpId(connection, followUpIdOrPrefix);
  const [withContact] = await withContacts(data, [connection]);
  const entry = (followUp: FollowUpDocument): FollowUpEntry => ({
    ...followUp,
    connectionId: connection._id,
    contact: withContact?.contact ?? null,
    overdue: isOverdue(followUp, now),
  });
  const current = connection.followUps.find((item) => item._id.equals(followUpId));
  if (!current) throw new NotFoundError(`no follow-up with id ${followUpIdOrPrefix}`);
  if (current.completed) return { followUp: entry(current), alreadyDone: true };
  // Outcome notes are added to the planning notes rather than replacing them.
  const combinedNotes =
    notes === undefined ? undefined : current.notes ? `${current.notes}\n${notes}` : notes;
  const updated = await data.connections.completeFollowUp(
    connection._id,
    current,
    now,
    combinedNotes,
  );
  if (updated) return { followUp: entry(updated), alreadyDone: false };
  // Completed (or removed) by someone else since we read it.
  const fresh = await data.connections.findById(connection._id);
  const done = fresh?.followUps.find((item) => item._id.equals(followUpId));
  if (done) return { followUp: entry(done), alreadyDone: true };
  throw new NotFoundError(`no follow-up with id ${followUpIdOrPrefix}`);
}
