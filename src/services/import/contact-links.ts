// People on applications in an import (issue 15): a link names its contact by the fields of
// the contact's natural key (`{contact: {name, email...}, role, notes}`, and an interview's
// `contacts: [{name, email...}]`, as `career export` writes them), found among the user's own
// contacts on the unique key index. An id in the file is never taken (it could name anyone's
// record); a contact that is not there rejects the row, naming it.
import type { Types } from 'mongoose';
import type { UserRepositories } from '../../repositories/index.js';
import { contactKey } from '../../repositories/natural-keys.js';
import { LINK_ROLES } from '../../domain/link-roles.js';
import { findChoice } from '../../domain/choices.js';
import type { MappedRow } from './row-mapper.js';
import { showValue } from './show-value.js';

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The contact an entry names (its key fields), or why it names none. */
function namedContact(value: unknown, where: string): Plain {
  const fields = isPlain(value) ? value : {};
  const named = ['name', 'email', 'linkedinUrl'].some(
    (field) => typeof fields[field] === 'string' && (fields[field] as string).trim() !== '',
  );
  if (!named) throw new Error(`${where} names no contact (a name, email or linkedinUrl)`);
  return fields;
}

function describe(contact: Plain): string {
  const name = typeof contact.name === 'string' ? contact.name : '';
  const email = typeof contact.email === 'string' ? contact.email : '';
  return [name, email === '' ? '' : `(${email})`].filter((part) => part !== '').join(' ');
}

/** Ids of contacts written in the file are never taken: only the contacts a link names. */
function withoutGivenIds(row: MappedRow): void {
  if (!Array.isArray(row.fields.interviews)) return;
  for (const interview of row.fields.interviews as unknown[]) {
    if (isPlain(interview)) delete interview.contactIds;
  }
}

interface RowLinks {
  links: Array<{ contact: Plain; role: string; notes?: unknown }>;
  interviews: Array<Plain[] | undefined>;
}

/** The row's links as given, checked for shape; undefined when it gives none. */
function linksOf(row: MappedRow): RowLinks | undefined {
  const given = row.fields.contacts;
  const interviews = Array.isArray(row.fields.interviews)
    ? (row.fields.interviews as unknown[])
    : [];
  const anyInterviewer = interviews.some((each) => isPlain(each) && each.contacts !== undefined);
  if (given === undefined && !anyInterviewer) return undefined;
  if (given !== undefined && !Array.isArray(given)) throw new Error('contacts is not a list');
  const links = ((given as unknown[] | undefined) ?? []).map((entry, index) => {
    const where = `contacts entry ${index + 1}`;
    const link = isPlain(entry) ? entry : {};
    const role = findChoice(String(link.role ?? ''), LINK_ROLES);
    if (role.kind !== 'match') {
      throw new Error(
        `${where}: role ${showValue(link.role)} is not one of ${LINK_ROLES.join(', ')}`,
      );
    }
    const notes = link.notes;
    return {
      contact: namedContact(link.contact, where),
      role: role.value,
      ...(notes ? { notes } : {}),
    };
  });
  const people = interviews.map((interview, index) => {
    if (!isPlain(interview) || interview.contacts === undefined) return undefined;
    if (!Array.isArray(interview.contacts))
      throw new Error(`interview ${index + 1}: contacts is not a list`);
    return interview.contacts.map((each) => namedContact(each, `interview ${index + 1}'s contact`));
  });
  return { links, interviews: people };
}

/**
 * Replaces the links of each row with the ids of the user's contacts they name (one lookup
 * for the batch); the reason a row is rejected, by position (undefined: fine, or no links).
 */
export async function resolveContactLinks(
  data: UserRepositories,
  rows: readonly MappedRow[],
): Promise<Array<string | undefined>> {
  const reasons: Array<string | undefined> = [];
  for (const row of rows) withoutGivenIds(row);
  const parsed: Array<RowLinks | undefined> = rows.map((row, index) => {
    try {
      return linksOf(row);
    } catch (error) {
      reasons[index] = (error as Error).message;
      return undefined;
    }
  });
  const keys = parsed
    .flatMap((links) =>
      links
        ? [...links.links.map((l) => l.contact), ...links.interviews.flat().filter(isPlain)]
        : [],
    )
    .map((contact) => contactKey(contact));
  if (keys.length === 0) return reasons;
  const found = await data.contacts.findByNaturalKeys<{ _id: Types.ObjectId; naturalKey: string }>(
    keys,
  );
  const ids = new Map(found.map((contact) => [contact.naturalKey, contact._id]));
  parsed.forEach((links, index) => {
    if (!links) return;
    const row = rows[index] as MappedRow;
    const idOf = (contact: Plain): Types.ObjectId => {
      const id = ids.get(contactKey(contact));
      if (id === undefined) {
        throw new Error(
          `contacts: no contact ${describe(contact)} among yours; import your contacts first`,
        );
      }
      return id;
    };
    try {
      if (row.fields.contacts !== undefined) {
        row.fields.contacts = links.links.map(({ contact, ...rest }) => ({
          contactId: idOf(contact),
          ...rest,
        }));
      }
      const interviews = row.fields.interviews as Plain[] | undefined;
      links.interviews.forEach((people, at) => {
        const interview = interviews?.[at];
        if (!people || !interview) return;
        delete interview.contacts;
        interview.contactIds = people.map(idOf);
      });
    } catch (error) {
      reasons[index] = (error as Error).message;
    }
  });
  return reasons;
}
