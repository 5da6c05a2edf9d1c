// What a search result shows of each kind of record: its title, and the texts its excerpt is
// looked for in (the fields the kind's text index holds, in the order of their weights, after
// the record's own notes for an application or a connection, whose words are first of all
// their job's or their contact's).
import type { Types } from 'mongoose';
import type { ActivityDocument } from '../repositories/activity-repository.js';
import type { ApplicationDocument } from '../repositories/application-repository.js';
import type { ConnectionDocument } from '../repositories/connection-repository.js';
import type { ContactDocument } from '../repositories/contact-repository.js';
import type { JobDocument } from '../repositories/job-repository.js';
import type { SearchedText } from './search-snippet.js';

/** The kinds of record a search finds (singular: the `type` of a result). */
export const SEARCH_KINDS = ['job', 'application', 'contact', 'connection', 'activity'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** A found record before its excerpt: what it is, its title, where its words are. */
export interface FoundRecord {
  type: SearchKind;
  _id: Types.ObjectId;
  title: string;
  score: number;
  texts: SearchedText[];
}

type Text = string | null | undefined;

function texts(...entries: Array<[string, Text | readonly Text[]]>): SearchedText[] {
  return entries.flatMap(([field, value]) => {
    const values = Array.isArray(value) ? (value as readonly Text[]) : [value as Text];
    return values.flatMap((text) => (text ? [{ field, text }] : []));
  });
}

const TAG_SEPARATOR = ', ';

export function jobTitle(job: JobDocument | undefined): string {
  return job ? `${job.title} at ${job.company}` : '(removed job)';
}

export function jobTexts(job: JobDocument | undefined, prefix = ''): SearchedText[] {
  if (!job) return [];
  return texts(
    [`${prefix}title`, job.title],
    [`${prefix}company`, job.company],
    [`${prefix}tags`, job.tags.join(TAG_SEPARATOR)],
    [`${prefix}description`, job.description],
  );
}

export function contactTitle(contact: ContactDocument | undefined): string {
  if (!contact) return '(removed contact)';
  return contact.company ? `${contact.name} (${contact.company})` : contact.name;
}

export function contactTexts(contact: ContactDocument | undefined, prefix = ''): SearchedText[] {
  if (!contact) return [];
  return texts(
    [`${prefix}name`, contact.name],
    [`${prefix}company`, contact.company],
    [`${prefix}title`, contact.title],
    [`${prefix}tags`, contact.tags.join(TAG_SEPARATOR)],
    [`${prefix}notes`, contact.notes],
  );
}

export function jobFound(job: JobDocument, score: number): FoundRecord {
  return { type: 'job', _id: job._id, title: jobTitle(job), score, texts: jobTexts(job) };
}

export function applicationFound(
  application: ApplicationDocument,
  job: JobDocument | undefined,
  score: number,
): FoundRecord {
  return {
    type: 'application',
    _id: application._id,
    title: `${jobTitle(job)} (${application.status})`,
    score,
    texts: [
      ...texts(
        ['notes', application.notes],
        ['interviews.notes', application.interviews.map((interview) => interview.notes)],
      ),
      ...jobTexts(job, 'job.'),
    ],
  };
}

export function contactFound(contact: ContactDocument, score: number): FoundRecord {
  return {
    type: 'contact',
    _id: contact._id,
    title: contactTitle(contact),
    score,
    texts: contactTexts(contact),
  };
}

export function connectionFound(
  connection: ConnectionDocument,
  contact: ContactDocument | undefined,
  score: number,
): FoundRecord {
  return {
    type: 'connection',
    _id: connection._id,
    title: `${contactTitle(contact)}: ${connection.type}, ${connection.status}`,
    score,
    texts: [
      ...texts(
        ['notes', connection.notes],
        ['followUps.notes', connection.followUps.map((followUp) => followUp.notes)],
      ),
      ...contactTexts(contact, 'contact.'),
    ],
  };
}

export function activityFound(activity: ActivityDocument, score: number): FoundRecord {
  return {
    type: 'activity',
    _id: activity._id,
    title: activity.provider
      ? `${activity.title} (${activity.type}, ${activity.provider})`
      : `${activity.title} (${activity.type})`,
    score,
    texts: texts(
      ['title', activity.title],
      ['provider', activity.provider],
      ['skills', activity.skills.join(TAG_SEPARATOR)],
      ['notes', activity.notes],
    ),
  };
}
