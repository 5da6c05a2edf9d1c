// A $text search string is MongoDB's, not SQLite FTS5's: NEAR, *, ^, AND/OR/NOT, parentheses
// and column filters are plain words (or delimiters) and never an error, a prefix search, a
// boolean operator or a column; only MongoDB's own "phrases" and -negation have meaning.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';

let dir: string;
let engine: RunningEngine;
let client: MongoClient;
let posts: Collection<Document>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-text-syntax-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
  posts = client.db('text-syntax').collection('posts');
  await posts.insertMany([
    { _id: 1, title: 'quick brown fox' } as Document,
    { _id: 2, title: 'lazy sleeping dogs' },
    { _id: 3, title: 'quick cafe visit' },
    { _id: 4, title: 'terms near the title page' },
    { _id: 5, title: 'this or that, and not the other', language: 'none' },
  ]);
  await posts.createIndex({ title: 'text' });
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function ids(search: string, language?: string): Promise<unknown[]> {
  const text = { $search: search, ...(language ? { $language: language } : {}) };
  const found = await posts.find({ $text: text }).sort({ _id: 1 }).toArray();
  const aggregated = await posts.aggregate([{ $match: { $text: text } }, { $sort: { _id: 1 } }]);
  const viaAggregate = (await aggregated.toArray()).map((doc) => doc._id);
  const viaFind = found.map((doc) => doc._id);
  expect(viaAggregate).toEqual(viaFind);
  return viaFind;
}

describe('$text search strings with FTS5 syntax', () => {
  it('reads NEAR groups, carets and parentheses as words', async () => {
    expect(await ids('NEAR(quick fox)')).toEqual([1, 3, 4]);
    expect(await ids('NEAR(quick fox, 2)')).toEqual([1, 3, 4]);
    expect(await ids('^quick')).toEqual([1, 3]);
    expect(await ids('(lazy OR visit)')).toEqual([2, 3]);
    expect(await ids('((dogs')).toEqual([2]);
  });

  it('has no prefix search: a star is a delimiter', async () => {
    expect(await ids('qui*')).toEqual([]);
    expect(await ids('quick*')).toEqual([1, 3]);
    expect(await ids('*')).toEqual([]);
  });

  it('reads AND, OR and NOT as words, never as operators', async () => {
    // English drops them as stop words: the other terms are ORed as usual.
    expect(await ids('quick NOT fox')).toEqual([1, 3]);
    expect(await ids('fox AND visit')).toEqual([1, 3]);
    expect(await ids('AND')).toEqual([]);
    // In a text without a language (indexed so) they are terms like any other.
    expect(await ids('OR', 'none')).toEqual([5]);
    expect(await ids('NOT', 'none')).toEqual([5]);
    expect(await ids('fox AND', 'none')).toEqual([1, 5]);
  });

  it('reads a column filter as two words', async () => {
    expect(await ids('title:visit')).toEqual([3, 4]);
    expect(await ids('terms:dogs')).toEqual([2, 4]);
    expect(await ids('{title terms}:zebra')).toEqual([4]);
  });

  it("keeps MongoDB's own phrases and negation, with stray quotes harmless", async () => {
    expect(await ids('"quick brown"')).toEqual([1]);
    expect(await ids('quick -"brown fox"')).toEqual([3]);
    expect(await ids('quick -fox')).toEqual([3]);
    expect(await ids('"quick')).toEqual([1, 3]);
    expect(await ids('dogs"')).toEqual([2]);
    expect(await ids('"""')).toEqual([]);
  });
});
