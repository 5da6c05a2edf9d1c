// People on applications in an export (issue 15): each link names its contact by the fields
// of the contact's natural key (email, LinkedIn URL, name and company), never by id, so an
// import into another account (or the same one) finds the same person among its contacts.
import type { Types } from 'mongoose';
import type { UserRepositories } from '../../repositories/index.js';

type Plain = Record<string, unknown>;

/** The contact fields a link is exported with: those its natural key is made of. */
export const CONTACT_KEY_FIELDS = ['name', 'email', 'linkedinUrl', 'company'] as const;

function keyFields(contact: Plain): Plain {
  const fields: Plain = {};
  for (const name of CONTACT_KEY_FIELDS) {
    if (contact[name] !== undefined && contact[name] !== null) fields[name] = contact[name];
  }
  return fields;
}

function idsOf(applications: readonly Plain[]): Types.ObjectId[] {
  const ids = new Map<string, Types.ObjectId>();
  for (const application of applications) {
    for (const link of (application.contacts as Plain[] | undefined) ?? []) {
      const id = link.contactId as Types.ObjectId;
      ids.set(id.toHexString(), id);
    }
    for (const interview of (application.interviews as Plain[] | undefined) ?? []) {
      for (const id of (interview.contactIds as Types.ObjectId[] | undefined) ?? []) {
        ids.set(id.toHexString(), id);
      }
    }
  }
  return [...ids.values()];
}

/**
 * A function giving each application of `chunk` with its links by contact: `contacts` as
 * `{contact: {name, email...}, role, notes}` and each interview's `contactIds` as
 * `contacts: [{name, email...}]` (a contact no longer there is left out). One query a chunk.
 */
export async function linksByContact(
  data: UserRepositories,
  chunk: readonly Plain[],
): Promise<(application: Plain) => Plain> {
  const ids = idsOf(chunk);
  const contacts = ids.length === 0 ? [] : await data.contacts.findByIds(ids);
  const byId = new Map<string, Plain>(
    contacts.map((contact) => [contact._id.toHexString(), keyFields(contact)]),
  );
  const named = (id: Types.ObjectId) => byId.get(id.toHexString());
  return (application) => {
    const links = (application.contacts as Plain[] | undefined) ?? [];
    const interviews = (application.interviews as Plain[] | undefined) ?? [];
    if (links.length === 0 && !interviews.some((each) => each.contactIds !== undefined)) {
      return application;
    }
    const out: Plain = { ...application };
    out.contacts = links.flatMap((link) => {
      const contact = named(link.contactId as Types.ObjectId);
      if (!contact) return [];
      const { contactId: _id, ...rest } = link;
      return [{ contact, ...rest }];
    });
    out.interviews = interviews.map((interview) => {
      if (interview.contactIds === undefined) return interview;
      const { contactIds, ...rest } = interview;
      const people = (contactIds as Types.ObjectId[]).flatMap((id) => named(id) ?? []);
      return { ...rest, contacts: people };
    });
    return out;
  };
}
