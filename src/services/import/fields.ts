// The fields each import type fills, the kind of value each takes, and the column names
// (header aliases) that mean it. Column names are compared without case, spaces,
// underscores, dashes or dots: "Company Name", "company_name" and "company.name" are one.

import { APPLICATION_STATUSES } from '../../domain/pipeline.js';
import { PAY_PERIODS } from '../../domain/money.js';
import { ACTIVITY_STATUSES, ACTIVITY_TYPES } from '../../repositories/activity-repository.js';
import { CONNECTION_STATUSES, CONNECTION_TYPES } from '../../repositories/connection-repository.js';
import { EMPLOYMENT_TYPES, WORK_MODES } from '../../repositories/job-repository.js';
import type { ImportType } from './types.js';

/**
 * How a column's text becomes a value: `text` is trimmed, `longText` kept as written,
 * `entries` is a list of subdocuments (JSON), `noteLine` is kept in the notes as
 * "Column: value" (a known column with no field of its own), `ignored` is read and dropped
 * (ids and timestamps that exports write but an import must not reuse), `choice` is one of
 * `choices`, read as every choice is (src/domain/choices.ts: `Applied`, `to apply`).
 */
export type FieldKind =
  'text' | 'longText' | 'date' | 'list' | 'number' | 'entries' | 'noteLine' | 'ignored' | 'choice';

export interface FieldSpec {
  /** The record's path (dotted for nested fields: salary.min, job.company, contact.name). */
  path: string;
  kind: FieldKind;
  /** Other column names for it; the path itself always matches. */
  aliases?: readonly string[];
  /** The values a `choice` takes. */
  choices?: readonly string[];
}

/** "Company Name" -> "companyname": how column names are compared. */
export function normaliseColumn(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.]+/g, '');
}

const EXPORT_ONLY: FieldSpec[] = [
  { path: '_id', kind: 'ignored', aliases: ['id'] },
  { path: 'userId', kind: 'ignored' },
  // The stored key (a dump of the collection has it): always computed again, never taken.
  { path: 'naturalKey', kind: 'ignored' },
  { path: 'updatedAt', kind: 'ignored', aliases: ['updated', 'last updated', 'modified'] },
];

const COMPANY = ['company name', 'employer', 'organization', 'organisation', 'firm'];
const TITLE = ['job title', 'position', 'role', 'job'];

/** A job's own fields under `prefix` ('' for jobs, 'job.' inside an application). */
function jobFields(prefix: string): FieldSpec[] {
  const aliases = (names: string[]) =>
    prefix === '' ? names : [...names, ...names.map((n) => `job ${n}`)];
  return [
    { path: `${prefix}company`, kind: 'text', aliases: aliases(['company', ...COMPANY]) },
    { path: `${prefix}title`, kind: 'text', aliases: aliases(['title', ...TITLE]) },
    { path: `${prefix}location`, kind: 'text', aliases: aliases(['location', 'city', 'place']) },
    {
      path: `${prefix}url`,
      kind: 'text',
      aliases: aliases(
        prefix === '' ? ['url', 'link', 'job url', 'posting'] : ['url', 'link', 'posting'],
      ),
    },
    { path: `${prefix}source`, kind: 'text', aliases: aliases(['source', 'found via', 'via']) },
    {
      path: `${prefix}salary.min`,
      kind: 'number',
      aliases: aliases(['salary', 'salary min', 'min salary', 'salary from', 'minimum salary']),
    },
    {
      path: `${prefix}salary.max`,
      kind: 'number',
      aliases: aliases(['salary max', 'max salary', 'salary to', 'maximum salary']),
    },
    {
      path: `${prefix}salary.currency`,
      kind: 'text',
      aliases: aliases(['currency', 'salary currency']),
    },
    {
      path: `${prefix}salary.period`,
      kind: 'choice',
      choices: PAY_PERIODS,
      aliases: aliases(['salary period', 'pay period']),
    },
    {
      path: `${prefix}workMode`,
      kind: 'choice',
      choices: WORK_MODES,
      aliases: aliases(['work mode', 'remote', 'mode', 'workplace']),
    },
    {
      path: `${prefix}employmentType`,
      kind: 'choice',
      choices: EMPLOYMENT_TYPES,
      aliases: aliases(['employment type', 'employment', 'job type', 'contract type']),
    },
    {
      path: `${prefix}postedAt`,
      kind: 'date',
      aliases: aliases(['posted', 'date posted', 'posted on']),
    },
    {
      path: `${prefix}validThrough`,
      kind: 'date',
      aliases: aliases(['valid through', 'open until', 'closing date', 'closes']),
    },
    {
      path: `${prefix}description`,
      kind: 'longText',
      aliases: aliases(['description', 'details', 'job description']),
    },
    { path: `${prefix}tags`, kind: 'list', aliases: aliases(['tags', 'labels', 'keywords']) },
  ];
}

