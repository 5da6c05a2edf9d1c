// The agenda's stalled applications, with the person to follow up with (issue 15): the
// application's recruiter, else its referrer, named and with the command that plans it.
import type { UserRepositories } from '../repositories/index.js';
import type { ApplicationDocument } from '../repositories/application-repository.js';

/** The roles worth a follow-up on a stalled application, the first preferred. */
const FOLLOW_UP_ROLES = ['recruiter', 'referrer'];

/** Who to follow up with about one application. */
export interface FollowUpPerson {
  contactId: string;
  name: string;
  role: string;
  /** The command planning the follow-up (ids only: data is never pasted into a shell). */
  command: string;
}

/** The application's recruiter or referrer link (the first of the preferred role). */
function bestLink(application: ApplicationDocument) {
  for (const role of FOLLOW_UP_ROLES) {
    const link = (application.contacts ?? []).find((each) => each.role === role);
    if (link) return link;
  }
  return undefined;
}

/** The person to follow up with for each application that has one, by application id. */
export async function followUpPeople(
  data: UserRepositories,
  applications: readonly ApplicationDocument[],
): Promise<Map<string, FollowUpPerson>> {
  const links = new Map(applications.map((each) => [each._id.toHexString(), bestLink(each)]));
  const contactIds = [...links.values()].flatMap((link) => (link ? [link.contactId] : []));
  if (contactIds.length === 0) return new Map();
  const contacts = await data.contacts.findByIds(contactIds);
  const names = new Map(contacts.map((contact) => [contact._id.toHexString(), contact.name]));
  const people = new Map<string, FollowUpPerson>();
  for (const [applicationId, link] of links) {
    const name = link && names.get(link.contactId.toHexString());
    if (!link || name === undefined) continue;
    const contactId = link.contactId.toHexString();
    people.set(applicationId, {
      contactId,
      name,
      role: link.role,
      command: `career connect followup add ${contactId} --due today --type email`,
    });
  }
  return people;
}
