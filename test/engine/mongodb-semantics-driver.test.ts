// MongoDB behaviours found missing by Mongoose's test suite (npm run compat:mongoose), seen
// through the official driver. Runs unchanged on mongodb-memory-server.
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';

let database: IsolatedDatabase;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  database = await isolatedDatabase();
  client = new MongoClient(database.uri);
  await client.connect();
});

afterAll(async () => {
  await client?.close();
  await database?.close();
});

beforeEach(async (context) => {
  db = client.db(`t_${context.task.id.replace(/[^a-zA-Z0-9]/g, '')}`);
  await db.dropDatabase();
});

describe("a collection's default collation", () => {
  const names = [{ name: 'Zeta' }, { name: 'alpha' }, { name: 'ALPHA' }];

  it('applies to filters and sorts that name no collation of their own', async () => {
    const coll = await db.createCollection('people', {
      collation: { locale: 'en', strength: 2 },
    });
    await coll.insertMany(names.map((doc) => ({ ...doc })));
    const sorted = await coll
      .find({}, { projection: { _id: 0 } })
      .sort({ name: 1 })
      .toArray();
    expect(sorted.map((doc) => doc.name)).toEqual(['alpha', 'ALPHA', 'Zeta']);
    expect(await coll.countDocuments({ name: 'alpha' })).toBe(2);
    const updated = await coll.updateMany({ name: 'ALPHA' }, { $set: { seen: true } });
    expect(updated.modifiedCount).toBe(2);
    expect(await coll.deleteMany({ name: 'zeta' })).toMatchObject({ deletedCount: 1 });
  });

  it("reaches aggregate's later stages and distinct", async () => {
    const coll = await db.createCollection('people', {
      collation: { locale: 'en', strength: 2 },
    });
    await coll.insertMany(names.map((doc) => ({ ...doc })));
    const sorted = await coll
      .aggregate([{ $project: { _id: 0, name: 1 } }, { $sort: { name: 1 } }])
      .toArray();
    expect(sorted.map((doc) => doc.name)).toEqual(['alpha', 'ALPHA', 'Zeta']);
    expect(await coll.distinct('name')).toHaveLength(2);
  });

  it("gives way to a command's own collation", async () => {
    const coll = await db.createCollection('people', {
      collation: { locale: 'en', strength: 2 },
    });
    await coll.insertMany(names.map((doc) => ({ ...doc })));
    const simple = { locale: 'simple' };
    expect(await coll.countDocuments({ name: 'alpha' }, { collation: simple })).toBe(1);
    const sorted = await coll.find({}, { collation: simple }).sort({ name: 1 }).toArray();
    expect(sorted.map((doc) => doc.name)).toEqual(['ALPHA', 'Zeta', 'alpha']);
  });
});

describe('sorting under a collation given with the query', () => {
  it('orders strings by the collation', async () => {
    const coll = db.collection('people');
    await coll.insertMany([{ name: 'b' }, { name: 'B' }, { name: 'a' }]);
    const sorted = await coll
      .find({}, { collation: { locale: 'en' } })
      .sort({ name: 1 })
      .toArray();
    expect(sorted.map((doc) => doc.name)).toEqual(['a', 'b', 'B']);
  });
});

describe('inserted documents', () => {
  it('are stored with _id first, wherever the client put it', async () => {
    const coll = db.collection<{ _id: number; a: number; b: number }>('docs');
    await coll.insertOne({ a: 1, _id: 7, b: 2 });
    await coll.insertMany([{ a: 1, b: 2, _id: 8 }]);
    await coll.insertOne({ _id: 9, a: 1, b: 2 });
    const stored = await coll.find().sort({ _id: 1 }).toArray();
    expect(stored.map((doc) => Object.keys(doc))).toEqual([
      ['_id', 'a', 'b'],
      ['_id', 'a', 'b'],
      ['_id', 'a', 'b'],
    ]);
  });
});

describe('a filter MongoDB refuses', () => {
  it('is refused even when the collection does not exist', async () => {
    const missing = db.collection('never_created');
    await expect(missing.find({ a: { $notAnOperator: 1 } }).toArray()).rejects.toMatchObject({
      code: 2,
    });
    await expect(missing.countDocuments({ a: { $notAnOperator: 1 } })).rejects.toMatchObject({
      code: 2,
    });
  });
});
