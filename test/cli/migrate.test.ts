// `career db migrate`: versioned, idempotent data migrations recorded in schema_version.
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { runCli } from '../helpers/run-cli.js';
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

interface MigrateJson {
  from: number;
  to: number;
  dryRun: boolean;
  applied: Array<{ version: number; name: string; documents: number }>;
}

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
      runCli(['--json', 'db', 'migrate', ...args], { home, env: { CAREER_DB_URI: server.uri } });

    const dryRun = await migrate('--dry-run');
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(JSON.parse(dryRun.stdout)).toMatchObject({
      from: 0,
      to: 1,
      dryRun: true,
      applied: [{ version: 1, name: 'preferences-defaults', documents: 2 }],
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
      to: 1,
      dryRun: false,
      applied: [{ version: 1, documents: 2 }],
    });
    const users = await db.collection('users').find().sort({ email: 1 }).toArray();
    expect(users.map((user) => [user.email, user.preferences])).toEqual([
      ['chooser@example.com', { notifications: false, emailUpdates: false }],
      ['old1@example.com', { notifications: true, emailUpdates: true }],
      ['old2@example.com', { notifications: true, emailUpdates: true }],
    ]);
    const version = await db.collection('schema_version').findOne({ _id: 'schema' as never });
    expect(version).toMatchObject({
      version: 1,
      applied: [{ version: 1, name: 'preferences-defaults' }],
    });

    const again = await migrate();
    expect(JSON.parse(again.stdout) as MigrateJson).toEqual({
      from: 1,
      to: 1,
      dryRun: false,
      applied: [],
    });
    const human = await runCli(['db', 'migrate', '--dry-run'], {
      home,
      env: { CAREER_DB_URI: server.uri },
    });
    expect(human.stdout).toContain('Already up to date (schema version 1)');
  });
});
