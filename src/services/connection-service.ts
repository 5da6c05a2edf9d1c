// The rules for connections: one per contact, a contact made on the fly when `connect add`
// names a new person, and listings that show each connection's contact.
import type { Types } from 'mongoose';
import type { UserRepositories } from '../repositories/index.js';
import {
  CONNECTION_STATUSES,
  CONNECTION_TYPES,
  type ConnectionChanges,
  type ConnectionDocument,
  type ConnectionFilter,
  type ConnectionStatus,
  type ConnectionType,
} from '../repositories/connection-repository.js';
import type { ContactDocument } from '../repositories/contact-repository.js';
import { isDuplicateKeyError } from '../repositories/duplicate-record.js';
import { parseListQuery, type Page } from '../repositories/list-query.js';
import { ConflictError, NotFoundError, UsageError } from '../domain/errors.js';
import { field, say, step } from '../domain/phrases.js';
import {
  cadenceFacts,
  defaultCadenceDays,
  type CadenceFacts,
  type CadenceProfile,
} from './cadence-service.js';
import {
  addContact,
  findContact,
  type ContactFields,
  type ListOptions,
} from './contact-service.js';

export { CONNECTION_STATUSES, CONNECTION_TYPES };
export type { ConnectionDocument, ConnectionStatus, ConnectionType };

export const CONNECTION_SORT_FIELDS = ['createdAt', 'updatedAt', 'status', 'type'] as const;

/** The contact fields a connection listing shows. */
export interface ContactSummary {
  _id: Types.ObjectId;
  name: string;
  company?: string;
}

/** A connection with its contact (null if the contact is gone, which removal prevents). */
export interface ConnectionWithContact extends ConnectionDocument {
  contact: ContactSummary | null;
}

export interface NewConnectionInput {
  /** An existing contact, by id or prefix... */
  contact?: string;
  /** ...or a new contact to create. */
  newContact?: ContactFields & { name: string };
  type: ConnectionType;
  status: ConnectionStatus;
  notes?: string;
  /** Days between contacts; null: none; undefined: the default (see cadence-service.ts). */
  cadenceDays?: number | null;
}

export interface ConnectionListFilter {
  status?: ConnectionStatus;
  type?: ConnectionType;
  /** Only connections with an open follow-up due by the end of today. */
  due?: boolean;
  /** Only archived connections (else only those not archived). */
  archived?: boolean;
}

export function summariseContact(contact: ContactDocument): ContactSummary {
  return {
    _id: contact._id,
    name: contact.name,
    ...(contact.company === undefined || contact.company === null
      ? {}
      : { company: contact.company }),
  };
}

function alreadyConnected(existing: ConnectionDocument, contact: ContactDocument): ConflictError {
  const id = existing._id.toHexString();
  return new ConflictError(`you already have a connection with ${contact.name}: ${id}`, {
    existing: { kind: 'connection', id },
    hint: say`change it with \`${step('update-connection', id)}\` or \`${step('set-connection-status', id, 'STATUS')}\``,
  });
}

export async function addConnection(
  data: UserRepositories,
  input: NewConnectionInput,
  profile: CadenceProfile = {},
): Promise<ConnectionWithContact> {
  if ((input.contact === undefined) === (input.newContact === undefined)) {
    throw new UsageError(say`give either a contact id or ${field('name')} for a new contact`, {
      hint: say`${step('add-connection', '64f1a2b3')}   or   ${step('add-connection')} ${field('name')} "Grace Hopper"`,
    });
  }
  let contact: ContactDocument;
  if (input.contact !== undefined) {
    contact = await findContact(data, input.contact);
    const existing = await data.connections.findByContact(contact._id);
    if (existing) throw alreadyConnected(existing, contact);
  } else {
    contact = await addContact(data, input.newContact as ContactFields & { name: string });
  }
  const cadenceDays =
    input.cadenceDays === undefined
      ? defaultCadenceDays(profile, input.type, input.status)
      : input.cadenceDays;
  try {
    const connection = await data.connections.create({
      contactId: contact._id,
      type: input.type,
      status: input.status,
      ...(input.notes === undefined ? {} : { notes: input.notes }),
      ...(cadenceDays === null ? {} : { cadenceDays }),
    });
    return { ...connection, contact: summariseContact(contact) };
  } catch (error) {
    // Another `connect add` for this contact won the race: the unique index said no.
    const existing = isDuplicateKeyError(error)
      ? await data.connections.findByContact(contact._id)
      : null;
    if (existing) throw alreadyConnected(existing, contact);
    throw error;
  }
}

