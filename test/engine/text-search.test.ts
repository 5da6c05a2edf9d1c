// Text indexes and $text through the official driver: index creation and listing as mongod
// shows them, the search string's rules (OR of terms, phrases, negation, stemming, stop words,
// case and diacritic sensitivity), scores and weights, $meta in find and aggregate, and the
// index kept up to date by every write path.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, type Collection, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';
import { serverFailure } from '../helpers/driver.js';

let dir: string;
let engine: RunningEngine;
let client: MongoClient;
let db: Db;
let counter = 0;

/** Test documents have numeric ids. */
type Doc = { _id?: number } & Document;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-text-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
  db = client.db('text');
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh collection holding `docs`, with a text index on `key`. */
async function indexed(
  docs: Doc[],
  key: Document = { title: 'text' },
  options: Document = {},
): Promise<Collection<Doc>> {
  const collection = db.collection<Doc>(`c${++counter}`);
  if (docs.length > 0) await collection.insertMany(docs);
  await collection.createIndex(key, options);
  return collection;
}

const ids = async (collection: Collection<Doc>, search: Document | string): Promise<unknown[]> => {
  const operand = typeof search === 'string' ? { $search: search } : search;
  const found = await collection
    .find({ $text: operand as { $search: string } })
    .sort({ _id: 1 })
    .toArray();
  return found.map((doc) => doc._id);
};

describe('text indexes', () => {
  it('are listed as mongod lists them', async () => {
    const posts = await indexed([], { title: 'text', body: 'text' }, { weights: { title: 5 } });
    const [, text] = await posts.listIndexes().toArray();
    expect(text).toEqual({
      v: 2,
      key: { _fts: 'text', _ftsx: 1 },
      name: 'title_text_body_text',
      weights: { body: 1, title: 5 },
      default_language: 'english',
      language_override: 'language',
      textIndexVersion: 3,
    });
    const wildcard = await indexed([], { '$**': 'text' });
    const [, all] = await wildcard.listIndexes().toArray();
    expect(all).toMatchObject({ name: '$**_text', weights: { '$**': 1 } });
  });

  it('allow one text index per collection', async () => {
    const posts = await indexed([], { title: 'text' });
    expect(await posts.createIndex({ title: 'text' })).toBe('title_text');
    const second = await serverFailure(posts.createIndex({ body: 'text' }));
    expect(second.code).toBe(85);
    const compound = await serverFailure(posts.createIndex({ kind: 1, body: 'text' }));
    expect(compound.code).toBe(67);
    expect(compound.message).toContain('only one text index per collection allowed');
  });

  it('refuse bad options as mongod does', async () => {
    const posts = db.collection<Doc>('refused');
    const language = await serverFailure(
      posts.createIndex({ title: 'text' }, { default_language: 'klingon' }),
    );
    expect(language).toMatchObject({ code: 67, message: 'default_language is not valid' });
    const apart = await serverFailure(posts.createIndex({ a: 'text', b: 1, c: 'text' }));
    expect(apart.message).toContain('must all be adjacent');
  });

  it('are required by $text', async () => {
    const plain = db.collection<Doc>('plain');
    await plain.insertOne({ title: 'x' });
    const failure = await serverFailure(plain.find({ $text: { $search: 'x' } }).toArray());
    expect(failure).toMatchObject({ code: 27, message: 'text index required for $text query' });
  });
});

