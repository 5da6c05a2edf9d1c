// $setWindowFields through the official driver: partitions, sorted document and range windows,
// ranking, shifting and moving averages (mingo's operators, which the engine's settings
// refused to run before).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, MongoServerError, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';

type Sale = { _id: number; shop: string; n: number; at: Date };

let dir: string;
let engine: RunningEngine;
let client: MongoClient;
let sales: Collection<Sale>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-window-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
  sales = client.db('window').collection<Sale>('sales');
  await sales.insertMany([
    { _id: 1, shop: 'a', n: 1, at: new Date(1000) },
    { _id: 2, shop: 'a', n: 3, at: new Date(2000) },
    { _id: 3, shop: 'b', n: 5, at: new Date(3000) },
    { _id: 4, shop: 'a', n: 3, at: new Date(4000) },
  ]);
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const field = async (output: Document, name: string, extra: Document = {}): Promise<unknown[]> => {
  const docs = await sales
    .aggregate([
      { $setWindowFields: { sortBy: { at: 1 }, ...extra, output } },
      { $sort: { _id: 1 } },
    ])
    .toArray();
  return docs.map((doc) => doc[name]);
};

describe('$setWindowFields', () => {
  it('sums per partition over a running documents window', async () => {
    const running = { $sum: '$n', window: { documents: ['unbounded', 'current'] } };
    expect(await field({ total: running }, 'total', { partitionBy: '$shop' })).toEqual([
      1, 4, 5, 7,
    ]);
    expect(await field({ all: { $sum: '$n' } }, 'all', { partitionBy: '$shop' })).toEqual([
      7, 7, 5, 7,
    ]);
  });

  it('ranks, numbers and shifts in sort order', async () => {
    const sortBy = { sortBy: { n: 1 } };
    expect(await field({ r: { $rank: {} } }, 'r', sortBy)).toEqual([1, 2, 4, 2]);
    expect(await field({ d: { $denseRank: {} } }, 'd', sortBy)).toEqual([1, 2, 3, 2]);
    const previous = { $shift: { output: '$_id', by: -1, default: null } };
    expect(await field({ p: previous }, 'p')).toEqual([null, 1, 2, 3]);
  });

  it('averages over a range window and a moving average', async () => {
    const near = { $avg: '$n', window: { range: [-1000, 0], unit: 'millisecond' } };
    expect(await field({ a: near }, 'a')).toEqual([1, 2, 4, 4]);
    const ema = await field({ e: { $expMovingAvg: { input: '$n', alpha: 0.5 } } }, 'e');
    expect(ema).toEqual([1, 2, 3.5, 3.25]);
  });

  it('refuses script operators', async () => {
    const error = await sales
      .aggregate([{ $setWindowFields: { output: { x: { $accumulator: {} } } } }])
      .toArray()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MongoServerError);
  });
});
