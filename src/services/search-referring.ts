// The records that name what a search found, found with it: the applications of the jobs
// found and the connections of the contacts found, each scored its own text score (when its
// own notes match too) plus its job's or contact's (see search-service.ts for why).
import type { Types } from 'mongoose';
import type { ContactDocument } from '../repositories/contact-repository.js';
import type { UserRepositories } from '../repositories/index.js';
import type { JobDocument } from '../repositories/job-repository.js';
import type { TextMatch } from '../repositories/search-repository.js';
import { applicationFound, connectionFound, type FoundRecord } from './search-hits.js';

const scoresById = <T extends { _id: Types.ObjectId }>(matches: TextMatch<T>[]) =>
  new Map(matches.map((match) => [match.record._id.toHexString(), match.score]));

/** The records of `own` and `referring` (own score plus the referred record's), once each. */
function combined<T extends { _id: Types.ObjectId }>(
  own: TextMatch<T>[],
  referring: readonly T[],
  referredScore: (record: T) => number,
): TextMatch<T>[] {
  const merged = new Map(own.map((match) => [match.record._id.toHexString(), { ...match }]));
  for (const record of referring) {
    const key = record._id.toHexString();
    const entry = merged.get(key) ?? { record, score: 0 };
    entry.score += referredScore(record);
    merged.set(key, entry);
  }
  return [...merged.values()];
}

/** Applications matching `search` themselves or through `jobs` (the jobs it found). */
export async function applicationsFound(
  data: UserRepositories,
  search: string,
  limit: number,
  jobs: TextMatch<JobDocument>[],
): Promise<FoundRecord[]> {
  const jobScores = scoresById(jobs);
  const jobIds = jobs.map((match) => match.record._id);
  const [own, ofJobs] = await Promise.all([
    data.search.applications(search, limit),
    data.search.applicationsOfJobs(jobIds, limit),
  ]);
  const matches = combined(
    own,
    ofJobs,
    (application) => jobScores.get(application.jobId.toHexString()) ?? 0,
  );
  const known = new Map(jobs.map((match) => [match.record._id.toHexString(), match.record]));
  const missing = matches
    .map((match) => match.record.jobId)
    .filter((id) => !known.has(id.toHexString()));
  for (const job of await data.jobs.findByIds(missing)) known.set(job._id.toHexString(), job);
  return matches.map((match) =>
    applicationFound(match.record, known.get(match.record.jobId.toHexString()), match.score),
  );
}

/** Connections matching `search` themselves or through `contacts` (the contacts it found). */
export async function connectionsFound(
  data: UserRepositories,
  search: string,
  limit: number,
  contacts: TextMatch<ContactDocument>[],
): Promise<FoundRecord[]> {
  const contactScores = scoresById(contacts);
  const contactIds = contacts.map((match) => match.record._id);
  const [own, ofContacts] = await Promise.all([
    data.search.connections(search, limit),
    data.search.connectionsOfContacts(contactIds, limit),
  ]);
  const matches = combined(
    own,
    ofContacts,
    (connection) => contactScores.get(connection.contactId.toHexString()) ?? 0,
  );
  const known = new Map(contacts.map((match) => [match.record._id.toHexString(), match.record]));
  const missing = matches
    .map((match) => match.record.contactId)
    .filter((id) => !known.has(id.toHexString()));
  for (const contact of await data.contacts.findByIds(missing)) {
    known.set(contact._id.toHexString(), contact);
  }
  return matches.map((match) =>
    connectionFound(match.record, known.get(match.record.contactId.toHexString()), match.score),
  );
}
