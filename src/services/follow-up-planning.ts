// Planning a follow-up: with a connection, named by its id or by its contact's. A contact
// without a connection gets one only when the person agrees (asked at a terminal); a script
// is told the command that makes it.
import type { UserRepositories } from '../repositories/index.js';
import type { ConnectionDocument } from '../repositories/connection-repository.js';
import type { ContactDocument } from '../repositories/contact-repository.js';
import { NotFoundError, RecordNotFoundError, UsageError } from '../domain/errors.js';
import { say, step } from '../domain/phrases.js';
import { addConnection, findConnection } from './connection-service.js';
import { findContact } from './contact-service.js';
import { checkedFollowUpType, followUpWrite, type FollowUpWrite } from './follow-up-service.js';

export interface NewFollowUpInput {
  type: string;
  dueDate: Date;
  notes?: string;
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
    return addConnection(data, {
      contact: contact._id.toHexString(),
      type: 'professional',
      status: 'pending',
    });
  }
}

/** Plans a follow-up; the connection with it (`followUp` on top). */
export async function addFollowUp(
  data: UserRepositories,
  connectionOrContact: string,
  input: NewFollowUpInput,
  offer: OfferConnection = () => Promise.resolve(false),
  now: Date = new Date(),
): Promise<FollowUpWrite> {
  const type = checkedFollowUpType(input.type);
  const connection = await connectionFor(data, connectionOrContact, offer);
  const followUp = await data.connections.addFollowUp(connection._id, {
    type,
    dueDate: input.dueDate,
    ...(input.notes === undefined ? {} : { notes: input.notes }),
  });
  if (!followUp) throw new NotFoundError(`no connection with id ${connectionOrContact}`);
  const after = await data.connections.findById(connection._id);
  return followUpWrite(data, after ?? connection, followUp, now);
}
