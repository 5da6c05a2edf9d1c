// Archives made to hurt: indexes career never declares (a TTL on users), documents and names a
// restore cannot store, a manifest of 150,000 collections, a restore journal left behind. The
// backup service is called in this process (no CLI start-up per case) on real engines.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BSON, MongoClient, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { wordError } from '../../src/commands/error-wording.js';
import { latestVersion } from '../../src/db/migrations/index.js';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';
import {
  createBackup,
  restoreBackup,
  verifyBackup,
  type RestoredBackup,
} from '../../src/services/backup-service.js';
import { withDatabase } from '../../src/db/connect.js';
import { getDatabaseStatus } from '../../src/services/database-status.js';
import { withNoticeListener, type Notice } from '../../src/services/notices.js';
import { withWorkspace } from '../../src/services/workspace.js';
import { nestedDocument, writeCraftedArchive, type CraftedArchive } from '../helpers/archives.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let engine: RunningEngine;
let client: MongoClient;
let archives: string;

beforeAll(async () => {
  process.env.CAREER_HOME = makeTempDir('career-bk-home-');
  archives = makeTempDir('career-bk-hostile-');
  engine = await startEngine({ dataDir: makeTempDir('career-bk-db-') });
  client = await MongoClient.connect(engine.uri);
});

afterAll(async () => {
  await client?.close();
  await engine?.close();
  removeTempDirs();
});

/** The engine's URI naming database `name`. */
function uriOf(running: RunningEngine, name: string): string {
  const uri = new URL(running.uri);
  uri.pathname = `/${name}`;
  return uri.toString();
}

let crafted = 0;
function craft(archive: CraftedArchive): Promise<string> {
  return writeCraftedArchive(path.join(archives, `crafted-${++crafted}.tar.gz`), archive);
}

function restore(file: string, dbUri: string): Promise<RestoredBackup> {
  return restoreBackup({
    dbUri,
    archive: file,
    drop: true,
    toolOutput: process.stderr,
    confirmReplace: () => Promise.resolve(true),
  });
}

/** Every collection's names and documents, to show a database was not touched. */
async function snapshot(db: Db): Promise<Record<string, Document[]>> {
  const contents: Record<string, Document[]> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    contents[name] = await db.collection(name).find().sort({ _id: 1 }).toArray();
  }
  return contents;
}

const schemaVersion = { _id: 'schema', version: latestVersion, applied: [] };
const user = (email: string, extra: Document = {}): Document => ({
  _id: new BSON.ObjectId(),
  name: email.split('@')[0],
  email,
  password: '$2b$12$hash',
  createdAt: new Date('2020-01-02T00:00:00Z'),
  ...extra,
});
const EMAIL_INDEX = { v: 2, key: { email: 1 }, name: 'email_1', unique: true };
const TTL_INDEX = { v: 2, key: { createdAt: 1 }, name: 'createdAt_1', expireAfterSeconds: 0 };

