// A sorted find with a small limit keeps only the best skip + limit documents while it reads
// (src/engine/commands/query-executor.ts): its answer must be the full sort's, cut, ties in
// the order the full (stable) sort gives them, for a text score and for a field alike; and a
// compound text index's equality prefix scopes a search to its value.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';

let dir: string;
let engine: RunningEngine;
let client: MongoClient;
/** Test documents have numeric ids. */
type Doc = { _id?: number } & Document;
let collection: Collection<Doc>;

const WORDS = ['alpha', 'beta', 'gamma', 'delta'];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-sorted-limit-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
  collection = client.db('sorted').collection<Doc>('docs');
  // 3,000 documents, few distinct scores and ranks: many ties, past several cuts.
  await collection.insertMany(
    Array.from({ length: 3_000 }, (_, i) => ({
      _id: i,
      owner: i % 3,
      rank: (i * 7) % 5,
      title: `${WORDS[i % 4]} ${i % 3 === 0 ? 'alpha alpha' : 'omega'}`,
    })),
  );
  await collection.createIndex({ owner: 1, title: 'text' });
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const score = { $meta: 'textScore' };

describe('sorted finds with a limit', () => {
  it('by text score: the full sort, cut (ties in the same order)', async () => {
    const filter = { owner: 0, $text: { $search: 'alpha beta' } };
    const all = await collection.find(filter, { projection: { score } }).sort({ score }).toArray();
    expect(all.length).toBe(1_000);
    for (const [skip, limit] of [
      [0, 5],
      [3, 20],
      [100, 300],
      [990, 50],
    ] as const) {
      const cut = await collection
        .find(filter, { projection: { score } })
        .sort({ score })
        .skip(skip)
        .limit(limit)
        .toArray();
      expect(cut, `skip ${skip} limit ${limit}`).toEqual(all.slice(skip, skip + limit));
    }
  });

  it('by a field with ties: the full sort, cut', async () => {
    const all = await collection.find({}).sort({ rank: -1 }).toArray();
    const cut = await collection.find({}).sort({ rank: -1 }).skip(7).limit(40).toArray();
    expect(cut).toEqual(all.slice(7, 47));
  });

  it('a text search pinned to one prefix value finds only documents with that value', async () => {
    const found = await collection.find({ owner: 2, $text: { $search: 'alpha' } }).toArray();
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((doc) => doc.owner === 2)).toBe(true);
  });
});
