// Planning a follow-up: with a connection, named by its id or by its contact's. A contact
// without a connection gets one only when the person agrees (asked at a terminal); a script
// is told the command that makes it.
import type { UserRepositories } from '../repositories/index.js';
import type { ConnectionDocument } from '../repositories/connection-repository.js';
import type { ContactDocument } from '../repositories/contact-repository.js';
import { NotFoundError, RecordNotFoundError, UsageError } from '../domain/errors.js';
import type { Duration } from '../domain/durations.js';
import { field, say, step } from '../domain/phrases.js';
import type { CadenceProfile } from './cadence-service.js';
import { addConnection, findConnection } from './connection-service.js';
import { findContact } from './contact-service.js';
import { checkedFollowUpType, followUpWrite, type FollowUpWrite } from './follow-up-service.js';

export interface NewFollowUpInput {
  type: string;
  dueDate: Date;
  notes?: string;
  /** Recurs: the next occurrence is planned this span after (see planNextContact). */
  every?: Duration;
  /** Count the span from the completion rather than from the due date. */
  fromDone?: boolean;
}

/**
 * Whether to connect with a contact who has no connection yet (a new professional, pending
 * connection); false means no (a script cannot be asked).
 */
export type OfferConnection = (contact: ContactDocument) => Promise<boolean>;

function noConnectionYet(contact: ContactDocument): UsageError {
  const id = contact._id.toHexString();
  return new UsageError(`${contact.name} (contact ${id}) has no connection yet`, {
    hint: say`connect first with \`${step('add-connection', id)}\`, then plan the follow-up on that connection`,
  });
}

/** The contact `idOrPrefix` names, when it is not a connection's id; undefined if none. */
async function contactInstead(
  data: UserRepositories,
  idOrPrefix: string,
): Promise<ContactDocument | undefined> {
  try {
    return await findContact(data, idOrPrefix);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** The connection to plan on: `idOrPrefix` as a connection, else as a contact's. */
async function connectionFor(
  data: UserRepositories,
  idOrPrefix: string,
  offer: OfferConnection,
  profile: CadenceProfile,
): Promise<ConnectionDocument> {
  try {
    return await findConnection(data, idOrPrefix);
  } catch (error) {
    if (!(error instanceof RecordNotFoundError)) throw error;
    const contact = await contactInstead(data, idOrPrefix);
    if (!contact) throw error;
    const existing = await data.connections.findByContact(contact._id);
    if (existing) return existing;
    if (!(await offer(contact))) throw noConnectionYet(contact);
    return addConnection(
      data,
      { contact: contact._id.toHexString(), type: 'professional', status: 'pending' },
      profile,
    );
  }
}

/** Plans a follow-up; the connection with it (`followUp` on top). */
export async function addFollowUp(
  data: UserRepositories,
  connectionOrContact: string,
  input: NewFollowUpInput,
  offer: OfferConnection = () => Promise.resolve(false),
  now: Date = new Date(),
  /** For the default cadence of a connection made on the way. */
  profile: CadenceProfile = {},
): Promise<FollowUpWrite> {
  const type = checkedFollowUpType(input.type);
  if (input.fromDone && input.every === undefined) {
    throw new UsageError(say`${field('fromDone')} goes with ${field('every')}`, {
      hint: say`e.g. ${field('every')} 2w ${field('fromDone')}`,
    });
  }
  const connection = await connectionFor(data, connectionOrContact, offer, profile);
  const followUp = await data.connections.addFollowUp(connection._id, {
    type,
    dueDate: input.dueDate,
    ...(input.notes === undefined ? {} : { notes: input.notes }),
    ...(input.every === undefined ? {} : { every: input.every }),
    ...(input.fromDone ? { fromDone: true } : {}),
  });
  if (!followUp) throw new NotFoundError(`no connection with id ${connectionOrContact}`);
  const after = await data.connections.findById(connection._id);
  return followUpWrite(data, after ?? connection, followUp, now);
}
