// The engine as the official driver and Mongoose see it. These suites run unchanged on
// mongodb-memory-server (CAREER_TEST_BACKEND=mongodb-memory-server) to keep the engine honest.
import {
  Binary,
  BSONRegExp,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  serialize,
  Timestamp,
  type Document,
} from 'bson';
import { MongoClient, MongoServerError, type Db } from 'mongodb';
import mongoose from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';

/** Documents with any _id type (the driver's default schema expects ObjectId). */
type AnyDoc = { _id?: number | string | ObjectId; [field: string]: unknown };

/**
 * Tests of what only the engine promises (its explain output, its refusal of test commands),
 * skipped on a real mongod, which reports those differently.
 */
const engineOnly = it.skipIf((process.env.CAREER_TEST_BACKEND ?? 'engine') !== 'engine');

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

const everyType = (): AnyDoc => ({
  _id: new ObjectId(),
  string: 'héllo ✓',
  int32: new Int32(42),
  double: new Double(5),
  fraction: new Double(2.5),
  negativeZero: new Double(-0),
  long: Long.fromString('9007199254740993'),
  decimal: Decimal128.fromString('12345678901234567890.1234567890'),
  binary: new Binary(Buffer.from([0, 1, 2, 255]), 0),
  uuid: new Binary(Buffer.from('0123456789abcdef'), 4),
  date: new Date('2026-01-02T03:04:05.678Z'),
  nil: null,
  regex: new BSONRegExp('^a.c$', 'imsx'),
  bool: true,
  timestamp: new Timestamp({ t: 1700000000, i: 7 }),
  min: new MinKey(),
  max: new MaxKey(),
  nested: { array: [new Int32(1), [new Double(2), { deep: new Long(3) }]], empty: {}, none: [] },
});

describe('BSON roundtrip', () => {
  it('returns every BSON type exactly as inserted', async () => {
    const docs = db.collection<AnyDoc>('types');
    const original = everyType();
    await docs.insertOne(original);
    const back = await docs.findOne(
      { _id: original._id },
      { promoteValues: false, bsonRegExp: true },
    );
    expect(back).not.toBeNull();
    expect(Buffer.from(serialize(back as Document)).equals(Buffer.from(serialize(original)))).toBe(
      true,
    );
  });

  it('keeps untouched field types through an update', async () => {
    const docs = db.collection<AnyDoc>('types');
    const original = everyType();
    await docs.insertOne(original);
    await docs.updateOne({ _id: original._id }, { $set: { string: 'changed' } });
    const back = await docs.findOne(
      { _id: original._id },
      { promoteValues: false, bsonRegExp: true },
    );
    expect(
      Buffer.from(serialize(back as Document)).equals(
        Buffer.from(serialize({ ...original, string: 'changed' })),
      ),
    ).toBe(true);
  });

  it('finds by each scalar type', async () => {
    const docs = db.collection<AnyDoc>('types');
    const original = everyType();
    await docs.insertOne(original);
    for (const field of [
      'int32',
      'double',
      'long',
      'decimal',
      'binary',
      'date',
      'bool',
      'timestamp',
    ]) {
      expect(await docs.countDocuments({ [field]: original[field] }), field).toBe(1);
    }
    expect(await docs.countDocuments({ int32: 42 })).toBe(1);
    expect(await docs.countDocuments({ double: new Int32(5) })).toBe(1);
  });
});

