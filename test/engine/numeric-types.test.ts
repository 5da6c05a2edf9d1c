// Numbers keep their BSON types through aggregation (MongoDB's widening rules) and compare by
// exact value across types in filters and sorts, as seen through the official driver.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Decimal128, Double, Int32, Long, type Document } from 'bson';
import { MongoClient, type Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';

let dir: string;
let engine: RunningEngine;
let client: MongoClient;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-numeric-'));
  engine = await startEngine({ dataDir: dir });
  // Values unpromoted, so every number arrives with the BSON type the server sent.
  client = await MongoClient.connect(engine.uri, { promoteValues: false });
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function seeded(name: string, docs: Document[]): Promise<Collection> {
  const collection = client.db('numeric').collection(name);
  await collection.insertMany(docs);
  return collection;
}

const one = async (collection: Collection, pipeline: Document[]): Promise<Document> =>
  (await collection.aggregate(pipeline).toArray())[0] as Document;

describe('aggregation keeps number types', () => {
  it('sums decimals as decimals and names their type', async () => {
    const c = await seeded('decimals', [
      { _id: 1, d: Decimal128.fromString('0.1') },
      { _id: 2, d: Decimal128.fromString('0.2') },
    ]);
    const out = await one(c, [{ $group: { _id: null, s: { $sum: '$d' }, a: { $avg: '$d' } } }]);
    expect(out.s).toEqual(Decimal128.fromString('0.3'));
    expect(out.a).toEqual(Decimal128.fromString('0.15'));
    const typed = await c
      .aggregate([{ $project: { t: { $type: '$d' }, plus: { $add: ['$d', 1] } } }])
      .toArray();
    expect(typed.map((doc) => doc.t)).toEqual(['decimal', 'decimal']);
    expect(typed[0]?.plus).toEqual(Decimal128.fromString('1.1'));
  });

  it('widens int to long on overflow and keeps longs exact beyond 2^53', async () => {
    const c = await seeded('integers', [
      { _id: 1, i: new Int32(2147483647), l: Long.fromString('9007199254740993') },
      { _id: 2, i: new Int32(1), l: Long.fromString('1') },
    ]);
    const out = await one(c, [
      { $group: { _id: null, si: { $sum: '$i' }, sl: { $sum: '$l' }, n: { $sum: 1 } } },
    ]);
    expect(out.si).toEqual(Long.fromString('2147483648'));
    expect(out.sl).toEqual(Long.fromString('9007199254740994'));
    expect(out.n).toEqual(new Int32(2));
    const row = await one(c, [
      { $match: { _id: 1 } },
      {
        $project: {
          add: { $add: ['$i', 1] },
          small: { $add: ['$i', -1] },
          times: { $multiply: ['$l', 2] },
          huge: { $multiply: ['$l', '$l'] },
          div: { $divide: ['$i', 1] },
          mod: { $mod: ['$i', 10] },
          type: { $type: '$l' },
        },
      },
    ]);
    expect(row.add).toEqual(Long.fromString('2147483648'));
    expect(row.small).toEqual(new Int32(2147483646));
    expect(row.times).toEqual(Long.fromString('18014398509481986'));
    expect((row.huge as Double)._bsontype).toBe('Double');
    expect(row.div).toEqual(new Double(2147483647));
    expect(row.mod).toEqual(new Int32(7));
    expect(row.type).toBe('long');
  });

  it('rounds decimals half to even and keeps their type', async () => {
    const c = await seeded('rounding', [{ _id: 1, d: Decimal128.fromString('2.5'), x: -1.5 }]);
    const row = await one(c, [
      { $project: { r: { $round: ['$d', 0] }, t: { $trunc: '$d' }, abs: { $abs: '$x' } } },
    ]);
    expect(row.r).toEqual(Decimal128.fromString('2'));
    expect(row.t).toEqual(Decimal128.fromString('2'));
    expect(row.abs).toEqual(new Double(1.5));
  });
});

describe('numbers compare exactly across types', () => {
  it('tells apart longs beyond 2^53 in filters and sorts', async () => {
    const c = await seeded('exact', [
      { _id: 1, n: Long.fromString('9007199254740993') },
      { _id: 2, n: new Double(9007199254740992) },
      { _id: 3, n: Decimal128.fromString('9007199254740992.5') },
    ]);
    const ids = async (filter: Document, sort: Document = { _id: 1 }): Promise<unknown[]> =>
      (await c.find(filter).sort(sort).toArray()).map((doc) =>
        (doc._id as unknown as Int32).valueOf(),
      );
    expect(await ids({ n: Long.fromString('9007199254740992') })).toEqual([2]);
    expect(await ids({ n: Long.fromString('9007199254740993') })).toEqual([1]);
    expect(await ids({ n: { $gt: new Double(9007199254740992) } })).toEqual([1, 3]);
    expect(await ids({}, { n: 1 })).toEqual([2, 3, 1]);
  });

  it('finds a decimal by an equal decimal written with another scale', async () => {
    const c = await seeded('scales', [{ _id: 1, d: Decimal128.fromString('0.1') }]);
    const count = async (filter: Document): Promise<number> =>
      Number(await c.countDocuments(filter));
    expect(await count({ d: Decimal128.fromString('0.10') })).toBe(1);
    expect(await count({ d: { $in: [Decimal128.fromString('0.100')] } })).toBe(1);
    expect(await count({ d: 0.1 })).toBe(0);
  });
});

/** A BSON number as [type, value]: toEqual alone does not tell an Int32 from a Double. */
const typedNumber = (value: unknown): [string, number] => [
  (value as Double)._bsontype,
  Number((value as Double).valueOf()),
];

describe('computed doubles stay doubles when integral', () => {
  it('returns $avg, $divide and double sums as doubles, and $type says so', async () => {
    const c = await seeded('integral-doubles', [
      { _id: 1, i: new Int32(2), d: new Double(1.5) },
      { _id: 2, i: new Int32(4), d: new Double(1.5) },
    ]);
    const group = await one(c, [
      { $group: { _id: null, avg: { $avg: '$i' }, sum: { $sum: '$d' } } },
      { $sort: { avg: 1 } },
    ]);
    expect(typedNumber(group.avg)).toEqual(['Double', 3]);
    expect(typedNumber(group.sum)).toEqual(['Double', 3]);
    const later = await one(c, [
      { $group: { _id: null, avg: { $avg: '$i' } } },
      { $addFields: { x: 1 } },
      { $match: { avg: 3 } },
    ]);
    expect(typedNumber(later.avg)).toEqual(['Double', 3]);
    const row = await one(c, [
      { $match: { _id: 2 } },
      {
        $project: {
          div: { $divide: [6, 2] },
          times: { $multiply: ['$d', '$i'] },
          ints: { $multiply: ['$i', 2] },
          type: { $type: { $divide: ['$i', 2] } },
          sqrt: { $sqrt: { $divide: ['$i', 1] } },
        },
      },
      { $match: { div: 3 } },
    ]);
    expect(typedNumber(row.div)).toEqual(['Double', 3]);
    expect(typedNumber(row.times)).toEqual(['Double', 6]);
    expect(typedNumber(row.ints)).toEqual(['Int32', 8]);
    expect(row.type).toBe('double');
    expect(typedNumber(row.sqrt)).toEqual(['Double', 2]);
  });
});

describe('updates compute decimals exactly', () => {
  it('applies $inc and $mul to decimals in decimal arithmetic', async () => {
    const c = await seeded('decimal-updates', [
      {
        _id: 1,
        d: Decimal128.fromString('0.1'),
        big: Decimal128.fromString('12345678901234567.1'),
      },
    ]);
    const first: Document = { _id: 1 };
    await c.updateOne(first, { $inc: { d: Decimal128.fromString('0.2'), big: new Int32(1) } });
    await c.updateOne(first, { $mul: { d: Decimal128.fromString('3') } });
    await c.updateOne(first, { $mul: { missing: Decimal128.fromString('2') } });
    const doc = (await c.findOne(first)) as Document;
    expect(doc.d).toEqual(Decimal128.fromString('0.9'));
    expect(doc.big).toEqual(Decimal128.fromString('12345678901234568.1'));
    expect((doc.missing as Decimal128)._bsontype).toBe('Decimal128');
    expect(Number(doc.missing.toString())).toBe(0);
  });
});

describe('$min and $max compare exactly', () => {
  it('picks longs beyond 2^53 and decimals by exact value and keeps their type', async () => {
    const c = await seeded('extremes', [
      { _id: 1, l: Long.fromString('9007199254740993'), d: Decimal128.fromString('0.1') },
      { _id: 2, l: Long.fromString('9007199254740992'), d: Decimal128.fromString('0.3') },
      { _id: 3, l: new Double(9007199254740992), d: new Double(0.2) },
    ]);
    const out = await one(c, [
      {
        $group: {
          _id: null,
          maxL: { $max: '$l' },
          minD: { $min: '$d' },
          maxD: { $max: '$d' },
        },
      },
    ]);
    expect(out.maxL).toEqual(Long.fromString('9007199254740993'));
    expect((out.minD as Decimal128)._bsontype).toBe('Decimal128');
    expect(out.minD.toString()).toBe('0.1');
    expect(out.maxD.toString()).toBe('0.3');
    const row = await one(c, [
      { $match: { _id: 1 } },
      { $project: { m: { $max: ['$l', 1] }, n: { $min: ['$d', 0.5] } } },
    ]);
    expect(row.m).toEqual(Long.fromString('9007199254740993'));
    expect(row.n.toString()).toBe('0.1');
  });
});
