// `career search`: words found across the user's records, best first. Each searched collection
// has a text index (src/models); each is asked the same $text query, its best `limit` records
// by MongoDB's text score, and the lists are merged by score.
//
// Applications and connections do not hold their job's or contact's words: an application is
// found by its own notes and interview notes, and also as the application of a job the search
// found, scoring the job's score plus its own (what a copy of the job's title, company, tags
// and description in the application would score, without a copy to keep up to date). The
// same for a connection and its contact.
import type { Types } from 'mongoose';
import { matchChoice, parseList } from '../domain/choices.js';
import { FieldError } from '../domain/field-error.js';
import type { UserRepositories } from '../repositories/index.js';
import type { TextMatch } from '../repositories/search-repository.js';
import {
  activityFound,
  contactFound,
  jobFound,
  SEARCH_KINDS,
  type FoundRecord,
  type SearchKind,
} from './search-hits.js';
import { applicationsFound, connectionsFound } from './search-referring.js';
import { snippetOf } from './search-snippet.js';

export { SEARCH_KINDS, type SearchKind };

/** What --type names (plural, as the records are listed). */
export const SEARCH_TYPES = [
  'jobs',
  'applications',
  'contacts',
  'connections',
  'activities',
] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

const KIND_OF: Record<SearchType, SearchKind> = {
  jobs: 'job',
  applications: 'application',
  contacts: 'contact',
  connections: 'connection',
  activities: 'activity',
};

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 500;
/** Longer searches are refused: nobody types them, and each word is one more index lookup. */
export const MAX_SEARCH_LENGTH = 500;

export interface SearchOptions {
  types: readonly SearchType[];
  limit: number;
}

/** One found record, as `career search` shows it. */
export interface SearchResult {
  type: SearchKind;
  _id: Types.ObjectId;
  title: string;
  /** A few words around the first word found (display text: one line, escaped). */
  snippet: string;
  /** The field the snippet comes from ("notes", "job.title", "followUps.notes"...). */
  field: string;
  /** MongoDB's text score (summed with the job's or contact's, see above). */
  score: number;
}

/** The search string, trimmed; a FieldError when empty or too long. */
export function checkSearchText(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new FieldError({ field: 'text', problem: 'empty' });
  if (trimmed.length > MAX_SEARCH_LENGTH) {
    throw new FieldError({
      field: 'text',
      problem: 'must-be',
      detail: `at most ${MAX_SEARCH_LENGTH} characters`,
    });
  }
  return trimmed;
}

/** --type's list ("jobs,contacts", forgiving as every choice); all kinds when not given. */
export function parseSearchTypes(text: string | undefined): SearchType[] {
  if (text === undefined) return [...SEARCH_TYPES];
  const types = parseList(text).map((item) => matchChoice(item, SEARCH_TYPES, 'type'));
  if (types.length === 0) throw new FieldError({ field: 'type', problem: 'empty' });
  return [...new Set(types)];
}

export function parseSearchLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SEARCH_LIMIT;
  const value = Number(text);
  if (!/^\s*\d+\s*$/u.test(text) || value < 1 || value > MAX_SEARCH_LIMIT) {
    throw new FieldError({
      field: 'limit',
      problem: 'must-be',
      detail: `a whole number from 1 to ${MAX_SEARCH_LIMIT}`,
      value: text,
    });
  }
  return value;
}

const none = <T>(): Promise<TextMatch<T>[]> => Promise.resolve([]);

const KIND_ORDER = new Map(SEARCH_KINDS.map((kind, index) => [kind, index]));

/** Best first; equal scores by kind (jobs first), then newest first. */
function byRelevance(a: FoundRecord, b: FoundRecord): number {
  return (
    b.score - a.score ||
    (KIND_ORDER.get(a.type) ?? 0) - (KIND_ORDER.get(b.type) ?? 0) ||
    b._id.toHexString().localeCompare(a._id.toHexString())
  );
}

/** The user's `limit` records best matching `search` among `types`, best first. */
export async function searchRecords(
  data: UserRepositories,
  search: string,
  options: SearchOptions,
): Promise<SearchResult[]> {
  const text = checkSearchText(search);
  const kinds = new Set(options.types.map((type) => KIND_OF[type]));
  const { limit } = options;
  const wantJobs = kinds.has('job') || kinds.has('application');
  const wantContacts = kinds.has('contact') || kinds.has('connection');
  const [jobs, contacts, activities] = await Promise.all([
    wantJobs ? data.search.jobs(text, limit) : none<never>(),
    wantContacts ? data.search.contacts(text, limit) : none<never>(),
    kinds.has('activity') ? data.search.activities(text, limit) : none<never>(),
  ]);
  const [applications, connections] = await Promise.all([
    kinds.has('application') ? applicationsFound(data, text, limit, jobs) : [],
    kinds.has('connection') ? connectionsFound(data, text, limit, contacts) : [],
  ]);
  const found: FoundRecord[] = [
    ...(kinds.has('job') ? jobs.map((match) => jobFound(match.record, match.score)) : []),
    ...applications,
    ...(kinds.has('contact')
      ? contacts.map((match) => contactFound(match.record, match.score))
      : []),
    ...connections,
    ...activities.map((match) => activityFound(match.record, match.score)),
  ];
  return found
    .sort(byRelevance)
    .slice(0, limit)
    .map(({ texts, ...record }) => ({ ...record, ...snippetOf(texts, text) }));
}
