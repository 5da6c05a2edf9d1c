// explain answers at each verbosity, shaped like mongod's, for the commands mongosh explains.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';

let dir: string;
let engine: RunningEngine;
let client: MongoClient;
let items: Collection<{ _id: number; n: number; even: boolean }>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-explain-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
  items = client.db('explain').collection<{ _id: number; n: number; even: boolean }>('items');
  await items.insertMany(
    Array.from({ length: 10 }, (_, i) => ({ _id: i, n: i, even: i % 2 === 0 })),
  );
  await items.createIndex({ n: 1 });
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const explain = (command: Document, verbosity: string): Promise<Document> =>
  client.db('explain').command({ explain: command, verbosity });

describe('explain', () => {
  it('tells only the plan at queryPlanner', async () => {
    const answer = await items.find({ n: { $gte: 5 } }).explain('queryPlanner');
    expect(answer.queryPlanner.winningPlan.stage).toBe('FETCH');
    expect(answer.queryPlanner.winningPlan.inputStage.indexName).toBe('n_1');
    expect(answer.executionStats).toBeUndefined();
  });

  it('counts what a find examined and returned at executionStats', async () => {
    const answer = await items.find({ even: true }).limit(3).explain('executionStats');
    const stats = answer.executionStats as Document;
    expect(stats.nReturned).toBe(3);
    // The scan stops at the third match (documents 0, 2 and 4), as mongod's does.
    expect(stats.totalDocsExamined).toBe(5);
    expect(stats.executionStages.stage).toBe('LIMIT');
    expect(stats.executionStages.inputStage.stage).toBe('COLLSCAN');
    expect(stats.allPlansExecution).toBeUndefined();
    const all = await items.find({ n: 2 }).explain('allPlansExecution');
    expect(all.executionStats.totalKeysExamined).toBe(1);
    expect(all.executionStats.allPlansExecution).toEqual([]);
  });

  it('explains aggregate, count and delete without deleting', async () => {
    const pipeline = [{ $match: { even: true } }, { $group: { _id: null, total: { $sum: '$n' } } }];
    const aggregate = await explain({ aggregate: 'items', pipeline, cursor: {} }, 'executionStats');
    expect(aggregate.stages[0].$cursor.executionStats.nReturned).toBe(5);
    expect(aggregate.stages[1].nReturned).toBe(1);
    const count = await explain({ count: 'items', query: { n: { $lt: 4 } } }, 'executionStats');
    expect(count.executionStats.executionStages.nCounted).toBe(4);
    const removal = await explain(
      { delete: 'items', deletes: [{ q: { even: false }, limit: 0 }] },
      'executionStats',
    );
    expect(removal.executionStats.executionStages.stage).toBe('DELETE');
    expect(removal.executionStats.executionStages.nWouldDelete).toBe(5);
    expect(await items.countDocuments()).toBe(10);
  });
});