describe('$text', () => {
  const articles = [
    { _id: 1, title: 'The quick brown fox' },
    { _id: 2, title: 'Lazy dogs sleeping all day' },
    { _id: 3, title: 'A quick café visit' },
    { _id: 4, title: 'Brown bread and Butter' },
  ];

  it('matches any term, stemmed, ignoring case, diacritics and stop words', async () => {
    const posts = await indexed(articles);
    expect(await ids(posts, 'QUICK bread')).toEqual([1, 3, 4]);
    expect(await ids(posts, 'sleep dog')).toEqual([2]);
    expect(await ids(posts, 'cafe')).toEqual([3]);
    expect(await ids(posts, 'the and')).toEqual([]);
  });

  it("keeps an English word's apostrophe, as mongod does", async () => {
    const books = await indexed([{ _id: 1, title: "O'Reilly books" }]);
    expect(await ids(books, "o'reilly")).toEqual([1]);
    expect(await ids(books, 'reilly')).toEqual([]);
    expect(await ids(books, { $search: 'reilly', $language: 'none' })).toEqual([]);
  });

  it('requires every phrase and excludes negated terms and phrases', async () => {
    const posts = await indexed(articles);
    expect(await ids(posts, '"quick brown"')).toEqual([1]);
    expect(await ids(posts, 'quick brown -fox')).toEqual([3, 4]);
    expect(await ids(posts, 'brown -"brown bread"')).toEqual([1]);
    expect(await ids(posts, '-fox')).toEqual([]);
  });

  it('is case and diacritic sensitive when asked', async () => {
    const posts = await indexed(articles);
    expect(await ids(posts, { $search: 'butter', $caseSensitive: true })).toEqual([]);
    expect(await ids(posts, { $search: 'Butter', $caseSensitive: true })).toEqual([4]);
    expect(await ids(posts, { $search: 'cafe', $diacriticSensitive: true })).toEqual([]);
    expect(await ids(posts, { $search: 'café', $diacriticSensitive: true })).toEqual([3]);
  });

  it("stems in the document's language and the search's", async () => {
    const posts = await indexed([
      { _id: 1, title: 'il mangeait', language: 'french' },
      { _id: 2, title: 'mangeait' },
    ]);
    // French stems both "mangeait" and "manger" to "mang"; English leaves them.
    expect(await ids(posts, { $search: 'manger', $language: 'fr' })).toEqual([1]);
    expect(await ids(posts, { $search: 'mangeait' })).toEqual([2]);
    const failure = await serverFailure(
      posts.insertOne({ title: 'x', language: 'klingon' }) as Promise<unknown>,
    );
    expect(failure.code).toBe(17262);
  });

  it('works in count, aggregate, update and delete', async () => {
    const posts = await indexed(articles);
    expect(await posts.countDocuments({ $text: { $search: 'quick' } })).toBe(2);
    expect(await posts.countDocuments({ $text: { $search: 'quick' }, _id: { $gt: 1 } })).toBe(1);
    await posts.updateMany({ $text: { $search: 'brown' } }, { $set: { brown: true } });
    expect(await posts.countDocuments({ brown: true })).toBe(2);
    await posts.deleteMany({ $and: [{ $text: { $search: 'lazy' } }] });
    expect(await posts.countDocuments()).toBe(3);
  });

  it('reads only the wildcard or weighted fields, through arrays and subdocuments', async () => {
    const wildcard = await indexed(
      [
        { _id: 1, a: { b: ['red apple'] } },
        { _id: 2, c: 'green apple' },
      ],
      { '$**': 'text' },
    );
    expect(await ids(wildcard, 'apple')).toEqual([1, 2]);
    const nested = await indexed(
      [
        { _id: 1, a: [{ b: 'red apple' }] },
        { _id: 2, c: 'apple' },
      ],
      {
        'a.b': 'text',
      },
    );
    expect(await ids(nested, 'apple')).toEqual([1]);
  });

  it('is explained as a TEXT_MATCH over the text index', async () => {
    const posts = await indexed(articles);
    const explained = await posts
      .find({ $text: { $search: 'quick' } })
      .sort({ score: { $meta: 'textScore' } })
      .explain('executionStats');
    expect(JSON.stringify(explained.queryPlanner.winningPlan)).toContain('TEXT_MATCH');
    expect(explained.executionStats.nReturned).toBe(2);
  });

  it('needs equality on the prefix of a compound text index', async () => {
    const posts = await indexed(
      [
        { _id: 1, kind: 'a', title: 'apple' },
        { _id: 2, kind: 'b', title: 'apple' },
      ],
      { kind: 1, title: 'text' },
    );
    const found = await posts.find({ kind: 'b', $text: { $search: 'apple' } }).toArray();
    expect(found.map((doc) => doc._id)).toEqual([2]);
    const failure = await serverFailure(posts.find({ $text: { $search: 'apple' } }).toArray());
    expect(failure.message).toContain('are equality predicates given for all prefix fields');
  });
});

