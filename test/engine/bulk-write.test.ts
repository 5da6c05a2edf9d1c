// What MongoDB 8.0 brings that the engine now answers: the bulkWrite admin command (the driver's
// client.bulkWrite), updateOne/replaceOne with a sort, and 17276 for an undefined $$variable.
// Runs unchanged on a real mongod (CAREER_TEST_BACKEND=mongodb-memory-server, 8.0 or newer).
import type { Document } from 'bson';
import { MongoClient, MongoClientBulkWriteError, type Db } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';

type Numbered = { _id: number; x?: number; y?: number; picked?: boolean; replaced?: boolean };

let database: IsolatedDatabase;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  database = await isolatedDatabase();
  client = new MongoClient(database.uri);
  await client.connect();
});

afterAll(async () => {
  await client.close();
  await database.close();
});

beforeEach(async () => {
  db = client.db(`bulk_${Math.random().toString(36).slice(2)}`);
  await db.collection<Numbered>('a').insertMany([
    { _id: 1, x: 11 },
    { _id: 2, x: 22 },
    { _id: 3, x: 33 },
  ]);
});

describe('the bulkWrite command', () => {
  it('is what client.bulkWrite sends, and reports verbose results across namespaces', async () => {
    const a = `${db.databaseName}.a`;
    const b = `${db.databaseName}.b`;
    const result = await client.bulkWrite<Record<string, Numbered>>(
      [
        { name: 'insertOne', namespace: b, document: { _id: 9 } },
        {
          name: 'updateMany',
          namespace: a,
          filter: { x: { $gt: 15 } },
          update: { $inc: { x: 1 } },
        },
        {
          name: 'replaceOne',
          namespace: a,
          filter: { _id: 7 },
          replacement: { y: 1 },
          upsert: true,
        },
        { name: 'deleteOne', namespace: a, filter: { _id: 1 } },
      ],
      { verboseResults: true },
    );
    expect(result).toMatchObject({
      insertedCount: 1,
      matchedCount: 2,
      modifiedCount: 2,
      upsertedCount: 1,
      deletedCount: 1,
    });
    // As MongoDB reports it: an upsert's own n is 1, but it is not in the summary's matchedCount.
    expect(result.updateResults?.get(2)).toMatchObject({ matchedCount: 1, upsertedId: 7 });
    expect(await db.collection<Numbered>('b').find().toArray()).toEqual([{ _id: 9 }]);
    expect(await db.collection<Numbered>('a').find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 2, x: 23 },
      { _id: 3, x: 34 },
      { _id: 7, y: 1 },
    ]);
  });

  it('stops an ordered batch at its first write error and reports it by index', async () => {
    const a = `${db.databaseName}.a`;
    const error: unknown = await client
      .bulkWrite<Record<string, Numbered>>([
        { name: 'insertOne', namespace: a, document: { _id: 4 } },
        { name: 'insertOne', namespace: a, document: { _id: 1 } },
        { name: 'insertOne', namespace: a, document: { _id: 5 } },
      ])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MongoClientBulkWriteError);
    expect((error as MongoClientBulkWriteError).writeErrors.get(1)).toMatchObject({ code: 11000 });
    expect(await db.collection<Numbered>('a').countDocuments({ _id: { $in: [4, 5] } })).toBe(1);
  });

  it('answers errorsOnly with only the failures, and counts in its summary', async () => {
    const reply = await client.db('admin').command({
      bulkWrite: 1,
      ops: [
        { insert: 0, document: { _id: 1 } },
        { update: 0, filter: { _id: 2 }, updateMods: { $set: { x: 0 } } },
        { delete: 0, filter: { $expr: { $eq: ['$_id', '$$missing'] } }, multi: false },
      ],
      nsInfo: [{ ns: `${db.databaseName}.a` }],
      ordered: false,
      errorsOnly: true,
    });
    const batch = (reply.cursor as Document).firstBatch as Document[];
    expect(batch.map((entry) => [entry.idx, entry.ok, entry.code])).toEqual([
      [0, 0, 11000],
      [2, 0, 17276],
    ]);
    expect(reply).toMatchObject({ nErrors: 2, nInserted: 0, nMatched: 1, nModified: 1 });
    expect(Number((reply.cursor as Document).id)).toBe(0);
  });

  it('runs only against the admin database', async () => {
    const refused = db.command({
      bulkWrite: 1,
      ops: [{ insert: 0, document: { _id: 8 } }],
      nsInfo: [{ ns: `${db.databaseName}.a` }],
    });
    await expect(refused).rejects.toMatchObject({ code: 13 });
  });
});

describe('updateOne and replaceOne with a sort', () => {
  it('change the first document in the sort order', async () => {
    const docs = db.collection<Numbered>('a');
    await docs.updateOne({ _id: { $gt: 0 } }, { $set: { picked: true } }, { sort: { _id: -1 } });
    await docs.replaceOne({ _id: { $gt: 0 } }, { replaced: true }, { sort: { x: 1 } });
    expect(await docs.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, replaced: true },
      { _id: 2, x: 22 },
      { _id: 3, x: 33, picked: true },
    ]);
  });
});
