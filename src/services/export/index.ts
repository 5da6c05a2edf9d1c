// `career export`: the signed-in user's records as CSV, JSON or NDJSON, streamed from a
// cursor (constant memory). Applications carry their job's fields and connections their
// contact's, so importing an export into an empty database gives back the same records.
// CSV flattens nested fields into dotted columns (salary.min, job.company) and writes
// lists and subdocuments (tags, interviews, followUps) as JSON text in their column. Text
// cells a spreadsheet would run as formulas are quoted (see csv-cells.ts) unless `raw`.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Types } from 'mongoose';
import type { UserRepositories } from '../../repositories/index.js';
import { matchChoice } from '../../domain/choices.js';
import { terminalJson } from '../../domain/printable.js';
import { neutraliseCell } from '../csv-cells.js';
import { linksByContact } from './contact-links.js';
import { IMPORT_TYPES, type DataFormat, type ImportType } from '../import/types.js';
import { DATA_FORMATS } from '../import/types.js';

export { DATA_FORMATS as EXPORT_FORMATS, IMPORT_TYPES as EXPORT_TYPES };
export type { DataFormat as ExportFormat, ImportType as ExportType };

type Plain = Record<string, unknown>;

const JOB_FIELDS = [
  'company',
  'title',
  'location',
  'url',
  'source',
  'salary.min',
  'salary.max',
  'salary.currency',
  'salary.period',
  'workMode',
  'employmentType',
  'postedAt',
  'validThrough',
  'description',
  'tags',
];
const CONTACT_FIELDS = [
  'name',
  'email',
  'phone',
  'company',
  'title',
  'linkedinUrl',
  'tags',
  'notes',
];

// Offers: an application's offer as dotted columns, as its job's salary is.
const OFFER_COLUMNS = [
  'base',
  'currency',
  'period',
  'bonus',
  'equity',
  'equityValue',
  'benefits',
  'deadline',
  'notes',
  'updatedAt',
].map((field) => `offer.${field}`);

/** The CSV columns of each type, in order (dotted paths into the exported record). */
export const CSV_COLUMNS: Record<ImportType, readonly string[]> = {
  jobs: ['_id', ...JOB_FIELDS, 'createdAt', 'updatedAt'],
  applications: [
    '_id',
    ...JOB_FIELDS.map((field) => `job.${field}`),
    'status',
    'applicationDate',
    'notes',
    'documents.resumeUrl',
    'documents.coverLetterUrl',
    'interviews',
    'statusHistory',
    'archivedAt',
    ...OFFER_COLUMNS,
    'contacts',
    'createdAt',
    'updatedAt',
  ],
  contacts: ['_id', ...CONTACT_FIELDS, 'createdAt', 'updatedAt'],
  connections: [
    '_id',
    ...CONTACT_FIELDS.map((field) => `contact.${field}`),
    'status',
    'type',
    'notes',
    'followUps',
    'cadenceDays',
    'archivedAt',
    'createdAt',
    'updatedAt',
  ],
  activities: [
    '_id',
    'type',
    'title',
    'provider',
    'startDate',
    'expectedEndDate',
    'completionDate',
    'status',
    'skills',
    'notes',
    'certificateUrl',
    'createdAt',
    'updatedAt',
  ],
};

/** Records are fetched (and their jobs or contacts looked up) this many at a time. */
const CHUNK = 500;

function pick(record: Plain | undefined, fields: readonly string[]): Plain {
  const picked: Plain = {};
  if (!record) return picked;
  for (const field of new Set(fields.map((path) => path.split('.')[0] as string))) {
    if (record[field] !== undefined && record[field] !== null) picked[field] = record[field];
  }
  return picked;
}

/** A stored record as exported: no user id, ids as hex, the related record inlined. */
function exported(record: Plain, drop: readonly string[], extra: Plain = {}): Plain {
  const out: Plain = { _id: record._id };
  Object.assign(out, extra);
  for (const [key, value] of Object.entries(record)) {
    if (key === '_id' || key === 'userId' || drop.includes(key)) continue;
    out[key] = value;
  }
  return out;
}