describe('comparison and sort order', () => {
  it('sorts mixed types in MongoDB order', async () => {
    const docs = db.collection<AnyDoc>('mixed');
    const values: unknown[] = [
      new MaxKey(),
      /x/,
      new Timestamp({ t: 1, i: 1 }),
      new Date(0),
      true,
      new ObjectId('000000000000000000000001'),
      new Binary(Buffer.from('a')),
      [5],
      { a: 1 },
      'text',
      3,
      Long.fromNumber(2),
      new Decimal128('1.5'),
      null,
      new MinKey(),
    ];
    await docs.insertMany(values.map((value, i) => ({ _id: i, value })));
    const sorted = await docs.find({}, { sort: { value: 1, _id: 1 } }).toArray();
    // [5] sorts by its element 5, among the numbers, after 3.
    expect(sorted.map((d) => d._id)).toEqual([14, 13, 12, 11, 10, 7, 9, 8, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('compares only within a type bracket', async () => {
    const docs = db.collection<AnyDoc>('bracket');
    await docs.insertMany([
      { v: 1 },
      { v: '2' },
      { v: new Date(5) },
      { v: Long.fromNumber(7) },
      { v: new Decimal128('9.5') },
    ]);
    expect(await docs.countDocuments({ v: { $gt: 0 } })).toBe(3);
    expect(await docs.countDocuments({ v: { $gt: '' } })).toBe(1);
    expect(await docs.countDocuments({ v: { $lt: new Date(10) } })).toBe(1);
  });
});

describe('indexes', () => {
  it('enforces unique indexes with the duplicate-key error shape', async () => {
    const users = db.collection<AnyDoc>('users');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.insertOne({ email: 'a@example.com' });
    const error = await users.insertOne({ email: 'a@example.com' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    const serverError = error as MongoServerError;
    expect(serverError.code).toBe(11000);
    expect(serverError.message).toContain('E11000 duplicate key error');
    expect(serverError.keyPattern).toEqual({ email: 1 });
    expect(serverError.keyValue).toEqual({ email: 'a@example.com' });
    expect(await users.countDocuments()).toBe(1);
  });

  it('reports unordered batch errors per document and keeps the rest', async () => {
    const docs = db.collection<AnyDoc>('batch');
    const error = await docs
      .insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 2 }, { _id: 3 }], { ordered: false })
      .catch((e: unknown) => e as { writeErrors?: unknown[]; code?: number });
    expect(error).toMatchObject({ code: 11000 });
    expect(await docs.countDocuments()).toBe(3);
  });

  it('stops an ordered batch at the first error', async () => {
    const docs = db.collection<AnyDoc>('batch');
    await docs.insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }]).catch(() => undefined);
    expect(await docs.find().toArray()).toEqual([{ _id: 1 }]);
  });

  it('never half-applies an update that breaks a unique index', async () => {
    const docs = db.collection<AnyDoc>('multi');
    await docs.createIndex({ k: 1 }, { unique: true });
    await docs.insertMany([
      { _id: 1, k: 1, g: 1 },
      { _id: 2, k: 2, g: 1 },
      { _id: 3, k: 10, g: 1 },
    ]);
    await expect(docs.updateMany({ g: 1 }, { $set: { k: 5 } })).rejects.toMatchObject({
      code: 11000,
    });
    expect(await docs.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
      { _id: 1, k: 1, g: 1 },
      { _id: 2, k: 2, g: 1 },
      { _id: 3, k: 10, g: 1 },
    ]);
  });

  it('refuses an update whose result passes 16 MB with BSONObjectTooLarge, changing nothing', async () => {
    const docs = db.collection<{ _id: number; notes: string[]; tail: boolean }>('growing');
    const MB = 1024 * 1024;
    await docs.insertOne({ _id: 1, notes: ['a'.repeat(9 * MB)], tail: true });
    // 18 MB (a field past the serializer's 17 MB buffer: it was an internal error) and
    // 16.5 MB: the same answer.
    for (const more of [9 * MB, 7.5 * MB]) {
      await expect(
        docs.updateOne({ _id: 1 }, { $push: { notes: 'b'.repeat(more) } }),
        `${more / MB} MB more`,
      ).rejects.toMatchObject({ code: 10334 });
    }
    const stored = await docs.findOne({ _id: 1 });
    expect(stored).toEqual({ _id: 1, notes: ['a'.repeat(9 * MB)], tail: true });
  });

  it('finds through an indexed field what a case-insensitive collation matches', async () => {
    const docs = db.collection<AnyDoc>('collated');
    await docs.createIndex({ owner: 1, name: 1 });
    await docs.insertMany([
      { _id: 1, owner: 'a', name: 'McKinsey' },
      { _id: 2, owner: 'a', name: 'Globex' },
      { _id: 3, owner: 'b', name: 'mckinsey' },
    ]);
    const collation = { locale: 'en', strength: 2 };
    // The index orders keys by their bytes; under the collation 'mckinsey' equals 'McKinsey'.
    const found = await docs.find({ owner: 'a', name: 'mckinsey' }, { collation }).toArray();
    expect(found.map((doc) => doc._id)).toEqual([1]);
    expect(await docs.countDocuments({ name: { $gte: 'MCK', $lt: 'MCL' } }, { collation })).toBe(2);
  });

  engineOnly('uses a secondary index for equality and range', async () => {
    const docs = db.collection<AnyDoc>('indexed');
    await docs.createIndex({ userId: 1, createdAt: -1 });
    await docs.insertMany(
      Array.from({ length: 50 }, (_, i) => ({ userId: i % 5, createdAt: new Date(i) })),
    );
    const equality = await docs.find({ userId: 3 }).explain();
    expect(JSON.stringify(equality.queryPlanner.winningPlan)).toContain('IXSCAN');
    const range = await docs.find({ userId: { $gte: 2, $lt: 4 } }).explain();
    expect(JSON.stringify(range.queryPlanner.winningPlan)).toContain('IXSCAN');
    expect(await docs.countDocuments({ userId: { $gte: 2, $lt: 4 } })).toBe(20);
    const scan = await docs.find({ other: 1 }).explain();
    expect(JSON.stringify(scan.queryPlanner.winningPlan)).toContain('COLLSCAN');
  });
});

