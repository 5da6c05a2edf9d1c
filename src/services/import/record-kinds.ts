// How each kind of record is found by its natural key: one query per batch (per few
// hundred keys) on an index, asking for the likely spellings of each key exactly and
// comparing without case afterwards. Never all of the user's records at once.
import type { Types } from 'mongoose';
import type { UserRepositories } from '../../repositories/index.js';
import type { Candidate, RecordKind, StoredRecord } from './batch-writer.js';
import {
  activityKey,
  applicationKey,
  contactKeyKind,
  contactKeys,
  jobKey,
} from '../../repositories/natural-keys.js';
import { KeyFilter } from './key-filter.js';
import { getPath } from './row-mapper.js';

function capitalised(text: string): string {
  return text.replace(
    /(^|[\s\-(/&.])(\p{L})/gu,
    (_, before: string, letter: string) => before + letter.toUpperCase(),
  );
}

/**
 * The spellings a stored value equal to `value` (ignoring case) most likely has: as given,
 * lower case, upper case and Capitalised Words. Lookups ask the database for these exactly
 * (an index can answer that), then compare ignoring case.
 */
function caseVariants(value: string): string[] {
  const trimmed = value.trim();
  const lower = trimmed.toLowerCase();
  return [...new Set([trimmed, lower, trimmed.toUpperCase(), capitalised(lower)])];
}

/** URL spellings: as given, lower case, each with and without a trailing slash. */
function urlVariants(value: string): string[] {
  const bare = value.trim().replace(/\/+$/, '');
  return [...new Set([bare, `${bare}/`, bare.toLowerCase(), `${bare.toLowerCase()}/`])];
}

function texts(candidates: readonly Candidate[], path: string): string[] {
  const values = new Set<string>();
  for (const candidate of candidates) {
    const value = getPath(candidate.fields, path);
    if (typeof value === 'string' && value.trim() !== '') values.add(value);
  }
  return [...values];
}

/** Records by each of their keys, the oldest first when several share one. */
function byKeys(
  records: StoredRecord[],
  keysOf: (record: StoredRecord) => string[],
): Map<string, StoredRecord> {
  const time = (record: StoredRecord) =>
    record.createdAt instanceof Date ? record.createdAt.getTime() : 0;
  records.sort((a, b) => time(a) - time(b));
  const map = new Map<string, StoredRecord>();
  for (const record of records) {
    for (const key of keysOf(record)) if (!map.has(key)) map.set(key, record);
  }
  return map;
}

/** What holders() needs of a keyed repository. */
interface KeyedRepository {
  naturalKeyOf(record: Record<string, unknown>): string | undefined;
  findByNaturalKeys<TView>(keys: readonly string[]): Promise<TView[]>;
}

/** The records holding the natural keys the database refused these records for. */
function byNaturalKey(repository: KeyedRepository): RecordKind['holders'] {
  return async (records) => {
    const keys = records.map((record) => repository.naturalKeyOf(record));
    const defined = keys.filter((key): key is string => key !== undefined);
    const found = await repository.findByNaturalKeys<StoredRecord>(defined);
    const byKey = new Map(found.map((record) => [record.naturalKey, record]));
    return keys.map((key) => (key === undefined ? undefined : byKey.get(key)));
  };
}

/** A filter filled from the records stored so far, streamed once with just their key fields. */
function primer(
  filter: KeyFilter,
  stream: (fields: readonly string[]) => AsyncIterable<Record<string, unknown>>,
  fields: readonly string[],
  keysOf: (record: Record<string, unknown>) => string[],
): () => Promise<void> {
  return async () => {
    for await (const record of stream(fields)) for (const key of keysOf(record)) filter.add(key);
  };
}

export function jobKind(data: UserRepositories): RecordKind {
  const filter = new KeyFilter();
  const keysOf = (job: Record<string, unknown>) => [jobKey(job)];
  return {
    repository: data.jobs,
    filter,
    keysOf,
    prime: primer(filter, (fields) => data.jobs.streamAll(fields), ['company', 'title'], keysOf),
    notesPath: 'description',
    holders: byNaturalKey(data.jobs),
    lookup: async (candidates) => {
      const companies = texts(candidates, 'company').flatMap((company) => caseVariants(company));
      const found = await data.jobs.findWhereIn<StoredRecord>('company', companies);
      return byKeys(found, keysOf);
    },
  };
}

export function contactKind(data: UserRepositories): RecordKind {
  const filter = new KeyFilter();
  return {
    repository: data.contacts,
    filter,
    keysOf: contactKeys,
    prime: primer(
      filter,
      (fields) => data.contacts.streamAll(fields),
      ['name', 'email', 'linkedinUrl', 'company'],
      contactKeys,
    ),
    notesPath: 'notes',
    holders: byNaturalKey(data.contacts),
    lookup: async (candidates) => {
      const keyedBy = (kind: string) =>
        candidates.filter((candidate) => contactKeyKind(candidate.fields) === kind);
      const byEmail = keyedBy('email');
      const byUrl = keyedBy('url');
      const byName = keyedBy('name');
      const emails = texts(byEmail, 'email').map((email) => email.trim().toLowerCase());
      const urls = texts(byUrl, 'linkedinUrl').flatMap(urlVariants);
      const names = texts(byName, 'name').flatMap((name) => caseVariants(name));
      const found = [
        ...(await data.contacts.findWhereIn<StoredRecord>('email', emails)),
        ...(await data.contacts.findWhereIn<StoredRecord>('linkedinUrl', urls)),
        ...(await data.contacts.findWhereIn<StoredRecord>('name', names)),
      ];
      return byKeys(found, (contact) => contactKeys(contact));
    },
  };
}

export function activityKind(data: UserRepositories): RecordKind {
  const filter = new KeyFilter();
  const keysOf = (activity: Record<string, unknown>) => [activityKey(activity)];
  return {
    repository: data.activities,
    filter,
    keysOf,
    prime: primer(
      filter,
      (fields) => data.activities.streamAll(fields),
      ['type', 'title', 'provider'],
      keysOf,
    ),
    notesPath: 'notes',
    holders: byNaturalKey(data.activities),
    lookup: async (candidates) => {
      const titles = texts(candidates, 'title').flatMap((title) => caseVariants(title));
      const found = await data.activities.findWhereIn<StoredRecord>('title', titles);
      return byKeys(found, keysOf);
    },
  };
}

function ids(candidates: readonly Candidate[], path: string): Types.ObjectId[] {
  return candidates.map((candidate) => getPath(candidate.fields, path) as Types.ObjectId);
}

export function applicationKind(data: UserRepositories): RecordKind {
  const filter = new KeyFilter();
  const keysOf = (application: Record<string, unknown>) => [applicationKey(application)];
  return {
    repository: data.applications,
    filter,
    keysOf,
    prime: primer(
      filter,
      (fields) => data.applications.streamAll(fields),
      ['jobId', 'applicationDate'],
      keysOf,
    ),
    notesPath: 'notes',
    holders: byNaturalKey(data.applications),
    lookup: async (candidates) => {
      const found = await data.applications.findWhereIn<StoredRecord>(
        'jobId',
        ids(candidates, 'jobId'),
      );
      return byKeys(found, keysOf);
    },
    completeNew: (record, given, now) => {
      // Like `apply add`: the history starts with the status the application arrives in.
      if (!given.includes('statusHistory')) {
        const at = record.applicationDate instanceof Date ? record.applicationDate : now;
        record.statusHistory = [{ status: record.status, at }];
      }
    },
    completeChange: (stored, changes, given, now) => {
      if (changes.status !== undefined && !given.includes('statusHistory')) {
        const history = Array.isArray(stored.statusHistory) ? stored.statusHistory : [];
        changes.statusHistory = [...history, { status: changes.status, at: now }];
      }
    },
  };
}

export function connectionKind(data: UserRepositories): RecordKind {
  const filter = new KeyFilter();
  const keysOf = (connection: Record<string, unknown>) => [
    (connection.contactId as Types.ObjectId).toHexString(),
  ];
  return {
    repository: data.connections,
    filter,
    keysOf,
    prime: primer(filter, (fields) => data.connections.streamAll(fields), ['contactId'], keysOf),
    notesPath: 'notes',
    // A connection's key is its contact: the unique { userId, contactId } index refused it.
    holders: async (records) => {
      const found = await data.connections.findWhereIn<StoredRecord>(
        'contactId',
        records.map((record) => record.contactId as Types.ObjectId),
      );
      const byContact = new Map(
        found.map((connection) => [
          (connection.contactId as Types.ObjectId).toHexString(),
          connection,
        ]),
      );
      return records.map((record) =>
        byContact.get((record.contactId as Types.ObjectId).toHexString()),
      );
    },
    lookup: async (candidates) => {
      const found = await data.connections.findWhereIn<StoredRecord>(
        'contactId',
        ids(candidates, 'contactId'),
      );
      return byKeys(found, (connection) => [
        (connection.contactId as Types.ObjectId).toHexString(),
      ]);
    },
  };
}
