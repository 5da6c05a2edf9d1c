// Pathological rows: what MongoDB cannot store (nested over 100 levels, over 16 MB) and dates
// that do not exist are rejected as rows, with their line and reason, and the import goes on
// (exit 8, every good row in), in every format; before, one such row aborted the whole import
// (exit 1, "this looks like a bug").
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MongoClient, type Db, type ObjectId } from 'mongodb';
import type { ImportJson } from '../../src/commands/import/import-file.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let database: IsolatedDatabase;
let client: MongoClient;
let db: Db;
let account: TestAccount;
let userId: ObjectId;
let dir: string;

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  client = await MongoClient.connect(database.uri);
  db = client.db('career');
  account = await signedInAccount('Ada Lovelace', { dbUri: database.uri });
  const user = await db.collection('users').findOne({ email: account.email });
  userId = user?._id as ObjectId;
  dir = makeTempDir('career-limits-');
});

afterAll(async () => {
  await client?.close();
  await database?.close();
  removeTempDirs();
});

const MB = 1024 * 1024;
const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
const contact = (n: number) => ({ name: `Person ${n}`, email: `person${n}@example.com` });

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

function summary(result: InProcessResult, code: number): ImportJson {
  expect(result.code, result.stderr).toBe(code);
  return JSON.parse(result.stdout) as ImportJson;
}

async function contactEmails(): Promise<string[]> {
  const stored = await db.collection('contacts').find({ userId }).toArray();
  return stored.map((item) => item.email as string).sort();
}

