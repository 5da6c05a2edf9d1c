// A text index follows every write path: inserts, updates, replacements, deletes,
// findAndModify, bulk writes, capped trimming and TTL deletes, and goes with dropIndexes, drop
// and renameCollection; building one indexes the documents already there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient, type Collection, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode } from '../../src/engine/codec.js';
import { DATA_FILE_NAME, startEngine, type RunningEngine } from '../../src/engine/index.js';
import { openSqliteBackend } from '../../src/engine/storage/sqlite-backend.js';
import { sweepExpired } from '../../src/engine/ttl-monitor.js';
import { serverFailure } from '../helpers/driver.js';

let dir: string;
let engine: RunningEngine;
let client: MongoClient;
let db: Db;

/** Test documents have numeric ids. */
type Doc = { _id?: number } & Document;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-text-writes-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
  db = client.db('textwrites');
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const found = async (collection: Collection<Doc>, search: string): Promise<unknown[]> =>
  (
    await collection
      .find({ $text: { $search: search } })
      .sort({ _id: 1 })
      .toArray()
  ).map((doc) => doc._id);

/**
 * How many entries of the collection's text index hold `term`, read from the FTS5 table itself
 * (a query would hide stale entries: every candidate is checked against its document).
 */
function entries(file: string, db: string, collection: string, term: string): number {
  const sqlite = new Database(file, { readonly: true });
  try {
    const id = sqlite
      .prepare(
        'SELECT i.id FROM catalog_indexes i JOIN catalog_collections c ON c.id = i.collection_id ' +
          "WHERE c.db = ? AND c.name = ? AND i.name = 'body_text'",
      )
      .pluck()
      .get(db, collection) as number;
    return sqlite
      .prepare(`SELECT COUNT(*) FROM fts_${id} WHERE fts_${id} MATCH ?`)
      .pluck()
      .get(`"${term}"`) as number;
  } finally {
    sqlite.close();
  }
}

const indexed = (collection: string, term: string): number =>
  entries(path.join(dir, DATA_FILE_NAME), 'textwrites', collection, term);

describe('a text index', () => {
  it('is built over the documents already there', async () => {
    const notes = db.collection<Doc>('built');
    await notes.insertMany([
      { _id: 1, body: 'old apples' },
      { _id: 2, body: 'pears' },
    ]);
    await notes.createIndex({ body: 'text' });
    expect(await found(notes, 'apple')).toEqual([1]);
  });

  it('follows inserts, updates, replacements and deletes', async () => {
    const notes = db.collection<Doc>('writes');
    await notes.createIndex({ body: 'text' });
    await notes.insertMany([
      { _id: 1, body: 'red apple' },
      { _id: 2, body: 'green pear' },
    ]);
    await notes.updateOne({ _id: 1 }, { $set: { body: 'yellow banana' } });
    expect(await found(notes, 'apple')).toEqual([]);
    expect(indexed('writes', 'appl')).toBe(0);
    expect(await found(notes, 'banana')).toEqual([1]);
    await notes.replaceOne({ _id: 2 }, { body: 'ripe apple' });
    expect(await found(notes, 'pear apple')).toEqual([2]);
    expect(indexed('writes', 'pear')).toBe(0);
    await notes.deleteOne({ _id: 2 });
    expect(await found(notes, 'apple')).toEqual([]);
    expect(indexed('writes', 'appl')).toBe(0);
    await notes.updateOne({ _id: 1 }, { $unset: { body: 1 } });
    expect(await found(notes, 'banana')).toEqual([]);
    expect(indexed('writes', 'banana')).toBe(0);
  });

  it('follows findAndModify and bulk writes', async () => {
    const notes = db.collection<Doc>('modify');
    await notes.createIndex({ body: 'text' });
    await notes.insertMany([
      { _id: 1, body: 'plum' },
      { _id: 2, body: 'cherry' },
    ]);
    await notes.findOneAndUpdate({ _id: 1 }, { $set: { body: 'kiwi' } });
    await notes.findOneAndDelete({ _id: 2 });
    expect(await found(notes, 'plum cherry kiwi')).toEqual([1]);
    expect(indexed('modify', 'plum') + indexed('modify', 'cherri')).toBe(0);
    await notes.bulkWrite([
      { insertOne: { document: { _id: 3, body: 'mango' } } },
      { updateOne: { filter: { _id: 1 }, update: { $set: { body: 'mango' } } } },
      { deleteOne: { filter: { _id: 3 } } },
    ]);
    expect(await found(notes, 'mango kiwi')).toEqual([1]);
    expect(indexed('modify', 'mango')).toBe(1);
  });

  it('goes with dropIndexes and drop, and follows a rename', async () => {
    const notes = db.collection<Doc>('dropped');
    await notes.insertOne({ _id: 1, body: 'fig' });
    await notes.createIndex({ body: 'text' });
    await notes.dropIndex('body_text');
    expect((await serverFailure(found(notes, 'fig'))).code).toBe(27);
    await notes.createIndex({ body: 'text' });
    await notes.rename('renamed');
    const renamed = db.collection<Doc>('renamed');
    expect(await found(renamed, 'fig')).toEqual([1]);
    await renamed.drop();
    await renamed.insertOne({ _id: 2, body: 'fig' });
    expect((await serverFailure(found(renamed, 'fig'))).code).toBe(27);
    await renamed.createIndex({ body: 'text' });
    expect(await found(renamed, 'fig')).toEqual([2]);
  });

  it('loses the documents a capped collection trims', async () => {
    const notes = await db.createCollection<Doc>('capped', { capped: true, size: 4096, max: 2 });
    await notes.createIndex({ body: 'text' });
    for (const [id, body] of [
      [1, 'lime'],
      [2, 'lemon'],
      [3, 'lime lemon'],
    ] as const) {
      await notes.insertOne({ _id: id, body });
    }
    expect(await found(notes, 'lime')).toEqual([3]);
    expect(indexed('capped', 'lime')).toBe(1);
  });

  it('loses the documents a TTL sweep removes', () => {
    const storage = openSqliteBackend({ file: path.join(dir, 'ttl.sqlite') });
    try {
      const notes = storage.createCollection('app', 'notes');
      notes.createIndex({ v: 2, key: { at: 1 }, name: 'at_1', expireAfterSeconds: 60 });
      notes.createIndex({
        v: 2,
        key: { _fts: 'text', _ftsx: 1 },
        name: 'body_text',
        weights: { body: 1 },
        default_language: 'english',
        language_override: 'language',
        textIndexVersion: 3,
      });
      const old = { _id: 1, at: new Date(0), body: 'walnut' };
      const fresh = { _id: 2, body: 'walnut' };
      notes.insert(old, encode(old));
      notes.insert(fresh, encode(fresh));
      expect([...notes.textCandidates(['walnut'])]).toHaveLength(2);
      expect(sweepExpired(storage)).toBe(1);
      expect([...notes.textCandidates(['walnut'])]).toHaveLength(1);
      expect(entries(path.join(dir, 'ttl.sqlite'), 'app', 'notes', 'walnut')).toBe(1);
    } finally {
      storage.close();
    }
  });
});
