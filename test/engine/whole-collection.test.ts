// A find over a whole collection (what backups and exports do): documents come back as the
// exact stored bytes, batch after batch, and a cursor read while another process writes sees
// every document once and whole.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Binary,
  BSONRegExp,
  Decimal128,
  Double,
  Int32,
  Long,
  ObjectId,
  serialize,
  Timestamp,
  type Document,
} from 'bson';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine } from '../../src/engine/index.js';

const dirs: string[] = [];
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function clientOn(dataDir: string): Promise<MongoClient> {
  const engine = await startEngine({ dataDir });
  const client = await MongoClient.connect(engine.uri);
  closers.push(
    () => engine.close(),
    () => client.close(),
  );
  return client;
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'career-whole-'));
  dirs.push(dir);
  return dir;
}

const typed = (i: number): Document => ({
  _id: new ObjectId(),
  i: new Int32(i),
  double: new Double(i),
  long: Long.fromString('9007199254740993'),
  decimal: Decimal128.fromString('0.1'),
  when: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  binary: new Binary(Buffer.from([i & 255, 0, 255]), 0),
  regex: new BSONRegExp('^a.c$', 'i'),
  stamp: new Timestamp({ t: 1, i }),
  nested: { list: [[1, 'two'], { three: null }], empty: {} },
});

/** A document whose `items` always has `n` elements: a torn read would break that. */
interface Counted {
  _id: number;
  n: number;
  items: string[];
}

describe('find over a whole collection', () => {
  it('returns the stored bytes exactly, across batches and with a limit', async () => {
    const client = await clientOn(tempDir());
    const collection = client.db('t').collection('docs');
    const docs = Array.from({ length: 250 }, (_, i) => typed(i));
    await collection.insertMany(docs);
    const expected = docs.map((doc) => Buffer.from(serialize(doc)));

    const raw = await collection.find({}, { raw: true, batchSize: 64 }).toArray();
    expect(raw.map((doc) => Buffer.from(doc as unknown as Buffer))).toEqual(expected);

    const limited = await collection.find({}, { batchSize: 7, limit: 20 }).toArray();
    expect(limited.map((doc) => doc.i as number)).toEqual([...Array(20).keys()]);
    // Filters, projections and sorts still go through the query path.
    expect(await collection.find({ i: { $lt: 3 } }, { projection: { i: 1 } }).toArray()).toEqual(
      docs.slice(0, 3).map((doc) => ({ _id: doc._id, i: (doc.i as Int32).value })),
    );
    expect((await collection.find({}).sort({ i: -1 }).limit(1).toArray())[0]?.i).toBe(249);
  });

  it('sees each document once and whole while another process writes between batches', async () => {
    const dataDir = tempDir();
    const reader = (await clientOn(dataDir)).db('t').collection<Counted>('docs');
    // A second engine on the same file: another process's SQLite connection.
    const writer = (await clientOn(dataDir)).db('t').collection<Counted>('docs');
    await writer.insertMany(
      Array.from({ length: 500 }, (_, i) => ({ _id: i, n: 1, items: ['x'] })),
    );

    const cursor = reader.find({}, { batchSize: 50 });
    const seen = new Map<number, Counted>();
    let next = 500;
    for await (const doc of cursor) {
      expect(seen.has(doc._id), `document ${doc._id} read twice`).toBe(false);
      seen.set(doc._id, doc);
      if (seen.size % 50 !== 0) continue;
      // Between batches: grow documents on both sides of the cursor, delete some, add more.
      await writer.updateMany(
        { _id: { $in: [seen.size - 1, seen.size + 10, seen.size + 200] } },
        { $inc: { n: 1 }, $push: { items: 'x'.repeat(500) } },
      );
      await writer.deleteOne({ _id: seen.size + 20 });
      await writer.insertMany([{ _id: next++, n: 1, items: ['x'] }]);
    }
    for (const doc of seen.values()) {
      expect(doc.items.length, `document ${doc._id} is torn`).toBe(doc.n);
    }
    // Every document that existed throughout the scan was seen.
    const everPresent = (await writer.find({ _id: { $lt: 500 } }).toArray()).map((d) => d._id);
    for (const id of everPresent) expect(seen.has(id)).toBe(true);
  });
});
