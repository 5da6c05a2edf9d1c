// `career import` end to end: the built CLI against a shared engine, checked in the database
// itself. A bad-input corpus (every bad row rejected with its line and reason, every good row
// in, nothing else changed), reruns that change nothing, LinkedIn's own files, stdin,
// --dry-run, --rejects and usage errors.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MongoClient, type Db, type Document, type ObjectId } from 'mongodb';
import type { ImportJson } from '../../src/commands/import/import-file.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { projectRoot } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const fixtures = path.join(projectRoot, 'test', 'fixtures', 'import');

function summary(result: InProcessResult, code = 0): ImportJson {
  expect(result.code, result.stderr).toBe(code);
  return JSON.parse(result.stdout) as ImportJson;
}

let database: IsolatedDatabase;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  client = await MongoClient.connect(database.uri);
  db = client.db('career');
});

afterAll(async () => {
  await client?.close();
  await database?.close();
  removeTempDirs();
});

async function userIdOf(account: TestAccount): Promise<ObjectId> {
  const user = await db.collection('users').findOne({ email: account.email });
  if (!user) throw new Error(`no user ${account.email}`);
  return user._id as ObjectId;
}

async function records(collection: string, userId: ObjectId): Promise<Document[]> {
  return db.collection(collection).find({ userId }).sort({ _id: 1 }).toArray();
}

describe('career import: a bad-input corpus', () => {
  let account: TestAccount;
  let userId: ObjectId;

  beforeAll(async () => {
    account = await signedInAccount('Ada Lovelace', { dbUri: database.uri });
    userId = await userIdOf(account);
    for (const args of [
      ['--name', 'Existing Person', '--email', 'existing@example.com', '--company', 'Old Co'],
      ['--name', 'Untouched', '--email', 'untouched@example.com', '--company', 'Same Co'],
    ]) {
      const added = await account.run([
        'contact',
        'add',
        ...args,
        '--tags',
        'keep',
        '--notes',
        'keep me',
      ]);
      expect(added.code, added.stderr).toBe(0);
    }
  });

  it('CSV with a BOM and CRLF: rejects each bad row with its line and reason, imports the rest', async () => {
    const before = await records('contacts', userId);
    const rejectsFile = path.join(makeTempDir(), 'rejects.csv');
    const file = path.join(fixtures, 'contacts-corpus.csv');
    const result = summary(
      await account.run(['--json', 'import', file, '--type', 'contacts', '--rejects', rejectsFile]),
      8,
    );
    expect(result).toMatchObject({ inserted: 6, updated: 1, skipped: 1, rejected: 4 });
    expect(result.unknownColumns).toEqual(['Favourite Colour']);
    expect(result.rejects).toEqual([
      { line: 3, reason: "email 'not-an-email' is not an email address" },
      { line: 4, reason: 'name is missing' },
      { line: 9, reason: "linkedinUrl 'not a url' is not a web address (http:// or https://)" },
      { line: 15, reason: 'email \'{"$gt":""}\' is not an email address' },
    ]);

    const after = await records('contacts', userId);
    expect(after).toHaveLength(before.length + 6);
    const byEmail = new Map(after.map((contact) => [contact.email as string, contact]));
    expect(byEmail.get('ada@example.com')).toMatchObject({
      name: 'Ada Lovelace',
      company: 'Analytical Engines',
      title: 'Countess',
      tags: ['math', 'poetry'],
    });
    expect(byEmail.get('grace@navy.example')).toMatchObject({
      name: 'Hopper, Grace',
      company: 'US Navy, Pentagon',
      notes: 'Line one, with comma\nFavourite Colour: blue',
    });
    // Operator-looking values are plain text.
    expect(byEmail.get('ops@example.com')).toMatchObject({
      name: '{"$gt":""}',
      company: '$where',
      title: '{"$ne":null}',
    });
    expect(byEmail.get('yuri@example.ru')).toMatchObject({
      name: 'Юрий Гагарин',
      company: 'Роскосмос',
      title: 'Космонавт',
    });
    expect(byEmail.get('rocket@example.com')).toMatchObject({
      name: 'Emoji 🚀 Person',
      company: '🚀 Labs',
      notes: 'Loves 🎉',
    });
    expect(byEmail.get('multi@example.com')?.notes).toBe('first line\r\nsecond line');
    // The existing contact: only what the row changed; the other one untouched.
    const existing = before.find((contact) => contact.email === 'existing@example.com');
    expect(byEmail.get('existing@example.com')).toEqual({
      ...existing,
      company: 'New Company',
      updatedAt: expect.any(Date) as Date,
    });
    const untouched = before.find((contact) => contact.email === 'untouched@example.com');
    expect(byEmail.get('untouched@example.com')).toEqual(untouched);

    // --rejects: owner-only; the original columns, then line and reason.
    expect(statSync(rejectsFile).mode & 0o777).toBe(0o600);
    const rejects = readFileSync(rejectsFile, 'utf8').split('\n');
    expect(rejects[0]).toBe(
      'Full Name,E-mail,Phone Number,Employer,Position,LinkedIn URL,Tags,Notes,Favourite Colour,line,reason',
    );
    expect(rejects[1]).toBe(
      "Bad Email,not-an-email,,,,,,,,3,email 'not-an-email' is not an email address",
    );
    expect(rejects[2]).toBe(',nameless@example.com,,,,,,,,4,name is missing');
    expect(rejects).toHaveLength(6);

    // The same file again changes nothing.
    const again = summary(await account.run(['--json', 'import', file, '--type', 'contacts']), 8);
    expect(again).toMatchObject({ inserted: 0, updated: 0, skipped: 8, rejected: 4 });
    expect(await records('contacts', userId)).toEqual(after);
  });

  it('NDJSON: bad enums, dates, wrong types, broken lines and nested entries', async () => {
    const file = path.join(fixtures, 'applications-corpus.ndjson');
    const result = await account.run(['--json', 'import', file, '--type', 'applications']);
    const parsed = summary(result, 8);
    expect(parsed).toMatchObject({
      format: 'ndjson',
      inserted: 2,
      updated: 0,
      skipped: 0,
      rejected: 8,
    });
    expect(parsed.related.jobs).toEqual({ inserted: 2, updated: 0 });
    expect(parsed.unknownColumns).toEqual(['$where']);
    expect(parsed.rejects.map((rejection) => rejection.line)).toEqual([2, 3, 4, 5, 6, 7, 10, 11]);
    const reasons = Object.fromEntries(parsed.rejects.map((item) => [item.line, item.reason]));
    expect(reasons[2]).toBe(
      "status: 'maybe' is not allowed; use one of: toApply, applied, interviewing, offer, rejected",
    );
    expect(reasons[3]).toBe(
      "applicationDate '31 Feb 2025' is not a date: February 2025 has 28 days",
    );
    expect(reasons[4]).toBe('job.company must be text, not {"$gt":""}');
    expect(reasons[5]).toBe("interviews must be a JSON list of entries, not 'soon'");
    expect(reasons[6]).toBe('its job: title is missing');
    expect(reasons[7]).toMatch(/^not valid JSON/);
    expect(reasons[10]).toBe("interviews.0.date 'not a date' is not a date");
    expect(reasons[11]).toBe('not a JSON object');

    const applications = await records('applications', userId);
    const jobs = await records('jobs', userId);
    expect(jobs.map((job) => `${job.company}/${job.title}`).sort()).toEqual([
      'Acme/Engineer',
      'Globex/SRE',
    ]);
    const globex = jobs.find((job) => job.company === 'Globex');
    expect(globex?.salary).toEqual({ min: 100, currency: 'USD' });
    expect(applications).toHaveLength(2);
    const sre = applications.find((item) => item.jobId.equals(globex?._id));
    expect(sre).toMatchObject({
      status: 'interviewing',
      applicationDate: new Date('2025-12-01T10:00:00Z'),
      notes: '$where: 1 == 1',
      interviews: [{ date: new Date('2025-12-10T09:00:00Z'), type: 'video', status: 'scheduled' }],
      statusHistory: [{ status: 'interviewing', at: new Date('2025-12-01T10:00:00Z') }],
    });

    const again = summary(
      await account.run(['--json', 'import', file, '--type', 'applications']),
      8,
    );
    expect(again).toMatchObject({ inserted: 0, updated: 0, skipped: 2, rejected: 8 });
    expect(await records('applications', userId)).toEqual(applications);
  });
});

