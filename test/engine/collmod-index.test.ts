// collMod's index options through the official driver: hidden indexes are kept but not used,
// a TTL's expireAfterSeconds changes, and an index becomes unique in two steps.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, MongoServerError, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';

let dir: string;
let engine: RunningEngine;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-collmod-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
  db = client.db('collmod');
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const failure = (work: Promise<unknown>): Promise<MongoServerError> =>
  work.then(
    () => {
      throw new Error('expected a server error');
    },
    (error: unknown) => error as MongoServerError,
  );

const stageOf = async (filter: Document): Promise<string> => {
  const answer = await db.collection('people').find(filter).explain('queryPlanner');
  return JSON.stringify(answer.queryPlanner.winningPlan);
};

describe('collMod index options', () => {
  it('hides an index from the planner and brings it back', async () => {
    const people = db.collection('people');
    await people.insertMany([{ email: 'a@x' }, { email: 'b@x' }]);
    await people.createIndex({ email: 1 });
    const hide = await db.command({
      collMod: 'people',
      index: { keyPattern: { email: 1 }, hidden: true },
    });
    expect(hide).toMatchObject({ hidden_old: false, hidden_new: true });
    expect(await stageOf({ email: 'a@x' })).toContain('COLLSCAN');
    expect((await people.listIndexes().toArray())[1]?.hidden).toBe(true);
    expect(await people.countDocuments({ email: 'a@x' })).toBe(1);
    await db.command({ collMod: 'people', index: { name: 'email_1', hidden: false } });
    expect(await stageOf({ email: 'a@x' })).toContain('IXSCAN');
  });

  it('changes expireAfterSeconds of a TTL index', async () => {
    const sessions = db.collection('sessions');
    await sessions.createIndex({ at: 1 }, { expireAfterSeconds: 60 });
    const reply = await db.command({
      collMod: 'sessions',
      index: { name: 'at_1', expireAfterSeconds: 3600 },
    });
    expect(reply).toMatchObject({ expireAfterSeconds_old: 60, expireAfterSeconds_new: 3600 });
    expect((await sessions.listIndexes().toArray())[1]?.expireAfterSeconds).toBe(3600);
  });

  it('converts an index to unique after prepareUnique, refusing while duplicates exist', async () => {
    const tags = db.collection<{ _id: number; t: string }>('tags');
    await tags.insertMany([
      { _id: 1, t: 'a' },
      { _id: 2, t: 'a' },
    ]);
    await tags.createIndex({ t: 1 });
    const early = await failure(
      db.command({ collMod: 'tags', index: { name: 't_1', unique: true } }),
    );
    expect(early.code).toBe(72);
    await db.command({ collMod: 'tags', index: { name: 't_1', prepareUnique: true } });
    const blocked = await failure(
      db.command({ collMod: 'tags', index: { name: 't_1', unique: true } }),
    );
    expect(blocked.code).toBe(359);
    await tags.deleteOne({ _id: 2 });
    const reply = await db.command({ collMod: 'tags', index: { name: 't_1', unique: true } });
    expect(reply.unique_new).toBe(true);
    expect((await failure(tags.insertOne({ _id: 3, t: 'a' }))).code).toBe(11000);
  });

  it('reports an unknown index', async () => {
    const error = await failure(
      db.command({ collMod: 'people', index: { name: 'nope', hidden: true } }),
    );
    expect(error.code).toBe(27);
  });
});