describe('backup archives made to hurt', () => {
  it('a TTL index the archive adds to users is not created: the accounts outlive the sweep, and later backups are clean', async () => {
    const dataDir = makeTempDir('career-bk-ttl-');
    const file = await craft({
      collections: {
        users: {
          documents: [user('ada@example.com'), user('grace@example.com')],
          indexes: [EMAIL_INDEX, TTL_INDEX],
        },
        schema_version: { documents: [schemaVersion] },
      },
    });
    const warning =
      /^users: the index "createdAt_1" \{"createdAt":1\} \(TTL: expireAfterSeconds 0\) is not one career declares/;
    const verified = await verifyBackup(file);
    let running = await startEngine({ dataDir });
    let restored: RestoredBackup;
    try {
      restored = await restore(file, uriOf(running, 'career'));
      expect(restored).toMatchObject({ documents: 3, cancelled: false });
    } finally {
      await running.close();
    }
    // The engine sweeps TTL indexes when it starts: a TTL on createdAt would empty users now.
    running = await startEngine({ dataDir });
    const embedded = await MongoClient.connect(running.uri);
    try {
      const users = embedded.db('career').collection('users');
      expect(await users.countDocuments()).toBe(2);
      const indexes = await users.listIndexes().toArray();
      expect(indexes.some((index) => index.expireAfterSeconds !== undefined)).toBe(false);
      expect(indexes.some((index) => index.key.email === 1 && index.unique === true)).toBe(true);
      const next = await createBackup({
        dbUri: uriOf(running, 'career'),
        dir: archives,
        toolOutput: process.stderr,
      });
      const carried = await verifyBackup(next.file);
      expect(carried.warnings).toEqual([]);
    } finally {
      await embedded.close();
      await running.close();
    }
    // Both say what they left out.
    expect(verified.warnings).toEqual([expect.stringMatching(warning)]);
    expect(restored.warnings).toEqual([expect.stringMatching(warning)]);
  });

  it('verify refuses, with restore’s own reason, every archive restore refuses; the database is untouched', async () => {
    const job = (extra: Document = {}): Document => ({ _id: new BSON.ObjectId(), ...extra });
    const badType = Buffer.from(BSON.serialize({ _id: 1, x: 1 }));
    badType[4 + 1 + 4 + 4] = 0x42; // x's type byte: an element type BSON does not have
    const sameId = new BSON.ObjectId();
    const cases: Array<[string, CraftedArchive, RegExp]> = [
      [
        'a bad BSON type',
        { collections: { jobs: { documents: [badType] } } },
        /unknown element type 0x42/,
      ],
      [
        '101 levels of nesting',
        { collections: { jobs: { documents: [nestedDocument(101)] } } },
        /nesting too deep/,
      ],
      [
        '100,000 levels of nesting',
        { collections: { jobs: { documents: [nestedDocument(100_000)] } } },
        /nesting too deep/,
      ],
      [
        'a document over 16 MiB',
        { collections: { jobs: { documents: [job({ text: 'x'.repeat(16 * 1024 * 1024) })] } } },
        /over 16 MiB/,
      ],
      [
        'a document without _id',
        { collections: { jobs: { documents: [{ title: 'x' }] } } },
        /has no _id/,
      ],
      [
        'an array _id',
        { collections: { jobs: { documents: [{ _id: [1, 2] }] } } },
        /can't use an array for _id/,
      ],
      [
        'two documents with one _id',
        { collections: { jobs: { documents: [job({ _id: sameId }), job({ _id: sameId })] } } },
        /share an _id/,
      ],
      [
        'two users with one email',
        {
          collections: {
            users: { documents: [user('a@x.io'), user('a@x.io')], indexes: [EMAIL_INDEX] },
          },
        },
        /two documents share a key of the unique index email_1/,
      ],
      [
        // Every declared index is built before the load, listed in the manifest or not.
        'two users with one email, the manifest listing no index',
        { collections: { users: { documents: [user('a@x.io'), user('a@x.io')], indexes: [] } } },
        /two documents share a key of the unique index email_1/,
      ],
      [
        'parallel arrays in a compound index',
        {
          collections: {
            applications: {
              documents: [job({ userId: [1, 2], interviews: [{ date: 1 }, { date: 2 }] })],
              indexes: [
                {
                  v: 2,
                  key: { userId: 1, 'interviews.date': 1 },
                  name: 'userId_1_interviews.date_1',
                },
              ],
            },
          },
        },
        /cannot be indexed by userId_1_interviews\.date_1 .*parallel arrays/,
      ],
      [
        'the collection ../../x',
        { collections: { '../../x': { documents: [job()] } } },
        /"\.\.\/\.\.\/x" holds a character/,
      ],
      [
        'the collection $cmd',
        { collections: { $cmd: { documents: [job()] } } },
        /"\$cmd" holds a character/,
      ],
      [
        'the collection system.users',
        { collections: { 'system.users': { documents: [job()] } } },
        /one of MongoDB's system collections/,
      ],
      ['a collection a..b, empty', { collections: { 'a..b': {} } }, /"a\.\.b" has an empty part/],
      [
        'a NUL in a name',
        { collections: { 'jobs\0x': { documents: [job()] } } },
        /holds a character/,
      ],
      [
        'a terminal escape in a name',
        { collections: { 'jobs\u001b[2J': {} } },
        /holds a character/,
      ],
      [
        "a restore's own staging name",
        { collections: { 'career-restore.x.jobs': { documents: [job()] } } },
        /career's restore keeps for itself/,
      ],
      [
        'a 121-byte name',
        { collections: { [`c${'x'.repeat(120)}`]: {} } },
        /longer than 120 bytes/,
      ],
      [
        'sessions, which backups leave out',
        { collections: { sessions: { documents: [job()] } } },
        /holds sessions, which career never backs up/,
      ],
      [
        '65 indexes on a collection',
        {
          collections: {
            jobs: {
              indexes: Array.from({ length: 65 }, (_, i) => ({
                v: 2,
                key: { [`f${i}`]: 1 },
                name: `f${i}_1`,
              })),
            },
          },
        },
        /lists 65 indexes/,
      ],
      [
        'an index key of 33 fields',
        {
          collections: {
            jobs: {
              indexes: [
                {
                  v: 2,
                  key: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`f${i}`, 1])),
                  name: 'wide',
                },
              ],
            },
          },
        },
        /has no valid key/,
      ],
    ];
    const target = client.db('untouched');
    await target.collection('jobs').insertOne({ title: 'keep me' });
    const before = await snapshot(target);
    for (const [what, archive, reason] of cases) {
      const file = await craft(archive);
      const expected = { exitCode: 9, message: expect.stringMatching(reason) as unknown };
      await expect(verifyBackup(file), `verify: ${what}`).rejects.toMatchObject(expected);
      await expect(
        restore(file, uriOf(engine, 'untouched')),
        `restore: ${what}`,
      ).rejects.toMatchObject(expected);
      expect(await snapshot(target), what).toEqual(before);
    }
  });

  it('a document 100 levels deep is as restorable as MongoDB makes it', async () => {
    const file = await craft({ collections: { jobs: { documents: [nestedDocument(100)] } } });
    expect((await verifyBackup(file)).documents).toBe(1);
    expect((await restore(file, uriOf(engine, 'deep'))).documents).toBe(1);
  });

  it('an index spec nested 2,000 or 100,000 levels deep is refused (exit 9), not a crash', async () => {
    const deepObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const deepArray = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const cases: Array<[string, string, string]> = [
      ['a partialFilterExpression 2,000 deep', 'partialFilterExpression', deepObject(2_000)],
      ['a partialFilterExpression 100,000 deep', 'partialFilterExpression', deepObject(100_000)],
      ['weights of arrays 100,000 deep', 'weights', deepArray(100_000)],
    ];
    const target = client.db('nested');
    await target.collection('jobs').insertOne({ title: 'keep me' });
    const before = await snapshot(target);
    for (const [what, option, value] of cases) {
      const file = await craft({
        collections: {
          jobs: { indexes: [{ v: 2, key: { title: 1 }, name: 'title_1', [option]: 'DEEP' }] },
        },
        manifestJson: (text) => text.replace('"DEEP"', value),
      });
      const expected = {
        exitCode: 9,
        message: expect.stringMatching(
          /an index of jobs is nested more than 100 levels deep/,
        ) as unknown,
      };
      await expect(verifyBackup(file), `verify: ${what}`).rejects.toMatchObject(expected);
      await expect(
        restore(file, uriOf(engine, 'nested')),
        `restore: ${what}`,
      ).rejects.toMatchObject(expected);
      expect(await snapshot(target), what).toEqual(before);
    }
  });

  it('a manifest of 150,000 collections is refused at once (exit 9) and no staging collection is made', async () => {
    const many = (count: number): CraftedArchive['collections'] =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`c${i}`, {}]));
    const huge = await craft({ collections: many(150_000) });
    // Under the manifest's size bound, over its bound on collections.
    const compact = await craft({ collections: many(5_000) });
    // The parts of 101 collections, before the manifest.
    const parts = await craft({
      collections: Object.fromEntries(
        Array.from({ length: 101 }, (_, i) => [`c${i}`, { documents: [{ _id: i }] }]),
      ),
    });
    const cases: Array<[string, string, RegExp]> = [
      [
        '150,000 collections (a 19 MB manifest)',
        huge,
        /its entry manifest\.json is too large \(\d+ bytes; at most 1048576\)/,
      ],
      ['5,000 collections (under 1 MiB)', compact, /lists 5000 collections \(at most 100/],
      ['the parts of 101 collections', parts, /holds more than 100 collections/],
    ];
    const target = client.db('many');
    await target.collection('jobs').insertOne({ title: 'keep me' });
    const before = await snapshot(target);
    for (const [what, file, reason] of cases) {
      const expected = { exitCode: 9, message: expect.stringMatching(reason) as unknown };
      let started = performance.now();
      await expect(verifyBackup(file)).rejects.toMatchObject(expected);
      const verifyMs = performance.now() - started;
      started = performance.now();
      await expect(restore(file, uriOf(engine, 'many'))).rejects.toMatchObject(expected);
      const restoreMs = performance.now() - started;
      console.log(
        `${what}: refused by verify in ${verifyMs.toFixed(0)} ms, by restore in ${restoreMs.toFixed(0)} ms`,
      );
      expect(await snapshot(target)).toEqual(before);
    }
  });

  it('a journal of a live restore makes another restore a conflict; a dead one is rolled back', async () => {
    const file = await craft({ collections: { jobs: { documents: [{ _id: 1, title: 'new' }] } } });
    const db = client.db('journal');
    await db.collection('jobs').insertOne({ _id: 1 as never, title: 'old' });
    const journal = db.collection('career-restore');
    const loading = (owner: Document, heartbeatAt = new Date()): Document => ({
      _id: 'restore',
      phase: 'loading',
      owner,
      archive: 'other.tar.gz',
      token: 'deadbeef',
      startedAt: heartbeatAt,
      heartbeatAt,
      renames: [],
      drops: [],
    });
    // A restore by a running process of this machine (vitest's parent), and one elsewhere
    // whose heartbeat is recent: both are alive.
    const alive = [
      loading({ host: os.hostname(), pid: process.ppid }),
      loading({ host: 'elsewhere', pid: 1 }),
    ];
    for (const document of alive) {
      await journal.deleteMany({});
      await journal.insertOne(document);
      await db.createCollection('career-restore.deadbeef.jobs');
      await expect(restore(file, uriOf(engine, 'journal'))).rejects.toMatchObject({
        exitCode: 5,
        message: expect.stringMatching(
          /another restore of this database is running \(other\.tar\.gz/,
        ),
      });
      expect(await journal.countDocuments()).toBe(1);
      await db.collection('career-restore.deadbeef.jobs').drop();
    }
    // A dead process of this machine, or a silent one elsewhere: rolled back, then restored.
    const dead = [
      loading({ host: os.hostname(), pid: 2 ** 22 + 1 }),
      loading({ host: 'elsewhere', pid: 1 }, new Date(Date.now() - 10 * 60_000)),
    ];
    for (const document of dead) {
      await journal.deleteMany({});
      await journal.insertOne(document);
      await db.collection('career-restore.deadbeef.jobs').insertOne({ _id: 2 as never });
      expect((await restore(file, uriOf(engine, 'journal'))).documents).toBe(1);
      expect(await db.collection('jobs').find().toArray()).toEqual([{ _id: 1, title: 'new' }]);
      const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
      // No staging left, and no journal (its collection stays, empty).
      expect(names.filter((name) => name.startsWith('career-restore.'))).toEqual([]);
      expect(await journal.countDocuments()).toBe(0);
    }
    expect(existsSync(file)).toBe(true);
  });

  it('a restore that cannot be finished blocks other commands with a hint, and a restore of another archive replaces it', async () => {
    const dbUri = uriOf(engine, 'stuck');
    const db = client.db('stuck');
    // What a restore killed in "updating" left, from an archive whose users share an email: its
    // data switched in, and the unique index (built by the finishing) failing every time.
    await db.collection('users').insertMany([user('same@x.io'), user('same@x.io')]);
    await db.collection('schema_version').insertOne({ ...schemaVersion } as Document);
    const startedAt = new Date(Date.now() - 60_000);
    await db.collection('career-restore').insertOne({
      _id: 'restore' as never,
      phase: 'updating',
      owner: { host: os.hostname(), pid: 2 ** 22 + 1 },
      archive: 'stuck.tar.gz',
      token: 'deadbeef',
      startedAt,
      heartbeatAt: startedAt,
      renames: ['users', 'schema_version'],
      drops: [],
    });
    const cannot = {
      exitCode: 1,
      message: expect.stringMatching(
        /^a restore of stuck\.tar\.gz was interrupted after its switch and cannot be finished: .*E11000/,
      ) as unknown,
      hint: expect.stringContaining('career backup restore ARCHIVE --drop') as unknown,
    };
    const refused = await withWorkspace({ dbUri }, () => Promise.resolve('opened')).catch(
      (error: unknown) => error,
    );
    expect(wordError(refused, ['apply', 'list'])).toMatchObject(cannot);
    const backup = await createBackup({ dbUri, dir: archives, toolOutput: process.stderr }).catch(
      (error: unknown) => error,
    );
    expect(wordError(backup, ['backup', 'create'])).toMatchObject(cannot);

    const good = await craft({
      collections: {
        users: { documents: [user('ada@example.com')] },
        schema_version: { documents: [schemaVersion] },
      },
    });
    const notices: Notice[] = [];
    await withNoticeListener(
      (notice) => notices.push(notice),
      async () => {
        expect(await restore(good, dbUri)).toMatchObject({ documents: 2, cancelled: false });
      },
    );
    expect(notices).toEqual([
      {
        kind: 'restore-unfinished',
        archive: 'stuck.tar.gz',
        reason: expect.stringMatching(/E11000/) as unknown,
      },
    ]);
    expect(
      await db
        .collection('users')
        .find({}, { projection: { email: 1 } })
        .toArray(),
    ).toEqual([{ _id: expect.anything() as unknown, email: 'ada@example.com' }]);
    expect(await db.collection('career-restore').countDocuments()).toBe(0);
    await expect(withWorkspace({ dbUri }, () => Promise.resolve('opened'))).resolves.toBe('opened');
  });

  it('a journal career did not write is abandoned: rolled back while loading, finished when sound enough, else removed untouched', async () => {
    const file = await craft({ collections: { jobs: { documents: [{ _id: 1, title: 'new' }] } } });
    const dbUri = uriOf(engine, 'crafted_journal');
    const db = client.db('crafted_journal');
    const journal = db.collection('career-restore');
    const now = new Date();
    const host = os.hostname();
    /** The old data, a staging collection of the journal's restore, and the journal. */
    const leave = async (fields: Document): Promise<void> => {
      await db.collection('jobs').deleteMany({});
      await db.collection('jobs').insertOne({ _id: 1 as never, title: 'old' });
      await db
        .collection('career-restore.deadbeef.jobs')
        .replaceOne({ _id: 1 as never }, { title: 'staged' }, { upsert: true });
      await journal.deleteMany({});
      const document: Document = {
        _id: 'restore',
        phase: 'loading',
        owner: { host, pid: 2 ** 22 + 1 },
        archive: 'other.tar.gz',
        token: 'deadbeef',
        startedAt: now,
        heartbeatAt: now,
        renames: [],
        drops: [],
        ...fields,
      };
      for (const [name, value] of Object.entries(document))
        if (value === undefined) delete document[name];
      await journal.insertOne(document);
    };
    const names = async (): Promise<string[]> =>
      (await db.listCollections({}, { nameOnly: true }).toArray()).map((info) => info.name);
    const opened = async (): Promise<Notice[]> => {
      const notices: Notice[] = [];
      await withNoticeListener(
        (notice) => notices.push(notice),
        async () => {
          await withWorkspace({ dbUri }, () => Promise.resolve());
        },
      );
      return notices;
    };
    const jobs = () => db.collection('jobs').find().toArray();

    // Loading, with no owner to believe: rolled back (before: a TypeError in every command, or,
    // for pids 0, -1 and 1, which always answer kill(pid, 0), a restore "running" forever).
    const loading: Array<[string, Document]> = [
      ['no owner', { owner: undefined }],
      ['an owner that is a string', { owner: 'me' }],
      ['pid 0', { owner: { host, pid: 0 } }],
      ['pid -1', { owner: { host, pid: -1 } }],
      // Pid 1 is always there: only a recent heartbeat makes it a live owner.
      [
        'pid 1, silent for 10 minutes',
        { owner: { host, pid: 1 }, heartbeatAt: new Date(Date.now() - 600_000) },
      ],
      [
        'a heartbeat a year ahead, from elsewhere',
        {
          owner: { host: 'elsewhere', pid: 4242 },
          heartbeatAt: new Date(Date.now() + 365 * 864e5),
        },
      ],
    ];
    for (const [what, fields] of loading) {
      await leave(fields);
      expect((await restore(file, dbUri)).documents, what).toBe(1);
      expect(await jobs(), what).toEqual([{ _id: 1, title: 'new' }]);
      expect(await names(), what).not.toContain('career-restore.deadbeef.jobs');
      expect(await journal.countDocuments(), what).toBe(0);
    }

    // After its switch, with a token and lists that can be trusted: finished, as any other.
    await leave({ phase: 'switching', owner: { host, pid: 0 }, renames: ['jobs'] });
    expect(await opened()).toEqual([{ kind: 'restore-finished', archive: 'other.tar.gz' }]);
    expect(await jobs()).toEqual([{ _id: 1, title: 'staged' }]);
    expect(await journal.countDocuments()).toBe(0);

    // Lists that cannot be trusted, or an unknown phase: nothing renamed or dropped (before:
    // "jobs" was dropped, and a string of renames was renamed letter by letter).
    const unreadable: Array<[string, Document, string[]]> = [
      [
        'renames that are not a list',
        { phase: 'switching', renames: 'jobs', drops: ['jobs'] },
        ['renames'],
      ],
      [
        'a rename into a system collection',
        { phase: 'switching', renames: ['system.users'], drops: ['jobs'] },
        ['renames'],
      ],
      [
        "a drop of the restore's own staging",
        { phase: 'switching', renames: [], drops: ['career-restore.deadbeef.jobs', 'jobs'] },
        ['drops'],
      ],
      ['an unknown phase', { phase: 'exploding', drops: ['jobs'] }, ['phase']],
    ];
    for (const [what, fields, problems] of unreadable) {
      await leave(fields);
      expect(await opened(), what).toEqual([
        { kind: 'restore-journal-unreadable', archive: 'other.tar.gz', problems },
      ]);
      expect(await jobs(), what).toEqual([{ _id: 1, title: 'old' }]);
      expect(await names(), what).toContain('career-restore.deadbeef.jobs');
      expect(await journal.countDocuments(), what).toBe(0);
    }
  });

  it('while a live restore switches or updates, commands are refused (exit 5); while it loads, they see the old data', async () => {
    const dbUri = uriOf(engine, 'live');
    const db = client.db('live');
    await db.collection('jobs').insertOne({ _id: 1 as never, title: 'old' });
    const journal = db.collection('career-restore');
    const now = new Date();
    const live = (phase: string): Document => ({
      _id: 'restore',
      phase,
      // A running process of this machine (vitest's parent).
      owner: { host: os.hostname(), pid: process.ppid },
      archive: 'other.tar.gz',
      token: 'deadbeef',
      startedAt: now,
      heartbeatAt: now,
      renames: phase === 'loading' ? [] : ['jobs'],
      drops: [],
    });
    const commands: Array<[string, () => Promise<unknown>]> = [
      ['a workspace', () => withWorkspace({ dbUri }, () => Promise.resolve())],
      ['backup create', () => createBackup({ dbUri, dir: archives, toolOutput: process.stderr })],
      ['db status', () => withDatabase({ dbUri }, getDatabaseStatus)],
    ];
    const doing: Array<[string, RegExp]> = [
      ['switching', /is switching its data in/],
      ['updating', /is building the indexes and running the migrations of the data it switched in/],
    ];
    for (const [phase, what] of doing) {
      await journal.deleteMany({});
      await journal.insertOne(live(phase));
      for (const [command, run] of commands) {
        await expect(run(), `${command} while ${phase}`).rejects.toMatchObject({
          exitCode: 5,
          message: expect.stringMatching(
            new RegExp(
              `^a restore of other\\.tar\\.gz ${what.source} \\(other\\.tar\\.gz, process ${process.ppid} on `,
            ),
          ) as unknown,
          hint: 'wait for it to finish, then run this command again',
        });
      }
      expect(await journal.countDocuments()).toBe(1);
    }
    // Loading, it has not touched the live data: commands go on, and say so.
    await journal.deleteMany({});
    await journal.insertOne(live('loading'));
    for (const [command, run] of commands) {
      const notices: Notice[] = [];
      await withNoticeListener(
        (notice) => notices.push(notice),
        async () => {
          await run();
        },
      );
      expect(notices, command).toEqual([{ kind: 'restore-running', archive: 'other.tar.gz' }]);
    }
    expect(await db.collection('jobs').find().toArray()).toEqual([{ _id: 1, title: 'old' }]);
  });
});
