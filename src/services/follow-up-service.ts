// Follow-ups: the next steps with a connection (an email, a call...), each with a due date.
// Listed across all connections by due date; each found by its own id (or, the older way,
// within its connection). What a write answers with is here too: the connection after it,
// with the follow-up it changed on top (see follow-up-writes.ts and follow-up-planning.ts).
import type { Types } from 'mongoose';
import type {
  ConnectionDocument,
  FollowUpDocument,
} from '../repositories/connection-repository.js';
import type { UserRepositories } from '../repositories/index.js';
import { FieldError } from '../domain/field-error.js';
import { field, say } from '../domain/phrases.js';
import {
  findConnection,
  withContacts,
  type ConnectionWithContact,
  type ContactSummary,
} from './connection-service.js';

export type { FollowUpDocument };

const DAY_MS = 24 * 3600 * 1000;

/** A follow-up with the connection and contact it belongs to. */
export interface FollowUpEntry extends FollowUpDocument {
  connectionId: Types.ObjectId;
  contact: ContactSummary | null;
  /** Open and due before now. */
  overdue: boolean;
}

/** What a follow-up write answers with: the connection after it, and the follow-up changed. */
export interface FollowUpWrite extends ConnectionWithContact {
  followUp: FollowUpEntry;
}

/** A follow-up as the user names it: its own id or prefix, or one within a connection. */
export interface FollowUpRef {
  /** The connection (id or prefix), in the older two-id form. */
  connection?: string;
  /** The follow-up's id or prefix. */
  followUp: string;
}

/** A follow-up found, with its connection as read. */
export interface FoundFollowUp {
  connection: ConnectionDocument;
  followUp: FollowUpDocument;
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
  /** Only archived connections' follow-ups (else those of connections not archived). */
  archived?: boolean;
}

/** A follow-up's type as stored: trimmed, and never empty. */
export function checkedFollowUpType(type: string): string {
  const trimmed = type.trim();
  if (trimmed === '') {
    throw new FieldError(
      { field: 'type', problem: 'invalid', detail: 'say what the follow-up is' },
      { hint: say`e.g. ${field('type')} email` },
    );
  }
  return trimmed;
}

export function isOverdue(followUp: FollowUpDocument, now: Date): boolean {
  return !followUp.completed && followUp.dueDate.getTime() < now.getTime();
}

function entryOf(
  followUp: FollowUpDocument,
  connection: ConnectionWithContact,
  now: Date,
): FollowUpEntry {
  return {
    ...followUp,
    connectionId: connection._id,
    contact: connection.contact,
    overdue: isOverdue(followUp, now),
  };
}

/** The write's answer for `followUp` of `connection` (as it is after the write). */
export async function followUpWrite(
  data: UserRepositories,
  connection: ConnectionDocument,
  followUp: FollowUpDocument,
  now: Date,
): Promise<FollowUpWrite> {
  const [withContact] = await withContacts(data, [connection]);
  const full = withContact ?? { ...connection, contact: null };
  return { ...full, followUp: entryOf(followUp, full, now) };
}

/** The follow-up `ref` names (NotFound / Ambiguous otherwise), only ever among this user's. */
export async function findFollowUp(
  data: UserRepositories,
  ref: FollowUpRef,
): Promise<FoundFollowUp> {
  if (ref.connection === undefined) return data.connections.findFollowUp(ref.followUp);
  const connection = await findConnection(data, ref.connection);
  const id = await data.connections.resolveFollowUpId(connection, ref.followUp);
  const followUp = connection.followUps.find((item) => item._id.equals(id));
  // resolveFollowUpId picked it from this very list.
  if (!followUp) throw new Error(`follow-up ${id.toHexString()} vanished from its connection`);
  return { connection, followUp };
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
  const connections = await withContacts(
    data,
    await data.connections.withFollowUps(connectionId, options.archived),
  );
  const horizon = options.days === undefined ? undefined : now.getTime() + options.days * DAY_MS;
  const entries: FollowUpEntry[] = [];
  for (const connection of connections) {
    for (const followUp of connection.followUps) {
      const entry = entryOf(followUp, connection, now);
      if (followUp.completed && !options.all) continue;
      if (options.overdue && !entry.overdue) continue;
      if (horizon !== undefined && followUp.dueDate.getTime() > horizon) continue;
      entries.push(entry);
    }
  }
  return entries.sort(
    (a, b) =>
      a.dueDate.getTime() - b.dueDate.getTime() ||
      a._id.toHexString().localeCompare(b._id.toHexString()),
  );
}