describe('career import: LinkedIn exports, stdin, --dry-run and usage errors', () => {
  let account: TestAccount;
  let userId: ObjectId;

  beforeAll(async () => {
    account = await signedInAccount('Grace Hopper', { dbUri: database.uri });
    userId = await userIdOf(account);
  });

  it("LinkedIn's Connections.csv: contacts with accepted professional connections, no --type needed", async () => {
    const file = path.join(fixtures, 'Connections.csv');
    const result = summary(await account.run(['--json', 'import', file]));
    expect(result).toMatchObject({
      type: 'connections',
      format: 'linkedin-connections',
      inserted: 4,
      rejected: 0,
      unknownColumns: [],
    });
    expect(result.related.contacts).toEqual({ inserted: 4, updated: 0 });
    const contacts = await records('contacts', userId);
    const grace = contacts.find((contact) => contact.name === 'Grace Hopper');
    expect(grace).toMatchObject({
      company: 'US Navy',
      title: 'Rear Admiral',
      linkedinUrl: 'https://www.linkedin.com/in/gracehopper',
    });
    expect(contacts.find((contact) => contact.name === 'Alan Turing')).toMatchObject({
      email: 'alan@bletchley.example',
      title: 'Cryptanalyst, Hut 8',
    });
    const connections = await records('connections', userId);
    expect(connections).toHaveLength(4);
    const toGrace = connections.find((item) => item.contactId.equals(grace?._id));
    expect(toGrace).toMatchObject({
      status: 'accepted',
      type: 'professional',
      createdAt: new Date('2024-01-12T00:00:00Z'),
    });

    const again = summary(await account.run(['--json', 'import', file]));
    expect(again).toMatchObject({ inserted: 0, updated: 0, skipped: 4, rejected: 0 });
    expect(await records('connections', userId)).toEqual(connections);
    expect(await records('contacts', userId)).toEqual(contacts);
  });

  it("LinkedIn's Job Applications.csv: jobs and applied applications", async () => {
    const file = path.join(fixtures, 'Job Applications.csv');
    const result = await account.run(['import', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'Imported applications: 3 new, 0 updated, 0 unchanged, 0 rejected',
    );
    expect(result.stdout).toContain('and jobs: 2 new, 0 updated');
    // Records made in one batch have ids in no particular order: compare them by content.
    const jobs = (await records('jobs', userId)).sort((a, b) =>
      String(a.company).localeCompare(String(b.company)),
    );
    expect(jobs.map((job) => [job.company, job.title, job.url])).toEqual([
      ['Acme', 'Backend Engineer', 'https://www.linkedin.com/jobs/view/4012345678'],
      ['Globex Corporation', 'Platform Engineer', 'https://www.linkedin.com/jobs/view/4023456789'],
    ]);
    const applications = (await records('applications', userId)).sort(
      (a, b) => (a.applicationDate as Date).getTime() - (b.applicationDate as Date).getTime(),
    );
    expect(applications.map((item) => [item.status, item.applicationDate])).toEqual([
      ['applied', new Date('2025-10-28T17:02:00Z')],
      ['applied', new Date('2025-11-03T09:14:00Z')],
      ['applied', new Date('2026-01-15T00:30:00Z')],
    ]);
    expect(applications[1]).toMatchObject({
      documents: { resumeUrl: 'Ada_Lovelace_CV.pdf' },
      notes:
        'Contact Email: recruiter@acme.example\nContact Phone Number: +1 555 0100\n' +
        'Question And Answers: How many years of work experience do you have with Node.js?: 6 | ' +
        'Will you now or in the future require sponsorship?: No',
    });
    const again = summary(await account.run(['--json', 'import', file]));
    expect(again).toMatchObject({ inserted: 0, updated: 0, skipped: 3 });
  });

  it('reads stdin (-), guessing JSON from its first character; --dry-run writes nothing', async () => {
    const jobs = JSON.stringify([
      { Employer: 'Initech', Role: 'TPS Reporter', 'Salary Min': '50 000', Currency: 'usd' },
      { company: 'Hooli', title: 'Engineer', tags: 'a; b', workMode: 'remote' },
    ]);
    const before = await records('jobs', userId);
    const dry = summary(
      await account.run(['--json', 'import', '-', '--type', 'jobs', '--dry-run'], { stdin: jobs }),
    );
    expect(dry).toMatchObject({ dryRun: true, format: 'json', inserted: 2, rejected: 0 });
    expect(await records('jobs', userId)).toEqual(before);

    const real = summary(
      await account.run(['--json', 'import', '-', '--type', 'jobs'], { stdin: jobs }),
    );
    expect(real).toMatchObject({ dryRun: false, inserted: 2 });
    const after = await records('jobs', userId);
    expect(after.find((job) => job.company === 'Initech')).toMatchObject({
      title: 'TPS Reporter',
      salary: { min: 50000, currency: 'USD' },
    });
    expect(after.find((job) => job.company === 'Hooli')).toMatchObject({
      tags: ['a', 'b'],
      workMode: 'remote',
    });
    // A change to a known job: only the changed field; --dry-run counts it without writing.
    const change = 'company,title,location\nhooli,ENGINEER,Palo Alto\n';
    const dryChange = summary(
      await account.run(
        ['--json', 'import', '-', '--type', 'jobs', '--format', 'csv', '--dry-run'],
        {
          stdin: change,
        },
      ),
    );
    expect(dryChange).toMatchObject({ inserted: 0, updated: 1 });
    expect(await records('jobs', userId)).toEqual(after);
  });

  it('refuses a missing or unknown type, an unknown format and an unreadable file (exit 2), writing nothing', async () => {
    const counts = async () =>
      Promise.all(
        ['jobs', 'contacts'].map((name) => db.collection(name).countDocuments({ userId })),
      );
    const before = await counts();
    const file = path.join(fixtures, 'contacts-corpus.csv');
    const noType = await account.run(['import', file]);
    expect(noType.code).toBe(2);
    expect(noType.stderr).toContain('error: missing --type');
    expect(noType.stderr).toContain('hint: career import');
    const badType = await account.run(['import', file, '--type', 'pets']);
    expect([badType.code, badType.stderr]).toEqual([
      2,
      expect.stringContaining("'pets' is not allowed"),
    ]);
    const badFormat = await account.run(['import', file, '--type', 'jobs', '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    const missing = await account.run(['import', '/nonexistent/file.csv', '--type', 'jobs']);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      expect.stringContaining('cannot read /nonexistent/file.csv: no such file'),
    ]);
    expect(await counts()).toEqual(before);
  });
});
