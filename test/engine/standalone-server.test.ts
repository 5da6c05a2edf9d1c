// What the engine refuses as a server without Atlas Search, and what snapshot read concern does
// on a replica set member (MongoDB's sessions and index-management spec tests expect these).
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

describe('snapshot sessions on a replica set member', () => {
  it('answer reads, and refuse writes and commands that take no snapshot', async () => {
    const session = client.startSession({ snapshot: true });
    try {
      expect(await docs.find({}, { session }).toArray()).toEqual([{ _id: 1 }]);
      expect(await docs.distinct('_id', {}, { session })).toEqual([1]);
      const listing = client
        .db('standalone')
        .command({ listCollections: 1, readConcern: { level: 'snapshot' } });
      await expect(listing).rejects.toThrow(/snapshot/);
    } finally {
      await session.endSession();
    }
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
