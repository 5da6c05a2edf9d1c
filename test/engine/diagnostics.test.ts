// What mongosh's db.coll.stats(), $indexStats, $currentOp and validate ask the server,
// answered in mongod's shape through the official driver.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, MongoServerError, type Collection, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';

let dir: string;
let engine: RunningEngine;
let client: MongoClient;
let db: Db;
let items: Collection;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-diagnostics-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
  db = client.db('diagnostics');
  items = db.collection('items');
  await items.insertMany([{ a: 1 }, { a: 2 }, { b: 3 }]);
  await items.createIndex({ a: 1 }, { sparse: true });
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('diagnostic stages and commands', () => {
  it('answers $collStats with storageStats and count, as db.coll.stats() asks', async () => {
    const [stats] = await items
      .aggregate([{ $collStats: { storageStats: { scale: 1 }, count: {} } }])
      .toArray();
    expect(stats?.ns).toBe('diagnostics.items');
    expect(stats?.count).toBe(3);
    expect(stats?.storageStats.count).toBe(3);
    expect(stats?.storageStats.size).toBeGreaterThan(0);
    expect(stats?.storageStats.nindexes).toBe(2);
    expect(Object.keys(stats?.storageStats.indexSizes)).toEqual(['_id_', 'a_1']);
  });

  it('lists index statistics, one document per index', async () => {
    const stats = await items.aggregate([{ $indexStats: {} }, { $sort: { name: 1 } }]).toArray();
    expect(stats.map((index) => index.name)).toEqual(['_id_', 'a_1']);
    expect(stats[1]?.accesses.ops).toBe(0);
  });

  it('shows the current operation on admin', async () => {
    const ops = await client
      .db('admin')
      .aggregate([{ $currentOp: {} }, { $match: { active: true } }])
      .toArray();
    expect(ops).toHaveLength(1);
    expect(ops[0]?.command.aggregate).toBe(1);
  });

  it('validates a collection and counts the keys of each index', async () => {
    const answer = await db.command({ validate: 'items' });
    expect(answer.valid).toBe(true);
    expect(answer.nrecords).toBe(3);
    expect(answer.keysPerIndex).toEqual({ _id_: 3, a_1: 2 });
    const error = await db.command({ validate: 'missing' }).catch((caught: unknown) => caught);
    expect((error as MongoServerError).code).toBe(26);
  });
});