/** Offers: an application's offer (`offer.base`...; the schema checks the currency). */
const OFFER_FIELDS: FieldSpec[] = [
  { path: 'offer.base', kind: 'number', aliases: ['offer', 'offer salary', 'offered salary'] },
  { path: 'offer.currency', kind: 'text' },
  { path: 'offer.period', kind: 'choice', choices: PAY_PERIODS },
  { path: 'offer.bonus', kind: 'number' },
  { path: 'offer.equity', kind: 'text' },
  { path: 'offer.equityValue', kind: 'number' },
  { path: 'offer.benefits', kind: 'longText' },
  { path: 'offer.deadline', kind: 'date', aliases: ['offer deadline', 'decision deadline'] },
  { path: 'offer.notes', kind: 'longText' },
  { path: 'offer.updatedAt', kind: 'date' },
];

/** A contact's fields under `prefix` ('' for contacts, 'contact.' inside a connection). */
function contactFields(prefix: string): FieldSpec[] {
  const inConnection = prefix !== '';
  return [
    {
      path: `${prefix}name`,
      kind: 'text',
      aliases: ['name', 'full name', 'person', 'contact', 'contact name'],
    },
    { path: `${prefix}firstName`, kind: 'text', aliases: ['first name', 'given name', 'first'] },
    {
      path: `${prefix}lastName`,
      kind: 'text',
      aliases: ['last name', 'surname', 'family name', 'last'],
    },
    { path: `${prefix}email`, kind: 'text', aliases: ['email', 'e-mail', 'email address', 'mail'] },
    {
      path: `${prefix}phone`,
      kind: 'text',
      aliases: ['phone', 'phone number', 'mobile', 'telephone', 'tel'],
    },
    { path: `${prefix}company`, kind: 'text', aliases: ['company', ...COMPANY] },
    { path: `${prefix}title`, kind: 'text', aliases: ['title', 'job title', 'position', 'role'] },
    {
      path: `${prefix}linkedinUrl`,
      kind: 'text',
      aliases: ['linkedin', 'linkedin url', 'linkedin profile', 'url', 'profile', 'profile url'],
    },
    {
      path: `${prefix}tags`,
      kind: 'list',
      aliases: inConnection ? ['contact tags'] : ['tags', 'labels'],
    },
    {
      path: `${prefix}notes`,
      kind: 'longText',
      aliases: inConnection ? ['contact notes'] : ['notes', 'note', 'comments', 'comment'],
    },
  ];
}

