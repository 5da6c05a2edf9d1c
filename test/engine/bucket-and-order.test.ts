// $bucket follows MongoDB's definition (lower bound inclusive, upper exclusive, no empty
// buckets, a default bucket, output accumulators) and $project writes computed fields in the
// order given, after the fields kept from the document, as seen through the official driver.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, MongoServerError, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';

let dir: string;
let engine: RunningEngine;
let client: MongoClient;
/** Documents with numeric _ids (the driver's default schema wants ObjectIds). */
type Loose = { _id: number; [field: string]: unknown };

let prices: Collection<Loose>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-bucket-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
  prices = client.db('bucket').collection<Loose>('prices');
  await prices.insertMany([
    { _id: 1, price: 0, tag: 'a' },
    { _id: 2, price: 10, tag: 'b' },
    { _id: 3, price: 15, tag: 'c' },
    { _id: 4, price: 40, tag: 'd' },
    { _id: 5, price: 'free', tag: 'e' },
  ]);
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (pipeline: Document[]): Promise<Document[]> => prices.aggregate(pipeline).toArray();

describe('$bucket', () => {
  it('puts a value equal to a boundary in the bucket it opens and skips empty buckets', async () => {
    const out = await run([
      { $bucket: { groupBy: '$price', boundaries: [0, 10, 20, 30, 50], default: 'other' } },
    ]);
    expect(out).toEqual([
      { _id: 0, count: 1 },
      { _id: 10, count: 2 },
      { _id: 30, count: 1 },
      { _id: 'other', count: 1 },
    ]);
  });

  it('computes the output accumulators only, per bucket', async () => {
    const out = await run([
      { $match: { price: { $type: 'number' } } },
      {
        $bucket: {
          groupBy: '$price',
          boundaries: [0, 15, 100],
          output: { tags: { $push: '$tag' }, total: { $sum: '$price' } },
        },
      },
    ]);
    expect(out).toEqual([
      { _id: 0, tags: ['a', 'b'], total: 10 },
      { _id: 15, tags: ['c', 'd'], total: 55 },
    ]);
  });

  it('refuses a value outside the boundaries when there is no default', async () => {
    const error: unknown = await run([
      { $bucket: { groupBy: '$price', boundaries: [0, 20] } },
    ]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(40066);
  });
});

describe('$project key order', () => {
  it('keeps the fields written, in that order, after _id', async () => {
    const [doc] = await run([
      { $match: { _id: 2 } },
      {
        $project: {
          zeta: '$price',
          alpha: { $literal: 1 },
          tag: 1,
          mid: { $concat: ['$tag', '!'] },
        },
      },
    ]);
    expect(Object.keys(doc ?? {})).toEqual(['_id', 'tag', 'zeta', 'alpha', 'mid']);
  });
});
