// `career db migrate`: versioned, idempotent data migrations recorded in schema_version.
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DbMigrateJson } from '../../src/commands/db/migrate.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { runInProcess } from '../helpers/in-process.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let server: IsolatedDatabase;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  server = await isolatedDatabase({ transport: 'tcp' });
  client = await MongoClient.connect(server.uri);
  db = client.db('career');
});

afterAll(async () => {
  await client.close();
  await server.close();
  removeTempDirs();
});

describe('career db migrate', () => {
  it('reports on a dry run, applies once, and is a no-op the second time', async () => {
    // Users from before preferences existed, and one who already chose.
    await db.collection('users').insertMany([
      { name: 'Old One', email: 'old1@example.com', password: 'x' },
      { name: 'Old Two', email: 'old2@example.com', password: 'x' },
      {
        name: 'Chooser',
        email: 'chooser@example.com',
        password: 'x',
        preferences: { notifications: false, emailUpdates: false },
      },
    ]);
    const home = makeTempDir('career-migrate-');
    const migrate = (...args: string[]) =>
      runInProcess(['--json', 'db', 'migrate', ...args], {
        home,
        env: { CAREER_DB_URI: server.uri },
      });

    const dryRun = await migrate('--dry-run');
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(JSON.parse(dryRun.stdout)).toMatchObject({
      from: 0,
      to: 2,
      dryRun: true,
      applied: [
        { version: 1, name: 'preferences-defaults', documents: 2 },
        { version: 2, name: 'natural-keys', documents: 0 },
      ],
    });
    expect(await db.collection('users').countDocuments({ preferences: { $exists: false } })).toBe(
      2,
    );
    // Only the index-set marker is there: a dry run records no migration.
    expect(await db.collection('schema_version').countDocuments({ _id: 'schema' as never })).toBe(
      0,
    );

    const applied = await migrate();
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({
      from: 0,
      to: 2,
      dryRun: false,
      applied: [
        { version: 1, documents: 2 },
        { version: 2, documents: 0, duplicates: { merged: {}, kept: [] } },
      ],
    });
    const users = await db.collection('users').find().sort({ email: 1 }).toArray();
    expect(users.map((user) => [user.email, user.preferences])).toEqual([
      ['chooser@example.com', { notifications: false, emailUpdates: false }],
      ['old1@example.com', { notifications: true, emailUpdates: true }],
      ['old2@example.com', { notifications: true, emailUpdates: true }],
    ]);
    const version = await db.collection('schema_version').findOne({ _id: 'schema' as never });
    expect(version).toMatchObject({
      version: 2,
      applied: [
        { version: 1, name: 'preferences-defaults' },
        { version: 2, name: 'natural-keys' },
      ],
    });

    const again = await migrate();
    expect(JSON.parse(again.stdout) as DbMigrateJson).toEqual({
      from: 2,
      to: 2,
      dryRun: false,
      applied: [],
    });
    const human = await runInProcess(['db', 'migrate', '--dry-run'], {
      home,
      env: { CAREER_DB_URI: server.uri },
    });
    expect(human.stdout).toContain('Already up to date (schema version 2)');
  });
});