describe('commands', () => {
  engineOnly('accepts configureFailPoint only with test commands enabled', async () => {
    const error = await client
      .db('admin')
      .command({ configureFailPoint: 'failCommand', mode: 'off' })
      .catch((e: unknown) => e as MongoServerError);
    expect(error).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });

  it('answers an unknown command with CommandNotFound', async () => {
    const error = await db
      .command({ noSuchCommand: 1 })
      .catch((e: unknown) => e as MongoServerError);
    expect(error).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });

  it('pages through a large result with getMore', async () => {
    const docs = db.collection<AnyDoc>('many');
    await docs.insertMany(Array.from({ length: 1000 }, (_, i) => ({ i })));
    const seen = await docs.find({}, { batchSize: 64 }).toArray();
    expect(seen.map((d) => d.i)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('supports upserts, arrayFilters and pipeline updates', async () => {
    const docs = db.collection<{ _id: number; a?: { x: number }[]; total?: number }>('updates');
    const upsert = await docs.updateOne(
      { _id: 7 },
      { $set: { a: [{ x: 1 }, { x: 2 }] } },
      { upsert: true },
    );
    expect(upsert.upsertedId).toBe(7);
    await docs.updateOne(
      { _id: 7 },
      { $inc: { 'a.$[e].x': 10 } },
      { arrayFilters: [{ 'e.x': 2 }] },
    );
    await docs.updateOne({ _id: 7 }, [{ $set: { total: { $sum: '$a.x' } } }]);
    expect(await docs.findOne({ _id: 7 })).toEqual({ _id: 7, a: [{ x: 1 }, { x: 12 }], total: 13 });
  });

  it('runs findOneAndUpdate, distinct, count and aggregate', async () => {
    const docs = db.collection<{ s: string; n: number }>('mix');
    await docs.insertMany([
      { s: 'a', n: 1 },
      { s: 'b', n: 2 },
      { s: 'a', n: 3 },
    ]);
    const updated = await docs.findOneAndUpdate(
      { s: 'a' },
      { $inc: { n: 100 } },
      { sort: { n: -1 }, returnDocument: 'after' },
    );
    expect(updated?.n).toBe(103);
    expect(await docs.distinct('s')).toEqual(['a', 'b']);
    expect(await docs.estimatedDocumentCount()).toBe(3);
    const grouped = await docs
      .aggregate([{ $group: { _id: '$s', total: { $sum: '$n' } } }, { $sort: { _id: 1 } }])
      .toArray();
    expect(grouped).toEqual([
      { _id: 'a', total: 104 },
      { _id: 'b', total: 2 },
    ]);
  });

  it('runs a transaction, as the replica set member it says it is', async () => {
    const session = client.startSession();
    try {
      await session.withTransaction(async () => {
        await db.collection<AnyDoc>('tx').insertOne({ a: 1 }, { session });
        await db.collection<AnyDoc>('tx').insertOne({ a: 2 }, { session });
      });
      expect(await db.collection<AnyDoc>('tx').countDocuments()).toBe(2);
    } finally {
      await session.endSession().catch(() => undefined);
    }
  });
});

describe('Mongoose', () => {
  it('validates, saves, finds and reports duplicate keys', async () => {
    const connection = await mongoose
      .createConnection(database.uri, { dbName: db.databaseName })
      .asPromise();
    try {
      const Person = connection.model(
        'Person',
        new mongoose.Schema(
          { email: { type: String, required: true, unique: true }, tags: [String] },
          { timestamps: true },
        ),
      );
      await Person.init();
      const saved = await Person.create({ email: 'x@example.com', tags: ['a'] });
      expect(saved.createdAt).toBeInstanceOf(Date);
      const found = await Person.findOne({ email: 'x@example.com' }).lean();
      expect(found?.tags).toEqual(['a']);
      await expect(Person.create({ email: 'x@example.com' })).rejects.toMatchObject({
        code: 11000,
      });
      await expect(Person.create({ tags: [] })).rejects.toThrow(/email.*required/);
    } finally {
      await connection.close();
    }
  });
});
