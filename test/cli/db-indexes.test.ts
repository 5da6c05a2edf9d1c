// `career db indexes` and `career db shard-plan` (issue 17, part 4) on the embedded engine:
// the declared indexes against the database's, --dry-run changing nothing, --sync creating a
// dropped one and keeping an extra one, --drop-extra dropping it (and rebuilding one built
// otherwise under a declared name), --json; the shard plan's keys and commands; and the read
// preference that read-only commands take from CAREER_READ_PREFERENCE.
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readPreferenceFrom } from '../../src/db/connect.js';
import { INDEX_SET_VERSION, RETIRED_INDEXES } from '../../src/models/index.js';
import { UsageError } from '../../src/domain/errors.js';
import type { DbIndexesJson } from '../../src/commands/db/indexes.js';
import type { DbShardPlanJson } from '../../src/commands/db/shard-plan.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { inProcessAccount, type InProcessAccount } from '../helpers/in-process.js';
import { jsonOutput } from '../helpers/json-output.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let server: IsolatedDatabase;
let client: MongoClient;
let db: Db;
let ada: InProcessAccount;

beforeAll(async () => {
  server = await isolatedDatabase();
  ada = await inProcessAccount('Ada Lovelace', { dbUri: server.uri });
  const added = await ada.run(['contact', 'add', '--name', 'Grace Hopper', '--company', 'Navy']);
  expect(added.code, added.stderr).toBe(0);
  client = await MongoClient.connect(server.uri);
  db = client.db('career');
});

afterAll(async () => {
  await client.close();
  await server.close();
  removeTempDirs();
});

