// The rules for contacts: valid emails, one contact per natural key (email, else LinkedIn
// URL, else name + company; per user, held by a unique index), tags as a set, and removing a
// contact's connection along with it.
import type { Connection, Types } from 'mongoose';
import { inTransactionIfSupported } from '../db/transactions.js';
import type { UserRepositories } from '../repositories/index.js';
import type {
  ContactDocument,
  ContactField,
  ContactFields,
  ContactFilter,
} from '../repositories/contact-repository.js';
import type {
  ConnectionDocument,
  FollowUpDocument,
} from '../repositories/connection-repository.js';
import { parseListQuery, type Page } from '../repositories/list-query.js';
import { contactKeyKind } from '../repositories/natural-keys.js';
import { ConflictError, NotFoundError, UsageError } from '../domain/errors.js';
import { FieldError } from '../domain/field-error.js';
import { field, say, step } from '../domain/phrases.js';
import { unlessTaken } from './taken.js';
import { applicationsOf, type ContactApplication } from './link-service.js';

export type { ContactDocument, ContactFields, ContactFilter };

export const CONTACT_SORT_FIELDS = ['name', 'company', 'createdAt'] as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What `contact update` may change: new values, fields to clear, and tag edits. */
export interface ContactChanges extends ContactFields {
  /** Optional fields given as '' (cleared). */
  clear?: ContactField[];
  addTags?: string[];
  removeTags?: string[];
}

export interface ListOptions {
  limit?: string;
  page?: string;
  sort?: string;
}

/** A contact with its connection and that connection's open follow-ups (`contact show`). */
export interface ContactDetails {
  contact: ContactDocument;
  connection: ConnectionDocument | null;
  openFollowUps: FollowUpDocument[];
  /** The applications (and their interviews) the contact is on (issue 15). */
  applications: ContactApplication[];
}

/** Checks and normalises an email (lower-case, trimmed); a FieldError when it is not one. */
export function normaliseEmail(email: string, field = 'email'): string {
  const normalised = email.trim().toLowerCase();
  if (!EMAIL.test(normalised)) {
    throw new FieldError(
      { field, problem: 'invalid', value: email, detail: `'${email}' is not an email address` },
      { hint: 'use an address like name@example.com' },
    );
  }
  return normalised;
}

/** Checks a LinkedIn (or any web) profile address: it must be an http(s) URL. */
export function normaliseUrl(url: string, field = 'linkedinUrl'): string {
  const trimmed = url.trim();
  let parsed: URL | undefined;
  try {
    parsed = new URL(trimmed);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new FieldError(
      { field, problem: 'invalid', value: url, detail: `'${url}' is not a web address` },
      { hint: 'use a full URL like https://www.linkedin.com/in/someone' },
    );
  }
  return trimmed;
}

function noName(): FieldError {
  return new FieldError({ field: 'name', problem: 'invalid', detail: 'a contact needs a name' });
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw noName();
  return trimmed;
}

/** The fields a contact's natural key is made of, as given or as stored. */
type ContactKeyFields = Partial<
  Pick<ContactDocument, 'name' | 'email' | 'company' | 'linkedinUrl'>
>;

/**
 * The contact another one (`fields`) clashes with, named by the key they share: for the
 * email check, and for a natural key the database found taken.
 */
function contactExists(
  existing: ContactDocument | undefined,
  fields: ContactKeyFields,
): ConflictError {
  const kind = contactKeyKind({ ...fields });
  // The stored contact's spelling of the key they share, when it is known.
  const shown: ContactKeyFields = existing ?? fields;
  const what =
    kind === 'email'
      ? `email ${shown.email}`
      : kind === 'url'
        ? `LinkedIn URL ${shown.linkedinUrl}`
        : `the name ${shown.name} and ${shown.company ? `company ${shown.company}` : 'no company'}`;
  if (!existing) return new ConflictError(`a contact with ${what} already exists`);
  const id = existing._id.toHexString();
  const apart =
    kind === 'name'
      ? say`; give an ${field('email')} or ${field('company')} to tell them apart`
      : '';
  return new ConflictError(`a contact with ${what} already exists: ${existing.name} (${id})`, {
    existing: { kind: 'contact', id },
    hint: say`see it with \`${step('contact.show', id)}\`${apart}`,
  });
}

async function ensureEmailFree(
  data: UserRepositories,
  email: string,
  except?: Types.ObjectId,
): Promise<void> {
  const existing = await data.contacts.findByEmail(email);
  if (existing && !(except && existing._id.equals(except))) {
    throw contactExists(existing, { email });
  }
}

