// What the engine refuses because it is a standalone server without Atlas Search, as a mongod
// of that kind does (MongoDB's sessions and index-management spec tests expect these errors).
import { MongoClient, type Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';

let database: IsolatedDatabase;
let client: MongoClient;
let docs: Collection<{ _id: number }>;

beforeAll(async () => {
  database = await isolatedDatabase();
  client = new MongoClient(database.uri);
  await client.connect();
  docs = client.db('standalone').collection('docs');
  await docs.insertOne({ _id: 1 });
});

afterAll(async () => {
  await client.close();
  await database.close();
});

describe('a standalone server', () => {
  it('refuses snapshot reads, which need a replica set', async () => {
    const session = client.startSession({ snapshot: true });
    try {
      await expect(docs.find({}, { session }).toArray()).rejects.toThrow(/snapshot/);
      await expect(docs.distinct('_id', {}, { session })).rejects.toThrow(/snapshot/);
    } finally {
      await session.endSession();
    }
    // Without the snapshot session the same read answers.
    expect(await docs.find().toArray()).toEqual([{ _id: 1 }]);
  });
});

describe('a server without Atlas Search', () => {
  it('refuses the search index commands and $listSearchIndexes, naming Atlas', async () => {
    await expect(docs.createSearchIndex({ name: 'x', definition: {} })).rejects.toThrow(/Atlas/);
    await expect(docs.dropSearchIndex('x')).rejects.toThrow(/Atlas/);
    await expect(docs.updateSearchIndex('x', {})).rejects.toThrow(/Atlas/);
    await expect(docs.listSearchIndexes().toArray()).rejects.toThrow(/Atlas/);
  });
});
