// `career export` end to end, and the round trip: every type exported as CSV, JSON and
// NDJSON, then imported for a user with no records, gives back the same records (compared
// in the database, apart from ids, owners and updatedAt).
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MongoClient, ObjectId, type Db, type Document } from 'mongodb';
import type { ImportJson } from '../../src/commands/import/import-file.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
} from '../helpers/in-process.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TYPES = ['jobs', 'applications', 'contacts', 'connections', 'activities'] as const;
const FORMATS = ['json', 'ndjson', 'csv'] as const;
const COLLECTIONS: Record<(typeof TYPES)[number], string> = {
  jobs: 'jobs',
  applications: 'applications',
  contacts: 'contacts',
  connections: 'connections',
  activities: 'developmentactivities',
};

let database: IsolatedDatabase;
let client: MongoClient;
let db: Db;
let owner: TestAccount;
let ownerId: ObjectId;

const day = (iso: string) => new Date(iso);

/** A varied data set, stored as `career` stores it (nested fields, lists, entries). */
async function seed(userId: ObjectId): Promise<void> {
  const at = day('2026-01-05T10:00:00Z');
  const stamps = { userId, createdAt: at, updatedAt: at };
  const [acme, globex] = [new ObjectId(), new ObjectId()];
  await db.collection('jobs').insertMany([
    {
      _id: acme,
      ...stamps,
      company: 'ACME',
      title: 'Backend Engineer',
      location: 'Berlin',
      url: 'https://jobs.example/1',
      source: 'referral',
      salary: { min: 60000, max: 75000, currency: 'EUR' },
      workMode: 'hybrid',
      description: 'Line 1\nLine "2", with a comma',
      tags: ['node', 'mongodb'],
    },
    { _id: globex, ...stamps, company: 'Globex', title: 'Platform Engineer', tags: [] },
    { ...stamps, company: 'Ünïcode GmbH', title: '数据工程师', tags: ['🚀'] },
  ]);
  await db.collection('applications').insertMany([
    {
      ...stamps,
      jobId: acme,
      status: 'interviewing',
      applicationDate: day('2026-03-02T09:30:00Z'),
      notes: 'Spoke to HR, "nice"',
      documents: { resumeUrl: 'https://cv.example/ada.pdf' },
      interviews: [
        {
          _id: new ObjectId(),
          date: day('2026-03-10T14:00:00Z'),
          type: 'video',
          notes: 'n',
          status: 'scheduled',
        },
      ],
      statusHistory: [
        { status: 'applied', at: day('2026-03-02T09:30:00Z') },
        { status: 'interviewing', at: day('2026-03-05T08:00:00Z') },
      ],
    },
    {
      ...stamps,
      jobId: acme,
      status: 'rejected',
      applicationDate: day('2025-01-10T00:00:00Z'),
      interviews: [],
      statusHistory: [],
      // Offers: an offer declined (the application moved on to rejected).
      offer: {
        base: 5500.5,
        currency: 'EUR',
        period: 'month',
        bonus: 3000,
        equity: '0.1%, "4 years"',
        deadline: day('2025-02-01T00:00:00Z'),
        updatedAt: day('2025-01-20T00:00:00Z'),
      },
    },
    {
      ...stamps,
      jobId: globex,
      status: 'toApply',
      interviews: [],
      statusHistory: [{ status: 'toApply', at }],
    },
  ]);
  const [grace, alan] = [new ObjectId(), new ObjectId()];
  await db.collection('contacts').insertMany([
    {
      _id: grace,
      ...stamps,
      name: 'Grace Hopper',
      email: 'grace@navy.mil',
      phone: '+1 555 0100',
      company: 'US Navy',
      title: 'Rear Admiral',
      linkedinUrl: 'https://www.linkedin.com/in/grace',
      tags: ['mentor', 'cobol'],
      notes: 'COBOL,\nand more',
    },
    { _id: alan, ...stamps, name: 'Alan Turing', company: 'Bletchley', tags: [] },
    { ...stamps, name: 'Юрий Гагарин', linkedinUrl: 'https://linkedin.com/in/yuri', tags: [] },
  ]);
  await db.collection('connections').insertMany([
    {
      ...stamps,
      contactId: grace,
      status: 'accepted',
      type: 'mentor',
      notes: 'met at a conference',
      followUps: [
        {
          _id: new ObjectId(),
          type: 'coffee',
          dueDate: day('2026-04-01T12:00:00Z'),
          notes: 'ask about COBOL',
          completed: false,
        },
        {
          _id: new ObjectId(),
          type: 'email',
          dueDate: day('2026-02-01T00:00:00Z'),
          completed: true,
          completedAt: day('2026-02-02T09:00:00Z'),
        },
      ],
    },
    { ...stamps, contactId: alan, status: 'pending', type: 'peer', followUps: [] },
  ]);
  await db.collection('developmentactivities').insertMany([
    {
      ...stamps,
      type: 'course',
      title: 'DDIA',
      provider: "O'Reilly",
      startDate: day('2026-01-05T00:00:00Z'),
      expectedEndDate: day('2026-03-31T00:00:00Z'),
      status: 'in-progress',
      skills: ['data modeling', 'SQL'],
      notes: 'chapter 5',
      certificateUrl: 'https://cert.example/1',
    },
    { ...stamps, type: 'certification', title: 'CKA', status: 'planned', skills: [] },
    {
      ...stamps,
      type: 'project',
      title: 'DDIA',
      provider: 'Self',
      status: 'completed',
      completionDate: day('2026-02-01T00:00:00Z'),
      skills: [],
    },
  ]);
}

async function userIdOf(account: TestAccount): Promise<ObjectId> {
  const user = await db.collection('users').findOne({ email: account.email });
  return user?._id as ObjectId;
}