/** Normalises and checks new contact fields (before anything is written). */
function checkedFields<T extends ContactFields>(fields: T): T {
  const checked = { ...fields };
  if (checked.name !== undefined) checked.name = checkName(checked.name);
  if (checked.email !== undefined) checked.email = normaliseEmail(checked.email);
  if (checked.linkedinUrl !== undefined) checked.linkedinUrl = normaliseUrl(checked.linkedinUrl);
  return checked;
}

export async function addContact(
  data: UserRepositories,
  fields: ContactFields & { name: string },
): Promise<ContactDocument> {
  const checked = checkedFields(fields);
  if (checked.email !== undefined) await ensureEmailFree(data, checked.email);
  // The check answers at once; the unique index answers when another command is faster.
  return unlessTaken(() => data.contacts.create(checked), contactExists);
}

export function listContacts(
  data: UserRepositories,
  filter: ContactFilter,
  options: ListOptions,
): Promise<Page<ContactDocument>> {
  const query = parseListQuery(options, CONTACT_SORT_FIELDS, { field: 'name', direction: 1 });
  return data.contacts.list(filter, query);
}

/** This user's contact by id or prefix (NotFound / Ambiguous otherwise). */
export async function findContact(
  data: UserRepositories,
  idOrPrefix: string,
): Promise<ContactDocument> {
  const id = await data.contacts.resolveId(idOrPrefix);
  const contact = await data.contacts.findById(id);
  // resolveId only returns ids of this user's contacts; it can vanish in between.
  if (!contact) return notFoundAfterResolve(idOrPrefix);
  return contact;
}

function notFoundAfterResolve(idOrPrefix: string): never {
  throw new NotFoundError(`no contact with id ${idOrPrefix} (it was just removed)`);
}

export async function showContact(
  data: UserRepositories,
  idOrPrefix: string,
): Promise<ContactDetails> {
  const contact = await findContact(data, idOrPrefix);
  const connection = await data.connections.findByContact(contact._id);
  const openFollowUps = (connection?.followUps ?? [])
    .filter((followUp) => !followUp.completed)
    .sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime());
  return {
    contact,
    connection,
    openFollowUps,
    applications: await applicationsOf(data, contact._id),
  };
}

export async function updateContact(
  data: UserRepositories,
  idOrPrefix: string,
  changes: ContactChanges,
): Promise<ContactDocument> {
  const { clear = [], addTags, removeTags, ...fields } = changes;
  const set: ContactFields = checkedFields(fields);
  const hasTagEdits = addTags !== undefined || removeTags !== undefined;
  if (Object.keys(set).length === 0 && clear.length === 0 && !hasTagEdits) {
    throw new UsageError('nothing to update', {
      hint: say`pass the fields to change, e.g. ${field('company')} Acme or ${field('addTags')} mentor`,
    });
  }
  if (clear.includes('name')) throw noName();
  const contact = await findContact(data, idOrPrefix);
  if (set.email !== undefined) await ensureEmailFree(data, set.email, contact._id);
  if (hasTagEdits) {
    // Removed whatever their letter case, as skills are ("mentor" removes "Mentor").
    const removed = new Set((removeTags ?? []).map((tag) => tag.toLowerCase()));
    const tags = [...(set.tags ?? contact.tags), ...(addTags ?? [])];
    set.tags = [...new Set(tags)].filter((tag) => !removed.has(tag.toLowerCase()));
  }
  const updated = await unlessTaken(
    () => data.contacts.update(contact._id, set, clear),
    contactExists,
  );
  if (!updated) return notFoundAfterResolve(idOrPrefix);
  return updated;
}

export interface RemovedContact {
  contact: ContactDocument;
  /** The connection removed with it, if the contact had one. */
  removedConnectionId: Types.ObjectId | undefined;
  /** How many applications it was taken off. */
  unlinkedApplications: number;
}

/** Runs writes all or nothing where the database can (see src/db/transactions.ts). */
export type TransactionRunner = <T>(work: () => Promise<T>) => Promise<T>;

const plainly: TransactionRunner = (work) => work();

/** A runner for the database's transactions, when it has them (else plain writes). */
export function transactionsOn(connection: Connection): TransactionRunner {
  return async (work) => (await inTransactionIfSupported(connection, work)).result;
}

/**
 * Removes a contact (found with findContact), its connection, and its links to
 * applications and interviews: in one transaction where the database has them, else
 * links first, then the connection, then the contact, so an interrupted removal never
 * leaves anything pointing at a missing contact and can simply be run again.
 */
export async function removeContact(
  data: UserRepositories,
  contact: ContactDocument,
  inTransaction: TransactionRunner = plainly,
): Promise<RemovedContact> {
  return inTransaction(async () => {
    const unlinkedApplications = await data.links.unlinkEverywhere(contact._id);
    const removedConnectionId = await data.connections.removeByContact(contact._id);
    await data.contacts.remove(contact._id);
    return { contact, removedConnectionId, unlinkedApplications };
  });
}