const FIELDS: Record<ImportType, FieldSpec[]> = {
  jobs: [
    ...jobFields(''),
    { path: 'createdAt', kind: 'date', aliases: ['created', 'added', 'date added'] },
    ...EXPORT_ONLY,
  ],
  applications: [
    ...jobFields('job.'),
    {
      path: 'status',
      kind: 'choice',
      choices: APPLICATION_STATUSES,
      aliases: ['stage', 'state', 'application status'],
    },
    {
      path: 'applicationDate',
      kind: 'date',
      aliases: ['application date', 'applied on', 'date applied', 'applied', 'applied at', 'date'],
    },
    { path: 'notes', kind: 'longText', aliases: ['note', 'comments', 'comment'] },
    {
      path: 'documents.resumeUrl',
      kind: 'text',
      aliases: ['resume', 'resume url', 'resume name', 'cv', 'resumeurl'],
    },
    {
      path: 'documents.coverLetterUrl',
      kind: 'text',
      aliases: ['cover letter', 'cover letter url'],
    },
    { path: 'interviews', kind: 'entries' },
    { path: 'statusHistory', kind: 'entries', aliases: ['status history', 'history'] },
    // Archive (issue 15): an archived application stays archived through export and import.
    { path: 'archivedAt', kind: 'date', aliases: ['archived', 'archived on'] },
    ...OFFER_FIELDS,
    // People on applications, by the contact's natural key (issue 15).
    { path: 'contacts', kind: 'entries', aliases: ['people'] },
    { path: 'createdAt', kind: 'date', aliases: ['created', 'added'] },
    // LinkedIn's Job Applications.csv: kept in the notes, not reported as unknown.
    { path: 'Contact Email', kind: 'noteLine', aliases: ['recruiter email'] },
    {
      path: 'Contact Phone Number',
      kind: 'noteLine',
      aliases: ['contact phone', 'recruiter phone'],
    },
    { path: 'Question And Answers', kind: 'noteLine', aliases: ['questions and answers'] },
    { path: 'jobId', kind: 'ignored' },
    ...EXPORT_ONLY,
  ],
  contacts: [
    ...contactFields(''),
    { path: 'createdAt', kind: 'date', aliases: ['created', 'added'] },
    ...EXPORT_ONLY,
  ],
  connections: [
    ...contactFields('contact.'),
    {
      path: 'status',
      kind: 'choice',
      choices: CONNECTION_STATUSES,
      aliases: ['connection status'],
    },
    {
      path: 'type',
      kind: 'choice',
      choices: CONNECTION_TYPES,
      aliases: ['connection type', 'relationship', 'kind'],
    },
    { path: 'notes', kind: 'longText', aliases: ['connection notes'] },
    { path: 'followUps', kind: 'entries', aliases: ['follow ups', 'followups'] },
    { path: 'cadenceDays', kind: 'number', aliases: ['cadence', 'keep in touch every'] },
    // Archive (issue 15): an archived connection stays archived through export and import.
    { path: 'archivedAt', kind: 'date', aliases: ['archived', 'archived on'] },
    {
      path: 'createdAt',
      kind: 'date',
      aliases: ['connected on', 'connected', 'connected at', 'since', 'created'],
    },
    { path: 'contactId', kind: 'ignored' },
    ...EXPORT_ONLY,
  ],
  activities: [
    {
      path: 'type',
      kind: 'choice',
      choices: ACTIVITY_TYPES,
      aliases: ['kind', 'category', 'activity type'],
    },
    { path: 'title', kind: 'text', aliases: ['name', 'course', 'activity', 'course name'] },
    {
      path: 'provider',
      kind: 'text',
      aliases: ['platform', 'school', 'issuer', 'organization', 'institution'],
    },
    { path: 'startDate', kind: 'date', aliases: ['start', 'start date', 'started', 'started on'] },
    {
      path: 'expectedEndDate',
      kind: 'date',
      aliases: ['expected end', 'expected end date', 'due', 'due date', 'target date'],
    },
    {
      path: 'completionDate',
      kind: 'date',
      aliases: ['completed', 'completed on', 'completion date', 'finished', 'end date'],
    },
    {
      path: 'status',
      kind: 'choice',
      choices: ACTIVITY_STATUSES,
      aliases: ['state', 'progress'],
    },
    { path: 'skills', kind: 'list', aliases: ['skills', 'topics', 'tags'] },
    { path: 'notes', kind: 'longText', aliases: ['note', 'comments', 'comment'] },
    {
      path: 'certificateUrl',
      kind: 'text',
      aliases: ['certificate', 'certificate url', 'credential', 'credential url'],
    },
    { path: 'createdAt', kind: 'date', aliases: ['created', 'added'] },
    ...EXPORT_ONLY,
  ],
};

/** Where each type keeps the values of columns it has no field for. */
export const NOTES_PATH: Record<ImportType, string> = {
  jobs: 'description',
  applications: 'notes',
  contacts: 'notes',
  connections: 'notes',
  activities: 'notes',
};

/** Prefixes whose JSON objects are flattened into dotted columns ({"salary": {"min": 1}}). */
export const NESTED_OBJECTS: Record<ImportType, readonly string[]> = {
  jobs: ['salary'],
  applications: ['job', 'job.salary', 'documents', 'offer'],
  contacts: [],
  connections: ['contact'],
  activities: [],
};

const lookups = new Map<ImportType, Map<string, FieldSpec>>();

/** The field a column means for this type, or undefined for an unknown column. */
export function fieldForColumn(type: ImportType, column: string): FieldSpec | undefined {
  let table = lookups.get(type);
  if (!table) {
    table = new Map();
    for (const field of FIELDS[type]) {
      // The path wins over another field's alias (for `url` in jobs vs `job url`...).
      for (const name of [field.path, ...(field.aliases ?? [])]) {
        const key = normaliseColumn(name);
        if (!table.has(key) || name === field.path) table.set(key, field);
      }
    }
    lookups.set(type, table);
  }
  return table.get(normaliseColumn(column));
}