describe('career db migrate: natural keys (migration 2)', () => {
  it('keys every record, merges exact copies (and their children) and keeps, marks and lists the others', async () => {
    const dupes = client.db('dupes');
    const [ada, bob] = [new ObjectId(), new ObjectId()];
    const day = (text: string) => new Date(`${text}T10:00:00Z`);
    const ids = {
      j1: new ObjectId(),
      j2: new ObjectId(),
      j3: new ObjectId(),
      j4: new ObjectId(),
      a1: new ObjectId(),
      a2: new ObjectId(),
      a3: new ObjectId(),
      c1: new ObjectId(),
      c2: new ObjectId(),
      c3: new ObjectId(),
      c4: new ObjectId(),
      c5: new ObjectId(),
      k1: new ObjectId(),
      k2: new ObjectId(),
      l1: new ObjectId(),
      l2: new ObjectId(),
      v1: new ObjectId(),
      v2: new ObjectId(),
    };
    const job = { userId: ada, company: 'Acme', title: 'Engineer', location: 'Berlin', tags: [] };
    // Stored the way the old code stored them: no natural key, duplicates from a double import.
    await dupes.collection('jobs').insertMany([
      { _id: ids.j1, ...job, createdAt: day('2026-01-02'), updatedAt: day('2026-01-02') },
      // An exact copy, made earlier: it goes, and the job it repeats keeps the earlier date.
      { _id: ids.j2, ...job, createdAt: day('2026-01-01'), updatedAt: day('2026-01-03') },
      // Same key (case and spaces aside), other data: kept.
      { _id: ids.j3, ...job, company: 'ACME ', title: 'engineer', location: 'Paris' },
      // Another user's: not a duplicate.
      { _id: ids.j4, ...job, userId: bob },
      // No one's (written by another tool): left as they are.
      { _id: 'stray-1', company: 'Acme', title: 'Engineer' },
      { _id: 'stray-2', company: 'Acme', title: 'Engineer' },
    ] as never[]);
    const application = {
      userId: ada,
      status: 'applied',
      applicationDate: day('2026-03-02'),
      interviews: [],
    };
    await dupes.collection('applications').insertMany([
      {
        _id: ids.a1,
        ...application,
        jobId: ids.j1,
        statusHistory: [{ status: 'applied', at: day('2026-03-02') }],
      },
      // The copy's application: moves to j1 with j2, then is the same as a1 (history times aside).
      {
        _id: ids.a2,
        ...application,
        jobId: ids.j2,
        statusHistory: [{ status: 'applied', at: day('2026-03-05') }],
      },
      { _id: ids.a3, userId: ada, jobId: ids.j3, status: 'toApply', statusHistory: [] },
    ]);
    const grace = { userId: ada, name: 'Grace Hopper', email: 'grace@navy.mil', company: 'Navy' };
    await dupes.collection('contacts').insertMany([
      { _id: ids.c1, ...grace, tags: [] },
      { _id: ids.c2, ...grace, tags: [] },
      { _id: ids.c3, ...grace, email: 'GRACE@navy.mil', company: 'US Navy', tags: [] },
      { _id: ids.c4, userId: ada, name: 'Alan', tags: [] },
      { _id: ids.c5, userId: ada, name: 'alan ', tags: [] },
    ]);
    const followUp = { type: 'email', dueDate: day('2026-04-01'), completed: false };
    const connection = { userId: ada, status: 'accepted', type: 'mentor' };
    await dupes.collection('connections').insertMany([
      {
        _id: ids.k1,
        ...connection,
        contactId: ids.c1,
        followUps: [{ ...followUp, _id: new ObjectId() }],
      },
      {
        _id: ids.k2,
        ...connection,
        contactId: ids.c2,
        followUps: [{ ...followUp, _id: new ObjectId() }],
      },
    ]);
    const course = { userId: ada, type: 'course', title: 'DDIA', provider: "O'Reilly", skills: [] };
    await dupes.collection('developmentactivities').insertMany([
      { _id: ids.l1, ...course, status: 'planned' },
      { _id: ids.l2, ...course, status: 'planned' },
    ]);
    const message = (content: string, at: string) => ({
      sender: content.startsWith('q') ? 'user' : 'assistant',
      content,
      timestamp: new Date(at),
    });
    // Two first messages at once made two conversations.
    await dupes.collection('conversations').insertMany([
      {
        _id: ids.v1,
        userId: ada,
        messages: [message('q1', '2026-05-01T10:00:00Z'), message('a1', '2026-05-01T10:00:03Z')],
        updatedAt: new Date('2026-05-01T10:00:03Z'),
      },
      {
        _id: ids.v2,
        userId: ada,
        messages: [message('q2', '2026-05-01T10:00:01Z'), message('a2', '2026-05-01T10:00:04Z')],
        updatedAt: new Date('2026-05-01T10:00:04Z'),
      },
    ]);

    const home = makeTempDir('career-migrate-keys-');
    const uri = new URL(server.uri);
    uri.pathname = '/dupes';
    const migrate = (...args: string[]) =>
      runInProcess(['db', 'migrate', ...args], { home, env: { CAREER_DB_URI: uri.toString() } });

    const dryRun = await migrate('--json', '--dry-run');
    expect(JSON.parse(dryRun.stdout)).toMatchObject({
      applied: [{ version: 1 }, { version: 2, documents: 16 }],
    });
    const result = await migrate('--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      applied: Array<{ version: number; documents: number; duplicates?: unknown }>;
    };
    expect(report.applied[1]).toEqual({
      version: 2,
      name: 'natural-keys',
      description: expect.any(String),
      documents: 16,
      duplicates: {
        merged: {
          jobs: 1,
          applications: 1,
          contacts: 1,
          connections: 1,
          developmentactivities: 1,
          conversations: 1,
        },
        kept: [
          { collection: 'jobs', id: ids.j3.toHexString(), duplicateOf: ids.j1.toHexString() },
          { collection: 'contacts', id: ids.c3.toHexString(), duplicateOf: ids.c1.toHexString() },
          { collection: 'contacts', id: ids.c5.toHexString(), duplicateOf: ids.c4.toHexString() },
        ],
      },
    });

    const left = async (name: string) =>
      (await dupes.collection(name).find().sort({ _id: 1 }).toArray()).map((doc) => doc._id);
    // Only exact copies went; every other record is there, each with a key.
    expect(await left('jobs')).toEqual(['stray-1', 'stray-2', ids.j1, ids.j3, ids.j4]);
    expect(await dupes.collection('jobs').countDocuments({ naturalKey: { $exists: false } })).toBe(
      2,
    );
    expect(await left('contacts')).toEqual([ids.c1, ids.c3, ids.c4, ids.c5]);
    expect(await left('connections')).toEqual([ids.k1]);
    expect(await left('developmentactivities')).toEqual([ids.l1]);
    expect(await left('conversations')).toEqual([ids.v1]);
    const applications = await dupes.collection('applications').find().toArray();
    expect(applications.map((doc) => [doc._id.toHexString(), String(doc.jobId)]).sort()).toEqual(
      [
        [ids.a2.toHexString(), ids.j1.toHexString()],
        [ids.a3.toHexString(), ids.j3.toHexString()],
      ].sort(),
    );
    const j1 = await dupes.collection('jobs').findOne({ _id: ids.j1 });
    expect(j1).toMatchObject({ createdAt: day('2026-01-01'), naturalKey: '["acme","engineer"]' });
    const j3 = await dupes.collection('jobs').findOne({ _id: ids.j3 });
    expect(j3?.naturalKey).toBe(`["acme","engineer"]#dup-${ids.j3.toHexString()}`);
    const conversation = await dupes.collection('conversations').findOne({ _id: ids.v1 });
    expect(conversation?.messages.map((item: { content: string }) => item.content)).toEqual([
      'q1',
      'a1',
      'q2',
      'a2',
    ]);
    expect(conversation).toMatchObject({ naturalKey: 'conversation' });
    expect(conversation?.mergedFrom).toBeUndefined();
    for (const name of ['applications', 'contacts', 'developmentactivities']) {
      expect(await dupes.collection(name).countDocuments({ naturalKey: { $exists: false } })).toBe(
        0,
      );
    }

    // The unique index holds each collection's keys (partial: a record without one is not in it).
    for (const name of [
      'jobs',
      'applications',
      'contacts',
      'developmentactivities',
      'conversations',
    ]) {
      const indexes = await dupes.collection(name).listIndexes().toArray();
      expect(indexes.find((index) => index.key.naturalKey === 1)).toMatchObject({
        key: { userId: 1, naturalKey: 1 },
        unique: true,
        partialFilterExpression: { naturalKey: { $type: 'string' } },
      });
    }
    await expect(
      dupes.collection('jobs').insertOne({ ...job, naturalKey: '["acme","engineer"]' }),
    ).rejects.toMatchObject({ code: 11000 });

    const human = await migrate();
    expect(human.stdout).toContain('Already up to date (schema version 2)');
  });

  it('prints what it merged and the duplicates it kept', async () => {
    const db = client.db('dupes_human');
    const userId = new ObjectId();
    await db.collection('jobs').insertMany([
      { userId, company: 'Initech', title: 'Analyst' },
      { userId, company: 'Initech', title: 'Analyst' },
      { userId, company: 'initech', title: 'Analyst' },
    ]);
    const uri = new URL(server.uri);
    uri.pathname = '/dupes_human';
    const result = await runInProcess(['db', 'migrate'], {
      home: makeTempDir('career-migrate-human-'),
      env: { CAREER_DB_URI: uri.toString() },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('jobs: 1 exact copy merged into the records they repeated');
    expect(result.stdout).toMatch(
      /1 record shares a natural key with another but differs: kept, its key marked\n {2}jobs [0-9a-f]{24} repeats [0-9a-f]{24}\n/,
    );
    expect(await db.collection('jobs').countDocuments()).toBe(2);
  });

  it('restoring an archive from before the keys gives its records their keys', async () => {
    const old = client.db('prekeys');
    const userId = new ObjectId();
    await old.collection('jobs').insertMany([
      { userId, company: 'Hooli', title: 'Engineer' },
      { userId, company: 'Hooli', title: 'Engineer' },
      { userId, company: 'Hooli', title: 'engineer', location: 'Palo Alto' },
    ]);
    const env = (name: string) => {
      const uri = new URL(server.uri);
      uri.pathname = `/${name}`;
      return { CAREER_DB_URI: uri.toString() };
    };
    const home = makeTempDir('career-migrate-restore-');
    const created = await runInProcess(['--json', 'backup', 'create'], {
      home,
      env: env('prekeys'),
    });
    expect(created.code, created.stderr).toBe(0);
    const { file } = JSON.parse(created.stdout) as { file: string };
    const restored = await runInProcess(['--json', 'backup', 'restore', file], {
      home,
      env: env('prekeys_restored'),
    });
    expect(restored.code, restored.stderr).toBe(0);
    const { migration } = JSON.parse(restored.stdout) as {
      migration: { applied: Array<{ version: number; duplicates?: unknown }> };
    };
    expect(migration.applied.find((step) => step.version === 2)?.duplicates).toMatchObject({
      merged: { jobs: 1 },
      kept: [{ collection: 'jobs' }],
    });
    const jobs = await client.db('prekeys_restored').collection('jobs').find().toArray();
    expect(jobs.map((job) => job.naturalKey)).toEqual([
      '["hooli","engineer"]',
      expect.stringMatching(/^\["hooli","engineer"\]#dup-[0-9a-f]{24}$/),
    ]);
  });
});

describe('opening data that wants a migration', () => {
  it('records a new database as up to date without a word, and warns about old data until it is migrated', async () => {
    const fresh = new URL(server.uri);
    fresh.pathname = '/fresh';
    const home = makeTempDir('career-migrate-notice-');
    // Not signed in (exit 6), but the data was opened: the one error line is all it says.
    const freshRun = await runInProcess(['auth', 'whoami'], {
      home,
      env: { CAREER_DB_URI: fresh.toString() },
    });
    expect(freshRun.code, freshRun.stderr).toBe(6);
    expect(freshRun.stderr).toMatch(/^error: not signed in\n/);
    // Nothing to migrate: recorded as at the latest version, so no later command checks again.
    const freshVersion = await client
      .db('fresh')
      .collection('schema_version')
      .findOne({ _id: 'schema' as never });
    expect(freshVersion).toMatchObject({ version: 2 });

    // A job stored by the old code: no natural key.
    const old = client.db('old');
    await old.collection('jobs').insertOne({ userId: new ObjectId(), company: 'Acme', title: 'X' });
    const oldUri = new URL(server.uri);
    oldUri.pathname = '/old';
    const env = { CAREER_DB_URI: oldUri.toString() };
    for (let i = 0; i < 2; i++) {
      const whoami = await runInProcess(['--json', 'auth', 'whoami'], { home, env });
      expect(whoami.code, whoami.stderr).toBe(6);
      expect(whoami.stdout).toBe('');
      expect(whoami.stderr).toMatch(
        /^warning: this database is at data version 0 and this career expects 2: run `career db migrate`.*\nerror: not signed in\n/,
      );
    }
    const migrate = await runInProcess(['db', 'migrate'], { home, env });
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stderr).toBe('');
    const after = await runInProcess(['auth', 'whoami'], { home, env });
    expect(after.stderr).toMatch(/^error: not signed in\n/);
  });
});
