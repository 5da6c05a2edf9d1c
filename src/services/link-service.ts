// People on applications (issue 15): a contact on an application with a role (recruiter,
// referrer...), interviewers on its interviews, and what `apply show` and `contact show`
// list of them. Both ids are resolved among the signed-in user's own records, so nothing of
// another user's can be linked, or linked to.
import type { Types } from 'mongoose';
import type { UserRepositories } from '../repositories/index.js';
import type { ApplicationDocument } from '../repositories/application-repository.js';
import type { ContactDocument } from '../repositories/contact-repository.js';
import { LINK_ROLES, type LinkRole } from '../domain/link-roles.js';
import { matchChoice, parseList } from '../domain/choices.js';
import { NotFoundError } from '../domain/errors.js';
import { say, step } from '../domain/phrases.js';
import { findApplication } from './application-service.js';
import { findContact } from './contact-service.js';

export { LINK_ROLES };
export type { LinkRole };

/** The role interviewers named with `interview add --with` get on the application. */
export const INTERVIEWER_ROLE: LinkRole = 'interviewer';

export function parseRole(value: string): LinkRole {
  return matchChoice(value, LINK_ROLES, 'role');
}

/** A person on an application: the link with the contact's name (null: the contact is gone). */
export interface PersonOnApplication {
  contactId: Types.ObjectId;
  role: string;
  notes?: string | null;
  name: string | null;
}

export interface LinkResult {
  application: ApplicationDocument;
  contact: ContactDocument;
  role: LinkRole;
  /** False when the contact was on the application already (its role and notes changed). */
  added: boolean;
}

export async function linkContact(
  data: UserRepositories,
  applicationIdOrPrefix: string,
  contactIdOrPrefix: string,
  input: { role: string; notes?: string },
): Promise<LinkResult> {
  const role = parseRole(input.role);
  const application = await findApplication(data, applicationIdOrPrefix);
  const contact = await findContact(data, contactIdOrPrefix);
  const link = {
    contactId: contact._id,
    role,
    ...(input.notes === undefined ? {} : { notes: input.notes }),
  };
  const written = await data.links.setLink(application._id, link);
  if (!written) throw new NotFoundError(`no application with id ${applicationIdOrPrefix}`);
  return { application: written.application, contact, role, added: written.added };
}

export interface UnlinkResult {
  application: ApplicationDocument;
  contact: ContactDocument;
  /** The role the contact had. */
  role: string;
}

export async function unlinkContact(
  data: UserRepositories,
  applicationIdOrPrefix: string,
  contactIdOrPrefix: string,
): Promise<UnlinkResult> {
  const application = await findApplication(data, applicationIdOrPrefix);
  const contact = await findContact(data, contactIdOrPrefix);
  const before = await data.links.removeLink(application._id, contact._id);
  if (!before) throw new NotFoundError(`no application with id ${applicationIdOrPrefix}`);
  const link = (before.contacts ?? []).find((each) => each.contactId.equals(contact._id));
  const onInterview = before.interviews.some((interview) =>
    (interview.contactIds ?? []).some((id) => id.equals(contact._id)),
  );
  if (!link && !onInterview) {
    const id = application._id.toHexString();
    throw new NotFoundError(`${contact.name} is not on application ${applicationIdOrPrefix}`, {
      hint: say`see who is on it with \`${step('application.show', id)}\``,
    });
  }
  const after = await findApplication(data, application._id.toHexString());
  return { application: after, contact, role: link?.role ?? INTERVIEWER_ROLE };
}

/**
 * The contacts named by `--with` values (each repeatable, or comma-separated), resolved as
 * the user's own contacts, without repeats.
 */
export async function resolveContacts(
  data: UserRepositories,
  values: readonly string[],
): Promise<ContactDocument[]> {
  const found = new Map<string, ContactDocument>();
  for (const value of values.flatMap((each) => parseList(each))) {
    const contact = await findContact(data, value);
    found.set(contact._id.toHexString(), contact);
  }
  return [...found.values()];
}

/** The people on an application, with their names (one query for all of them). */
export async function peopleOn(
  data: UserRepositories,
  application: Pick<ApplicationDocument, 'contacts' | 'interviews'>,
): Promise<PersonOnApplication[]> {
  const links = application.contacts ?? [];
  const contacts = await data.contacts.findByIds(links.map((link) => link.contactId));
  const names = new Map(contacts.map((contact) => [contact._id.toHexString(), contact.name]));
  return links.map((link) => ({
    contactId: link.contactId,
    role: link.role,
    ...(link.notes ? { notes: link.notes } : {}),
    name: names.get(link.contactId.toHexString()) ?? null,
  }));
}

/** The names of the people on each interview, by interview id. */
export function interviewersOf(
  application: Pick<ApplicationDocument, 'interviews'>,
  people: readonly PersonOnApplication[],
): Map<string, string[]> {
  const names = new Map(people.map((person) => [person.contactId.toHexString(), person.name]));
  return new Map(
    application.interviews.map((interview) => [
      interview._id.toHexString(),
      (interview.contactIds ?? []).map((id) => names.get(id.toHexString()) ?? id.toHexString()),
    ]),
  );
}

/** An application a contact is on, as `contact show` lists it. */
export interface ContactApplication {
  applicationId: Types.ObjectId;
  company: string | null;
  title: string | null;
  status: string;
  role: string;
  notes?: string;
  /** The interviews of the application the contact is on. */
  interviews: Array<{ _id: Types.ObjectId; date: Date; type?: string; status?: string }>;
}

/** The applications (and interviews) a contact is on: one query, then their jobs. */
export async function applicationsOf(
  data: UserRepositories,
  contactId: Types.ObjectId,
): Promise<ContactApplication[]> {
  const applications = await data.links.withContact(contactId);
  const jobIds = [...new Map(applications.map((a) => [a.jobId.toHexString(), a.jobId])).values()];
  const jobs = new Map(
    (await data.jobs.findByIds(jobIds)).map((job) => [job._id.toHexString(), job]),
  );
  return applications.map((application) => {
    const job = jobs.get(application.jobId.toHexString());
    const link = (application.contacts ?? []).find((each) => each.contactId.equals(contactId));
    const interviews = application.interviews
      .filter((interview) => (interview.contactIds ?? []).some((id) => id.equals(contactId)))
      .sort((a, b) => a.date.getTime() - b.date.getTime())
      .map((interview) => ({
        _id: interview._id,
        date: interview.date,
        ...(interview.type ? { type: interview.type } : {}),
        ...(interview.status ? { status: interview.status } : {}),
      }));
    return {
      applicationId: application._id,
      company: job?.company ?? null,
      title: job?.title ?? null,
      status: application.status,
      role: link?.role ?? INTERVIEWER_ROLE,
      ...(link?.notes ? { notes: link.notes } : {}),
      interviews,
    };
  });
}