/**
 * A user's records of a type as comparable values: no ids, owners or natural keys (the seed
 * goes through the driver, without them), references resolved.
 */
async function comparable(type: (typeof TYPES)[number], userId: ObjectId): Promise<string[]> {
  const docs = await db.collection(COLLECTIONS[type]).find({ userId }).toArray();
  const related = async (collection: string, id: unknown): Promise<Document | null> =>
    db
      .collection(collection)
      .findOne(
        { _id: id as ObjectId },
        { projection: { _id: 0, userId: 0, createdAt: 0, updatedAt: 0, naturalKey: 0 } },
      );
  const values = await Promise.all(
    docs.map(async ({ _id, userId: _owner, updatedAt: _updated, naturalKey: _key, ...rest }) => {
      if (type === 'applications') rest.jobId = await related('jobs', rest.jobId);
      // Offers: the offer's own fields (the key list below would keep none of them).
      if (rest.offer) rest.offer = JSON.stringify(rest.offer, Object.keys(rest.offer).sort());
      if (type === 'connections') rest.contactId = await related('contacts', rest.contactId);
      return JSON.stringify(rest, Object.keys(rest).sort());
    }),
  );
  return values.sort();
}

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  client = await MongoClient.connect(database.uri);
  db = client.db('career');
  owner = await signedInAccount('Ada Lovelace', { dbUri: database.uri });
  ownerId = await userIdOf(owner);
  await seed(ownerId);
});

afterAll(async () => {
  await client?.close();
  await database?.close();
  removeTempDirs();
});

describe('career export', () => {
  it('exports every type in every format; importing it into an empty account gives the same records', async () => {
    const dir = makeTempDir();
    const fileOf = (type: string, format: string) => path.join(dir, `${type}.${format}`);
    // The owner's exports, one after the other (in-process runs take turns anyway).
    const exports = TYPES.flatMap((type) => FORMATS.map((format) => [type, format] as const));
    for (const [type, format] of exports) {
      const result = await owner.run([
        'export',
        '--type',
        type,
        '--format',
        format,
        '--out',
        fileOf(type, format),
      ]);
      expect(result.code, result.stderr).toBe(0);
    }
    // They hold the user's records: owner-only, whatever the umask.
    for (const [type, format] of exports) {
      expect(statSync(fileOf(type, format)).mode & 0o777, `${type}.${format}`).toBe(0o600);
    }

    // One empty account per format, importing every type in order (jobs before their
    // applications, contacts before their connections).
    for (const format of FORMATS) {
      const target = await signedInAccount(`Round trip ${format}`, { dbUri: database.uri });
      for (const type of TYPES) {
        const result = await target.run(['--json', 'import', fileOf(type, format), '--type', type]);
        expect(result.code, `${type} ${format}: ${result.stderr}`).toBe(0);
        const summary = JSON.parse(result.stdout) as ImportJson;
        expect(summary.rejected).toBe(0);
        expect(summary.unknownColumns).toEqual([]);
      }
      const targetId = await userIdOf(target);
      for (const type of TYPES) {
        expect(await comparable(type, targetId), `${type} through ${format}`).toEqual(
          await comparable(type, ownerId),
        );
      }
    }

    // What the files look like.
    const csv = readFileSync(fileOf('applications', 'csv'), 'utf8').split('\n');
    expect(csv[0]).toBe(
      '_id,job.company,job.title,job.location,job.url,job.source,job.salary.min,job.salary.max,' +
        'job.salary.currency,job.salary.period,job.workMode,job.employmentType,job.postedAt,' +
        'job.validThrough,job.description,job.tags,status,applicationDate,notes,' +
        'documents.resumeUrl,documents.coverLetterUrl,interviews,statusHistory,archivedAt,offer.base,' +
        'offer.currency,offer.period,offer.bonus,offer.equity,offer.equityValue,offer.benefits,' +
        'offer.deadline,offer.notes,offer.updatedAt,contacts,createdAt,updatedAt',
    );
    const json = JSON.parse(readFileSync(fileOf('connections', 'json'), 'utf8')) as Document[];
    expect(json).toHaveLength(2);
    expect(json.find((item) => item.type === 'mentor')).toMatchObject({
      contact: { name: 'Grace Hopper', email: 'grace@navy.mil', tags: ['mentor', 'cobol'] },
      followUps: [
        { type: 'coffee', completed: false },
        { type: 'email', completed: true },
      ],
    });
    expect(json[0]).not.toHaveProperty('userId');
    expect(json[0]).not.toHaveProperty('contactId');
    const ndjson = readFileSync(fileOf('activities', 'ndjson'), 'utf8').trimEnd().split('\n');
    expect(ndjson.map((line) => (JSON.parse(line) as Document).title).sort()).toEqual([
      'CKA',
      'DDIA',
      'DDIA',
    ]);
  });

  it('writes to stdout by default, and refuses a missing or unknown type or format (exit 2)', async () => {
    const empty = await signedInAccount('Nobody', { dbUri: database.uri });
    const none = await empty.run(['export', '--type', 'jobs']);
    const missing = await empty.run(['export', '--format', 'csv']);
    const badFormat = await empty.run(['export', '--type', 'jobs', '--format', 'xml']);
    expect([none.code, none.stdout]).toEqual([0, '[]\n']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('missing --type')]);
    expect([badFormat.code, badFormat.stderr]).toEqual([
      2,
      expect.stringContaining("--format: 'xml' is not allowed"),
    ]);
    const csv = await owner.run(['export', '--type', 'contacts', '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe(
      '_id,name,email,phone,company,title,linkedinUrl,tags,notes,createdAt,updatedAt',
    );
    expect(csv.stdout).toContain('"[""mentor"",""cobol""]","COBOL,\nand more"');
  });
});
