// The import's fast record check against the authority, a Mongoose document: for every kind
// of record, whatever the fast check accepts it must give exactly as a document's toBSON
// does (cast, trimmed, with defaults), and it must refuse whatever a document refuses.
import { describe, expect, it } from 'vitest';
import { Types, type Model } from 'mongoose';
import { mongoose } from '../../src/db/mongoose.js';
import { careerModels } from '../../src/models/index.js';
import { recordCheckerFor } from '../../src/repositories/record-checker.js';

const models = careerModels(mongoose.createConnection());
const someId = new Types.ObjectId();
const day = new Date('2026-03-04T10:00:00Z');

interface Case {
  fields: Record<string, unknown>;
  /** The fast check must handle it (not hand it to a document). */
  fast?: boolean;
}

/** A deep copy (ids and dates kept as they are): a document may change what it is given. */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T;
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copy(item)])) as T;
  }
  return value;
}

/** Values compared by content: ids as hex, dates as ISO text, keys sorted; subrecord ids as "id". */
function comparable(value: unknown, depth = 0): unknown {
  if (value instanceof Types.ObjectId) return depth > 1 ? 'id' : value.toHexString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => comparable(item, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, comparable((value as Record<string, unknown>)[key], depth + 1)]),
    );
  }
  return value;
}

async function byDocument(
  model: Model<unknown>,
  fields: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  const doc = new model(fields);
  try {
    await doc.validate();
  } catch {
    return undefined;
  }
  return doc.toBSON() as Record<string, unknown>;
}

function checkCases(name: keyof typeof models, cases: Case[]): void {
  describe(name, () => {
    it.each(cases.map((item) => [JSON.stringify(item.fields), item] as const))(
      '%s',
      async (_label, item) => {
        const model = models[name] as unknown as Model<unknown>;
        const fields = { _id: new Types.ObjectId(), userId: someId, ...item.fields };
        const expected = await byDocument(model, copy(fields));
        const fast = recordCheckerFor(model.schema).check(fields);
        if (item.fast === true) expect(fast).toBeDefined();
        if (expected === undefined) expect(fast).toBeUndefined();
        else if (fast !== undefined) {
          expect(comparable(fast)).toEqual(comparable(expected));
          // Subrecord ids are made, as a document makes them.
          for (const list of Object.values(fast).filter(Array.isArray)) {
            for (const entry of list as unknown[]) {
              if (typeof entry === 'object' && entry !== null && '_id' in entry) {
                expect(entry._id).toBeInstanceOf(Types.ObjectId);
              }
            }
          }
        }
      },
    );
  });
}

checkCases('Contact', [
  {
    fields: {
      name: '  Ada Lovelace ',
      email: ' ADA@Example.com ',
      company: 'Analytical',
      title: 'Engineer',
      tags: [' node ', 'mongodb'],
    },
    fast: true,
  },
  { fields: { name: 'Ada' }, fast: true },
  { fields: { name: 'Ada', email: null, notes: 'line one\nline two' }, fast: true },
  { fields: { name: 12345, phone: '+1 555' }, fast: true },
  {
    fields: { name: 'Ada', unknownColumn: 'dropped', linkedinUrl: 'https://x.example/in/ada' },
    fast: true,
  },
  { fields: { name: 'Ada', email: 'not-an-email' } },
  { fields: { name: '' } },
  { fields: { name: '   ' } },
  { fields: { email: 'ada@example.com' } },
  { fields: { name: { $gt: '' } } },
  { fields: { name: 'Ada', tags: 'solo' } },
  { fields: { name: 'Ada', tags: [{ $ne: 1 }] } },
  { fields: { name: 'Ada', id: 'virtual' } },
  { fields: { name: 'Ada', userId: 'not an id' } },
]);

checkCases('Job', [
  {
    fields: {
      company: ' Acme ',
      title: 'Engineer',
      location: 'Berlin',
      salary: { min: '100', max: 200, currency: ' usd ' },
      workMode: 'remote',
      tags: ['ts'],
      createdAt: day,
    },
    fast: true,
  },
  { fields: { company: 'Acme', title: 'Engineer' }, fast: true },
  { fields: { company: 'Acme', title: 'Engineer', salary: { currency: 'EUR' } }, fast: true },
  { fields: { company: 'Acme', title: 'Engineer', workMode: 'moon' } },
  { fields: { company: 'Acme', title: 'Engineer', salary: { min: -1 } } },
  { fields: { company: 'Acme', title: 'Engineer', salary: { min: 'lots' } } },
  { fields: { company: 'Acme', title: 'Engineer', salary: { currency: 'EURO' } } },
  { fields: { company: 'Acme', title: 'Engineer', salary: 'high' } },
  { fields: { company: 'Acme' } },
]);

checkCases('Application', [
  {
    fields: {
      jobId: someId,
      status: 'applied',
      applicationDate: '2026-02-01',
      documents: { resumeUrl: ' https://x.example/cv.pdf ' },
      notes: 'Referred',
    },
    fast: true,
  },
  { fields: { jobId: someId }, fast: true },
  { fields: { jobId: someId.toHexString(), status: 'offer' }, fast: true },
  {
    fields: {
      jobId: someId,
      interviews: [{ date: day, type: ' phone ' }],
      statusHistory: [{ status: 'applied', at: day }],
    },
    fast: true,
  },
  {
    fields: {
      jobId: someId,
      status: 'offer',
      offer: { base: '72000', currency: ' eur ', deadline: '2026-12-09', notes: 'verbal' },
    },
    fast: true,
  },
  { fields: { jobId: someId, offer: { base: -1, currency: 'EUR' } } },
  { fields: { jobId: someId, offer: { base: 1, currency: 'EURO' } } },
  { fields: { jobId: someId, offer: { currency: 'EUR' } } },
  { fields: { jobId: someId, offer: 'generous' } },
  { fields: { jobId: someId, status: 'bogus' } },
  { fields: { jobId: 'nope' } },
  { fields: { status: 'applied' } },
  { fields: { jobId: someId, interviews: [{ type: 'phone' }] } },
  { fields: { jobId: someId, statusHistory: [{ status: 'lost', at: day }] } },
  { fields: { jobId: someId, applicationDate: 'not a date' } },
]);

checkCases('Connection', [
  {
    fields: {
      contactId: someId,
      status: 'accepted',
      type: 'professional',
      followUps: [{ type: ' email ', dueDate: '2026-01-01' }],
    },
    fast: true,
  },
  { fields: { contactId: someId }, fast: true },
  { fields: { contactId: someId, type: 'enemy' } },
  { fields: { contactId: someId, followUps: [{ type: 'call' }] } },
  {
    fields: { contactId: someId, followUps: [{ type: 'call', dueDate: day, completed: 'maybe' }] },
  },
]);

checkCases('DevelopmentActivity', [
  {
    fields: {
      type: 'course',
      title: ' TypeScript ',
      provider: 'Online',
      startDate: '2026-01-01',
      skills: ['ts', ' node '],
      status: 'in-progress',
    },
    fast: true,
  },
  { fields: { type: 'project', title: 'Tracker' }, fast: true },
  { fields: { type: 'party', title: 'Tracker' } },
  { fields: { title: 'Tracker' } },
  { fields: { type: 'course', title: 'Tracker', startDate: 'soon' } },
]);