async function report(args: string[] = []): Promise<DbIndexesJson> {
  const result = await ada.run(['db', 'indexes', ...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return jsonOutput<DbIndexesJson>(result);
}

const row = (json: DbIndexesJson, collection: string, name: string) =>
  json.indexes.find((index) => index.collection === collection && index.name === name);

async function contactIndexNames(): Promise<string[]> {
  return (await db.collection('contacts').listIndexes().toArray()).map((index) => index.name);
}

describe('career db indexes', () => {
  it('finds every declared index present on a database career made', async () => {
    const json = await report();
    expect(json.applied).toBe(false);
    expect(json.indexes.length).toBeGreaterThan(30);
    expect(json.indexes.filter((index) => index.state !== 'present')).toEqual([]);
    expect(row(json, 'contacts', 'userId_1_naturalKey_1')).toMatchObject({
      key: { userId: 1, naturalKey: 1 },
      unique: true,
      state: 'present',
      action: 'none',
    });
    // The text index is compared in the form it is stored in.
    expect(row(json, 'contacts', 'search')?.state).toBe('present');
  });

  it('reports a dropped index as missing and an unknown one as extra; --dry-run changes nothing', async () => {
    await db.collection('contacts').dropIndex('userId_1_company_1');
    await db.collection('contacts').createIndex({ notes: 1 }, { name: 'someone_elses' });
    const listed = await report();
    expect(row(listed, 'contacts', 'userId_1_company_1')).toMatchObject({
      state: 'missing',
      action: 'none',
    });
    expect(row(listed, 'contacts', 'someone_elses')).toMatchObject({
      key: { notes: 1 },
      state: 'extra',
      action: 'none',
    });
    const dry = await report(['--dry-run']);
    expect(dry.applied).toBe(false);
    expect(row(dry, 'contacts', 'userId_1_company_1')?.action).toBe('create');
    expect(row(dry, 'contacts', 'someone_elses')?.action).toBe('none');
    expect(await contactIndexNames()).not.toContain('userId_1_company_1');
  });

  it('says what it found at a terminal, and how to create the missing ones', async () => {
    const shown = await ada.run(['db', 'indexes'], { tty: true, columns: 200 });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(
      /contacts\s+│ userId_1_company_1\s+│ userId: 1, company: 1\s+│\s+│ missing/,
    );
    expect(shown.stderr).toMatch(/1 missing, 1 extra/);
    expect(shown.stderr).toContain('career db indexes --sync');
  });

  it('--sync creates the missing index and keeps the extra one', async () => {
    const synced = await report(['--sync']);
    expect(synced.applied).toBe(true);
    expect(row(synced, 'contacts', 'userId_1_company_1')?.action).toBe('create');
    expect(row(synced, 'contacts', 'someone_elses')?.action).toBe('none');
    const names = await contactIndexNames();
    expect(names).toContain('userId_1_company_1');
    expect(names).toContain('someone_elses');
    expect(row(await report(), 'contacts', 'userId_1_company_1')?.state).toBe('present');
  });

  it('--drop-extra drops the extra index and rebuilds one built otherwise under a declared name', async () => {
    await db.collection('contacts').dropIndex('userId_1_email_1');
    await db.collection('contacts').createIndex({ email: 1 }, { name: 'userId_1_email_1' });
    const before = await report();
    expect(row(before, 'contacts', 'userId_1_email_1')?.state).toBe('different');
    const kept = await report(['--sync']);
    expect(row(kept, 'contacts', 'userId_1_email_1')?.action).toBe('none');
    const dropped = await report(['--sync', '--drop-extra']);
    expect(row(dropped, 'contacts', 'someone_elses')?.action).toBe('drop');
    expect(row(dropped, 'contacts', 'userId_1_email_1')?.action).toBe('rebuild');
    expect(await contactIndexNames()).not.toContain('someone_elses');
    const after = await report();
    expect(after.indexes.filter((index) => index.state !== 'present')).toEqual([]);
    const email = (await db.collection('contacts').listIndexes().toArray()).find(
      (index) => index.name === 'userId_1_email_1',
    );
    expect(email?.key).toEqual({ userId: 1, email: 1 });
  });
});

describe('indexes a newer version replaces', () => {
  it('are dropped when a database with the previous set opens, their successors created', async () => {
    await db.collection('contacts').dropIndex('userId_1_name_1__id_1');
    await db.collection('contacts').createIndex({ userId: 1, name: 1 });
    await db.collection('jobs').createIndex({ userId: 1, createdAt: -1 });
    await db
      .collection('schema_version')
      .updateOne({ _id: 'indexes' as never }, { $set: { version: INDEX_SET_VERSION - 1 } });
    const listed = await ada.run(['contact', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    const contacts = await contactIndexNames();
    expect(contacts).toContain('userId_1_name_1__id_1');
    expect(contacts).not.toContain('userId_1_name_1');
    const jobs = (await db.collection('jobs').listIndexes().toArray()).map((index) => index.name);
    expect(jobs).toContain('userId_1_createdAt_-1__id_-1');
    expect(jobs).not.toContain('userId_1_createdAt_-1');
    for (const [collection, names] of Object.entries(RETIRED_INDEXES)) {
      const present = (await db.collection(collection).listIndexes().toArray()).map(
        (index) => index.name as string,
      );
      expect(
        present.filter((name) => names.includes(name)),
        collection,
      ).toEqual([]);
    }
    // The contact list reads its page through the successor, in its order.
    const user = await db.collection('users').findOne({ email: ada.email });
    const plan = await db
      .collection('contacts')
      .find({ userId: user?._id })
      .sort({ name: 1, _id: 1 })
      .limit(5)
      .explain();
    expect(JSON.stringify(plan.queryPlanner.winningPlan)).toContain('userId_1_name_1__id_1');
    expect(JSON.stringify(plan.queryPlanner.winningPlan)).not.toContain('SORT');
  });
});

describe('career db shard-plan', () => {
  it('shards every per-user collection on userId, a prefix of its unique indexes', async () => {
    const result = await ada.run(['db', 'shard-plan', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const plan = jsonOutput<DbShardPlanJson>(result);
    expect(plan.database).toBe('career');
    const key = (name: string) => plan.collections.find((entry) => entry.collection === name);
    for (const name of ['jobs', 'applications', 'contacts', 'connections', 'conversations']) {
      expect(key(name)?.shardKey, name).toEqual({ userId: 1 });
    }
    // Their uniqueness must hold across users: left on the primary shard.
    expect(key('users')?.shardKey).toBeNull();
    expect(key('sessions')?.shardKey).toBeNull();
    expect(key('sessions')?.reason).toContain('{tokenHash: 1}');
    expect(
      plan.commands.filter((line) =>
        line.startsWith('sh.shardCollection("career.contacts", {userId: 1});'),
      ),
    ).toHaveLength(1);
  });

  it('prints mongosh commands for the database the URI names, without connecting', async () => {
    const result = await ada.run(['db', 'shard-plan'], {
      env: { CAREER_DB_URI: 'mongodb://nowhere.invalid:1/careerprod' },
    });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toContain('sh.enableSharding("careerprod");');
    expect(result.stdout).toMatch(
      /^sh\.shardCollection\("careerprod\.applications", \{userId: 1\}\); \/\/ ranged on userId/m,
    );
    expect(result.stdout).toMatch(/^\/\/ users: unsharded/m);
  });
});

describe('CAREER_READ_PREFERENCE', () => {
  it('takes any of the driver read preferences, in any case', () => {
    expect(readPreferenceFrom({})).toBeUndefined();
    expect(readPreferenceFrom({ CAREER_READ_PREFERENCE: 'SecondaryPreferred' })).toBe(
      'secondaryPreferred',
    );
    expect(() => readPreferenceFrom({ CAREER_READ_PREFERENCE: 'secondary-ish' })).toThrow(
      UsageError,
    );
  });

  it('lets a listing read with it, and refuses a mode MongoDB does not have', async () => {
    const listed = await ada.run(['contact', 'list'], {
      env: { CAREER_READ_PREFERENCE: 'secondaryPreferred' },
    });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('Grace Hopper');
    const refused = await ada.run(['contact', 'list'], {
      env: { CAREER_READ_PREFERENCE: 'fastest' },
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("error: CAREER_READ_PREFERENCE cannot be 'fastest'");
  });
});
