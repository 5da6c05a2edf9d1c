// How each kind of record is found by its natural key: one query per batch (per few
// hundred keys), never all of the user's records at once. A keyed record is found by its key,
// exactly, on the unique { userId, naturalKey } index, whatever its spelling. Spellings are
// only guessed (as written, lower and upper case, Capitalised Words; each asked for exactly,
// then compared without case) where no key can say: for records stored before natural keys
// (until migration 2 keys them), and for a contact found by a key other than its own (its URL
// or name, when it has an email: only its own key is stored).
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

/**
 * The records by key: those found by their stored key under it, then the others under each
 * of their keys (the oldest first when several share one).
 */
function byKeys(
  keyed: readonly StoredRecord[],
  others: StoredRecord[],
  keysOf: (record: StoredRecord) => string[],
): Map<string, StoredRecord> {
  const map = new Map<string, StoredRecord>();
  for (const record of keyed) map.set(record.naturalKey as string, record);
  const time = (record: StoredRecord) =>
    record.createdAt instanceof Date ? record.createdAt.getTime() : 0;
  others.sort((a, b) => time(a) - time(b));
  for (const record of others) {
    for (const key of keysOf(record)) if (!map.has(key)) map.set(key, record);
  }
  return map;
}

/** What the lookups need of a keyed repository. */
interface KeyedRepository {
  naturalKeyOf(record: Record<string, unknown>): string | undefined;
  findByNaturalKeys<TView>(keys: readonly string[]): Promise<TView[]>;
  hasUnkeyed(): Promise<boolean>;
}

/** The stored records holding these candidates' keys (exact: on the unique index). */
function holdersOfKeys(
  repository: KeyedRepository,
  candidates: readonly Candidate[],
): Promise<StoredRecord[]> {
  return repository.findByNaturalKeys<StoredRecord>(candidates.map((candidate) => candidate.key));
}

/** Whether the user has records without a key (asked once: the import only writes keyed ones). */
function unkeyedOnce(repository: KeyedRepository): () => Promise<boolean> {
  let answer: Promise<boolean> | undefined;
  return () => (answer ??= repository.hasUnkeyed());
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
  const anyUnkeyed = unkeyedOnce(data.jobs);
  return {
    repository: data.jobs,
    filter,
    keysOf,
    prime: primer(filter, (fields) => data.jobs.streamAll(fields), ['company', 'title'], keysOf),
    notesPath: 'description',
    holders: byNaturalKey(data.jobs),
    lookup: async (candidates) => {
      const keyed = await holdersOfKeys(data.jobs, candidates);
      if (!(await anyUnkeyed())) return byKeys(keyed, [], keysOf);
      const companies = texts(candidates, 'company').flatMap((company) => caseVariants(company));
      const unkeyed = await data.jobs.findUnkeyedWhereIn<StoredRecord>('company', companies);
      return byKeys(keyed, unkeyed, keysOf);
    },
  };
}

export function contactKind(data: UserRepositories): RecordKind {
  const filter = new KeyFilter();
  const anyUnkeyed = unkeyedOnce(data.contacts);
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
      const keyed = await holdersOfKeys(data.contacts, candidates);
      const keyedBy = (kind: string) =>
        candidates.filter((candidate) => contactKeyKind(candidate.fields) === kind);
      // A contact with an email is keyed by it: its URL and name are found by spelling.
      const urls = texts(keyedBy('url'), 'linkedinUrl').flatMap(urlVariants);
      const names = texts(keyedBy('name'), 'name').flatMap((name) => caseVariants(name));
      const others = [
        ...(await data.contacts.findWhereIn<StoredRecord>('linkedinUrl', urls)),
        ...(await data.contacts.findWhereIn<StoredRecord>('name', names)),
      ];
      if (await anyUnkeyed()) {
        // Stored as the schema writes it (trimmed, lower case): exact.
        const emails = texts(keyedBy('email'), 'email').map((email) => email.trim().toLowerCase());
        others.push(...(await data.contacts.findUnkeyedWhereIn<StoredRecord>('email', emails)));
      }
      return byKeys(keyed, others, (contact) => contactKeys(contact));
    },
  };
}

export function activityKind(data: UserRepositories): RecordKind {
  const filter = new KeyFilter();
  const keysOf = (activity: Record<string, unknown>) => [activityKey(activity)];
  const anyUnkeyed = unkeyedOnce(data.activities);
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
      const keyed = await holdersOfKeys(data.activities, candidates);
      if (!(await anyUnkeyed())) return byKeys(keyed, [], keysOf);
      const titles = texts(candidates, 'title').flatMap((title) => caseVariants(title));
      const unkeyed = await data.activities.findUnkeyedWhereIn<StoredRecord>('title', titles);
      return byKeys(keyed, unkeyed, keysOf);
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
      // Exact already (a job's id), and it finds applications without a key too.
      const found = await data.applications.findWhereIn<StoredRecord>(
        'jobId',
        ids(candidates, 'jobId'),
      );
      return byKeys([], found, keysOf);
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
      return byKeys([], found, (connection) => [
        (connection.contactId as Types.ObjectId).toHexString(),
      ]);
    },
  };
}