describe('text scores', () => {
  it('follow mongod: term frequency, field share and weights', async () => {
    const posts = await indexed(
      [
        { _id: 1, title: 'search', body: 'nothing here' },
        { _id: 2, title: 'text search in mongoose', body: 'search search' },
        { _id: 3, title: 'other', body: 'search' },
      ],
      { title: 'text', body: 'text' },
      { weights: { title: 10 } },
    );
    const found = await posts
      .find({ $text: { $search: 'search' } }, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(found.map((doc) => doc._id)).toEqual([1, 2, 3]);
    // "search" alone in a title of weight 10: 10 * 1 * (0.5 + 0.5) * 1.1.
    expect(found[0]?.score).toBeCloseTo(11);
    // Once of three terms in the title ("in" is a stop word): 10 * (0.5 + 0.5 / 3); twice in a
    // body of two terms: (1 + 1/2) * (0.5 + 0.5).
    expect(found[1]?.score).toBeCloseTo(10 * (0.5 + 0.5 / 3) + 1.5);
    expect(found[2]?.score).toBeCloseTo(1.1);
  });

  it('are refused without $text', async () => {
    const posts = await indexed([{ title: 'a' }]);
    const failure = await serverFailure(
      posts.find({}, { projection: { score: { $meta: 'textScore' } } }).toArray(),
    );
    expect(failure.code).toBe(40218);
  });
});

describe('$meta "textScore" in aggregate', () => {
  const docs = [
    { _id: 1, title: 'apple pie', kind: 'a' },
    { _id: 2, title: 'apple apple tart', kind: 'b' },
    { _id: 3, title: 'pear', kind: 'a' },
  ];

  it('projects, adds, sorts and groups by the score of the leading $match', async () => {
    const posts = await indexed(docs);
    const sorted = await posts
      .aggregate([
        { $match: { $text: { $search: 'apple' } } },
        { $project: { title: 1, score: { $meta: 'textScore' } } },
        { $sort: { score: { $meta: 'textScore' }, _id: 1 } },
      ])
      .toArray();
    expect(sorted.map((doc) => doc._id)).toEqual([2, 1]);
    expect(Object.keys(sorted[0] ?? {})).toEqual(['_id', 'title', 'score']);
    expect(sorted[0]?.score).toBeGreaterThan(sorted[1]?.score as number);
    const added = await posts
      .aggregate([
        { $match: { $text: { $search: 'apple' } } },
        { $addFields: { score: { $meta: 'textScore' } } },
        { $group: { _id: '$kind', best: { $max: { $meta: 'textScore' } } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(added.map((doc) => doc._id)).toEqual(['a', 'b']);
    const plain = await posts.aggregate([{ $match: { $text: { $search: 'pear' } } }]).toArray();
    expect(plain).toEqual([{ _id: 3, title: 'pear', kind: 'a' }]);
  });

  it('allows $text in the first stage only, and the score only after it', async () => {
    const posts = await indexed(docs);
    const late = await serverFailure(
      posts.aggregate([{ $limit: 5 }, { $match: { $text: { $search: 'apple' } } }]).toArray(),
    );
    expect(late.code).toBe(17313);
    const missing = await serverFailure(
      posts.aggregate([{ $project: { score: { $meta: 'textScore' } } }]).toArray(),
    );
    expect(missing.code).toBe(40218);
  });
});