async function* chunks<T>(source: AsyncIterable<T>): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of source) {
    chunk.push(item);
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** The type's records, one exported object at a time. */
async function* exportedRecords(data: UserRepositories, type: ImportType): AsyncGenerator<Plain> {
  switch (type) {
    case 'jobs':
      for await (const job of data.jobs.streamAll<Plain>()) yield exported(job, []);
      return;
    case 'contacts':
      for await (const contact of data.contacts.streamAll<Plain>()) yield exported(contact, []);
      return;
    case 'activities':
      for await (const activity of data.activities.streamAll<Plain>()) yield exported(activity, []);
      return;
    case 'applications':
      for await (const chunk of chunks(data.applications.streamAll<Plain>())) {
        const jobIds = new Map(
          chunk.map((app) => [(app.jobId as Types.ObjectId).toHexString(), app.jobId]),
        );
        const jobs = await data.jobs.findByIds([...jobIds.values()] as Types.ObjectId[]);
        const byId = new Map<string, Plain>(jobs.map((job) => [job._id.toHexString(), job]));
        const withPeople = await linksByContact(data, chunk);
        for (const app of chunk) {
          const job = byId.get((app.jobId as Types.ObjectId).toHexString());
          yield exported(withPeople(app), ['jobId'], { job: pick(job, JOB_FIELDS) });
        }
      }
      return;
    case 'connections':
      for await (const chunk of chunks(data.connections.streamAll<Plain>())) {
        const contacts = await data.contacts.findByIds(
          chunk.map((item) => item.contactId as Types.ObjectId),
        );
        const byId = new Map<string, Plain>(
          contacts.map((contact) => [contact._id.toHexString(), contact]),
        );
        for (const connection of chunk) {
          const contact = byId.get((connection.contactId as Types.ObjectId).toHexString());
          yield exported(connection, ['contactId'], { contact: pick(contact, CONTACT_FIELDS) });
        }
      }
      return;
  }
}

function cell(record: Plain, path: string, raw: boolean): string {
  let value: unknown = record;
  for (const part of path.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Plain)[part] : undefined;
  }
  if (value === undefined || value === null) return '';
  // Only text can be a formula: a number such as -5 stays a number.
  if (typeof value === 'string') return raw ? value : neutraliseCell(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'object') {
    const hex = (value as { toHexString?: () => string }).toHexString;
    return typeof hex === 'function' ? hex.call(value) : JSON.stringify(value);
  }
  return String(value);
}

/** Writes, waiting when the destination is full (backpressure). */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export interface ExportRequest {
  type: string;
  format: string;
}

/** Checks the flags before anything is opened: UsageError for an unknown type or format. */
export function checkExport(request: ExportRequest): { type: ImportType; format: DataFormat } {
  return {
    type: matchChoice(request.type, IMPORT_TYPES, 'type'),
    format: matchChoice(request.format, DATA_FORMATS, 'format'),
  };
}

/** Streams the user's records of `type` to `out` as `format`; the number written. */
export async function exportRecords(
  data: UserRepositories,
  request: { type: ImportType; format: DataFormat; raw?: boolean },
  out: Writable,
): Promise<number> {
  const raw = request.raw === true;
  const records = exportedRecords(data, request.type);
  let count = 0;
  if (request.format === 'csv') {
    const columns = CSV_COLUMNS[request.type];
    const csv = stringify({ header: true, columns: [...columns] });
    csv.pipe(out, { end: false });
    for await (const record of records) {
      const row = columns.map((column) => cell(record, column, raw));
      if (!csv.write(row)) await once(csv, 'drain');
      count++;
    }
    csv.end();
    await once(csv, 'end');
    return count;
  }
  if (request.format === 'json') await write(out, '[');
  for await (const record of records) {
    // The same JSON, with C1 controls and bidi characters as \u escapes (see printable.ts).
    const text = terminalJson(record);
    if (request.format === 'json') await write(out, `${count === 0 ? '\n' : ',\n'}${text}`);
    else await write(out, `${text}\n`);
    count++;
  }
  if (request.format === 'json') await write(out, count === 0 ? ']\n' : '\n]\n');
  return count;
}