/** The end of today (local time): "due by today" includes all of today. */
export function endOfDay(now: Date): Date {
  const end = new Date(now);
  end.setHours(23, 59, 59, 999);
  return end;
}

/** Adds each connection's contact summary, fetching the contacts in one query. */
export async function withContacts(
  data: UserRepositories,
  connections: ConnectionDocument[],
): Promise<ConnectionWithContact[]> {
  const ids = [
    ...new Map(connections.map((c) => [c.contactId.toHexString(), c.contactId])).values(),
  ];
  const contacts = await data.contacts.findByIds(ids);
  const byId = new Map(contacts.map((contact) => [contact._id.toHexString(), contact]));
  return connections.map((connection) => {
    const contact = byId.get(connection.contactId.toHexString());
    return { ...connection, contact: contact ? summariseContact(contact) : null };
  });
}

/** A listed connection: with its contact, last contact, next due date and cadence. */
export type ConnectionListItem = ConnectionWithContact & CadenceFacts;

export async function listConnections(
  data: UserRepositories,
  filter: ConnectionListFilter,
  options: ListOptions,
  now: Date = new Date(),
): Promise<Page<ConnectionListItem>> {
  const query = parseListQuery(options, CONNECTION_SORT_FIELDS, {
    field: 'createdAt',
    direction: -1,
  });
  const repositoryFilter: ConnectionFilter = {
    ...(filter.status === undefined ? {} : { status: filter.status }),
    ...(filter.type === undefined ? {} : { type: filter.type }),
    ...(filter.due ? { openFollowUpDueBy: endOfDay(now) } : {}),
    ...(filter.archived === true ? { archived: true } : {}),
  };
  const page = await data.connections.list(repositoryFilter, query);
  const items = await withContacts(data, page.items);
  return { ...page, items: items.map((item) => ({ ...item, ...cadenceFacts(item) })) };
}

/** This user's connection by id or prefix (NotFound / Ambiguous otherwise). */
export async function findConnection(
  data: UserRepositories,
  idOrPrefix: string,
): Promise<ConnectionDocument> {
  const id = await data.connections.resolveId(idOrPrefix);
  const connection = await data.connections.findById(id);
  if (!connection) throw new NotFoundError(`no connection with id ${idOrPrefix}`);
  return connection;
}

/** A connection with its full contact and every follow-up, due dates ascending. */
export async function showConnection(
  data: UserRepositories,
  idOrPrefix: string,
): Promise<ConnectionDocument & { contact: ContactDocument | null }> {
  const connection = await findConnection(data, idOrPrefix);
  const contact = await data.contacts.findById(connection.contactId);
  const followUps = [...connection.followUps].sort(
    (a, b) => a.dueDate.getTime() - b.dueDate.getTime(),
  );
  return { ...connection, followUps, contact };
}

export async function updateConnection(
  data: UserRepositories,
  idOrPrefix: string,
  changes: ConnectionChanges,
): Promise<ConnectionWithContact> {
  if (Object.keys(changes).length === 0) {
    throw new UsageError('nothing to update', {
      hint: say`pass ${field('type')}, ${field('notes')} or ${field('cadence')}`,
    });
  }
  const id = await data.connections.resolveId(idOrPrefix);
  const updated = await data.connections.update(id, changes);
  if (!updated) throw new NotFoundError(`no connection with id ${idOrPrefix}`);
  const [withContact] = await withContacts(data, [updated]);
  return withContact as ConnectionWithContact;
}

/** Removes one connection (with its follow-ups); the contact stays. */
export async function removeConnection(
  data: UserRepositories,
  connection: ConnectionDocument,
): Promise<ConnectionWithContact> {
  const [withContact] = await withContacts(data, [connection]);
  if (!(await data.connections.remove(connection._id))) {
    throw new NotFoundError(`no connection with id ${connection._id.toHexString()}`);
  }
  return withContact as ConnectionWithContact;
}