describe('career import: rows MongoDB cannot store', () => {
  it('NDJSON: a row nested 100,000 deep and a 17 MB row are rejected, the good rows go in', async () => {
    const lines = [
      JSON.stringify(contact(1)),
      `{"name":"Deep","email":"deep@example.com","notes":${DEEP}}`,
      JSON.stringify(contact(2)),
      JSON.stringify({ name: 'Huge', email: 'huge@example.com', notes: 'x'.repeat(17 * MB) }),
      `{"name":"Deep too","Favourite":${DEEP}}`,
      JSON.stringify(contact(3)),
    ];
    const rejectsFile = path.join(dir, 'rejects.csv');
    const result = summary(
      await account.run([
        '--json',
        'import',
        file('contacts.ndjson', `${lines.join('\n')}\n`),
        '--type',
        'contacts',
        '--rejects',
        rejectsFile,
      ]),
      8,
    );
    expect(result).toMatchObject({ inserted: 3, rejected: 3 });
    expect(result.rejects).toEqual([
      { line: 2, reason: 'nested too deeply (over 100 levels)' },
      { line: 4, reason: "larger than MongoDB's 16 MB limit for one record (17.0 MB)" },
      { line: 5, reason: 'nested too deeply (over 100 levels)' },
    ]);
    expect(await contactEmails()).toEqual([
      'person1@example.com',
      'person2@example.com',
      'person3@example.com',
    ]);
    // The rejects file keeps each row as it was written.
    const rejected = readFileSync(rejectsFile, 'utf8');
    expect(rejected).toContain(DEEP);
    expect(rejected.length).toBeGreaterThan(17 * MB);
  });

  it('NDJSON: a line over 32 MiB is rejected unread, the lines after it go in', async () => {
    const start = '{"name":"Long","email":"long@example.com","notes":"';
    const long = `${start}${'x'.repeat(32 * MB + 1 - start.length - 2)}"}`;
    expect(Buffer.byteLength(long)).toBe(32 * MB + 1);
    const lines = [JSON.stringify(contact(7)), long, JSON.stringify(contact(8))];
    const rejectsFile = path.join(dir, 'long-rejects.csv');
    const result = summary(
      await account.run([
        '--json',
        'import',
        file('long.ndjson', `${lines.join('\n')}\n`),
        '--type',
        'contacts',
        '--rejects',
        rejectsFile,
      ]),
      8,
    );
    expect(result).toMatchObject({ inserted: 2, rejected: 1 });
    expect(result.rejects).toEqual([
      { line: 2, reason: 'too long to read (over 33,554,432 bytes)' },
    ]);
    expect(await contactEmails()).toEqual(
      expect.arrayContaining(['person7@example.com', 'person8@example.com']),
    );
    expect(await contactEmails()).not.toContain('long@example.com');
    // The rejects file names the line by its start only.
    const rejected = readFileSync(rejectsFile, 'utf8');
    expect(rejected).toContain(start.replace(/"/g, '""'));
    expect(rejected.length).toBeLessThan(1000);
  });

  it('a JSON array element and CSV cells nested too deeply are rejected as rows', async () => {
    const json = `[${JSON.stringify(contact(4))},\n{"name":"Deep","tags":${DEEP}},\n${JSON.stringify(contact(5))}]`;
    const fromJson = summary(
      await account.run(['--json', 'import', file('contacts.json', json), '--type', 'contacts']),
      8,
    );
    expect(fromJson).toMatchObject({ inserted: 2, rejected: 1 });
    expect(fromJson.rejects).toEqual([{ line: 2, reason: 'nested too deeply (over 100 levels)' }]);

    const csv = [
      'company,title,tags,interviews',
      `Deep Co,Engineer,"${DEEP}",`,
      `Deeper Co,Engineer,,"[{""notes"":${DEEP}}]"`,
      'Fine Co,Engineer,go,',
    ].join('\n');
    const fromCsv = summary(
      await account.run([
        '--json',
        'import',
        file('applications.csv', `${csv}\n`),
        '--type',
        'applications',
      ]),
      8,
    );
    expect(fromCsv).toMatchObject({ inserted: 1, rejected: 2 });
    expect(fromCsv.rejects).toEqual([
      { line: 2, reason: 'job.tags is nested too deeply (over 100 levels)' },
      { line: 3, reason: 'interviews is nested too deeply (over 100 levels)' },
    ]);
  });

  it('an update that would take a record past 16 MB rejects its row and leaves the record', async () => {
    const email = 'growing@example.com';
    const first = summary(
      await account.run([
        '--json',
        'import',
        file(
          'big.ndjson',
          `${JSON.stringify({ name: 'Growing', email, notes: 'a'.repeat(9 * MB) })}\n`,
        ),
        '--type',
        'contacts',
      ]),
      0,
    );
    expect(first.inserted).toBe(1);
    // A column no field takes is added to the notes: 9 MB more would make 18 MB.
    const rows = [JSON.stringify({ email, Extra: 'b'.repeat(9 * MB) }), JSON.stringify(contact(6))];
    const second = summary(
      await account.run([
        '--json',
        'import',
        file('bigger.ndjson', `${rows.join('\n')}\n`),
        '--type',
        'contacts',
      ]),
      8,
    );
    expect(second).toMatchObject({ inserted: 1, updated: 0, rejected: 1 });
    expect(second.rejects).toEqual([
      { line: 1, reason: "larger than MongoDB's 16 MB limit for one record (18.0 MB)" },
    ]);
    const stored = await db.collection('contacts').findOne({ userId, email });
    expect(stored?.notes).toBe('a'.repeat(9 * MB));
  });
});

describe('career import: dates that do not exist', () => {
  it('rejects impossible days and years outside 1900-2200 with the line and reason', async () => {
    const rows = [
      { company: 'Dates', title: 'Rolled over', applicationDate: '2026-02-30T10:00:00Z' },
      { company: 'Dates', title: 'Year zero', applicationDate: '0000-01-01' },
      { company: 'Dates', title: 'Far future', applicationDate: '2201-01-01' },
      { company: 'Dates', title: 'Leap day', applicationDate: '2028-02-29' },
    ];
    const result = summary(
      await account.run([
        '--json',
        'import',
        file('dates.ndjson', `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`),
        '--type',
        'applications',
      ]),
      8,
    );
    expect(result).toMatchObject({ inserted: 1, rejected: 3 });
    expect(result.rejects).toEqual([
      {
        line: 1,
        reason: "applicationDate '2026-02-30T10:00:00Z' is not a date: February 2026 has 28 days",
      },
      { line: 2, reason: "applicationDate '0000-01-01' is outside the years 1900 to 2200 (0)" },
      { line: 3, reason: "applicationDate '2201-01-01' is outside the years 1900 to 2200 (2201)" },
    ]);
    const stored = await db
      .collection('applications')
      .find({ userId, applicationDate: { $exists: true } })
      .toArray();
    expect(stored.map((item) => (item.applicationDate as Date).toISOString())).toEqual([
      '2028-02-29T00:00:00.000Z',
    ]);
  });
});
