// Capped collections are kept within their document count and size through the official
// driver: the oldest documents go first, in insertion order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';

let dir: string;
let engine: RunningEngine;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-capped-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
  db = client.db('capped');
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

type Entry = { _id: number; text?: string };

describe('capped collections', () => {
  it('keeps at most max documents, dropping the oldest', async () => {
    const log = await db.createCollection<Entry>('log', { capped: true, size: 100000, max: 3 });
    await log.insertMany([{ _id: 1 }, { _id: 2 }]);
    await log.insertOne({ _id: 3 });
    await log.insertMany([{ _id: 4 }, { _id: 5 }]);
    expect((await log.find().toArray()).map((doc) => doc._id)).toEqual([3, 4, 5]);
    expect(await db.command({ collStats: 'log' })).toMatchObject({ count: 3 });
  });

  it('keeps within its size in bytes', async () => {
    const big = await db.createCollection<Entry>('big', { capped: true, size: 4096 });
    const text = 'x'.repeat(1000);
    for (let i = 1; i <= 10; i++) await big.insertOne({ _id: i, text });
    const ids = (await big.find().toArray()).map((doc) => doc._id);
    expect(ids.length).toBeLessThan(5);
    expect(ids).toEqual(ids.map((_, i) => 10 - ids.length + 1 + i));
  });

  it('applies a smaller cappedMax from collMod on the next insert', async () => {
    const feed = await db.createCollection<Entry>('feed', { capped: true, size: 100000, max: 10 });
    await feed.insertMany([1, 2, 3, 4].map((_id) => ({ _id })));
    await db.command({ collMod: 'feed', cappedMax: 2 });
    await feed.insertOne({ _id: 5 });
    expect((await feed.find().toArray()).map((doc) => doc._id)).toEqual([4, 5]);
  });
});
