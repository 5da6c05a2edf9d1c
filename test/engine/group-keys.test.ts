// A stage's output copied by a later stage keeps its value and BSON type: $group keys and
// accumulated values read by $project/$addFields/$sort, $bucket bounds, $lookup results and
// $facet branches, as seen through the official driver (`career stats` does exactly this).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Decimal128, Double, Int32, Long, ObjectId, type Document } from 'bson';
import { MongoClient, type Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';

let dir: string;
let engine: RunningEngine;
let client: MongoClient;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-group-keys-'));
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
  const collection = client.db('group-keys').collection(name);
  await collection.insertMany(docs);
  return collection;
}

const run = (collection: Collection, pipeline: Document[]): Promise<Document[]> =>
  collection.aggregate(pipeline).toArray();

/** A value as [BSON type, exact text]: toEqual alone does not tell an Int32 from a Double. */
const typed = (value: unknown): [string, string] => [
  (value as { _bsontype?: string })._bsontype ?? typeof value,
  String(value),
];

const LONG = Long.fromString('9007199254740993');
const DECIMAL = Decimal128.fromString('0.1');
const numericKeys = [new Int32(3), new Double(2.5), new Double(4), Long.fromInt(5), LONG, DECIMAL];
const expectedKeys = [
  ['Double', '2.5'],
  ['Int32', '3'],
  ['Double', '4'],
  ['Long', '5'],
  ['Long', '9007199254740993'],
  ['Decimal128', '0.1'],
].sort((a, b) => Number(a[1]) - Number(b[1]));

describe('$group keys and values copied by later stages', () => {
  it('keeps the skill names of career stats ($unwind, $group with $min, $project)', async () => {
    const c = await seeded('activities', [
      { _id: 1, skills: ['SQL', 'TypeScript'] },
      { _id: 2, skills: ['sql', 'data modeling'] },
      { _id: 3, skills: ['SQL'] },
    ]);
    const out = await run(c, [
      { $unwind: '$skills' },
      {
        $group: {
          _id: { $toLower: '$skills' },
          value: { $min: '$skills' },
          last: { $max: '$skills' },
          activities: { $addToSet: '$_id' },
        },
      },
      { $project: { _id: 1, value: 1, last: 1, count: { $size: '$activities' } } },
      { $sort: { count: -1, _id: 1 } },
      { $project: { _id: 0, skill: '$value', last: 1, count: 1, key: '$_id' } },
    ]);
    expect(out.map(({ skill, last, count }) => [skill, last, Number(count)])).toEqual([
      ['SQL', 'sql', 3],
      ['data modeling', 'data modeling', 1],
      ['TypeScript', 'TypeScript', 1],
    ]);
    // `key` reads _id after _id was excluded in the same stage: MongoDB gives it still.
    expect(out.map((doc) => doc.key)).toEqual(['sql', 'data modeling', 'typescript']);
  });

  it('copies string and compound keys with $project and $addFields', async () => {
    const c = await seeded('compound', [
      { _id: 1, type: 'course', year: new Int32(2025), hours: new Long(5) },
      { _id: 2, type: 'course', year: new Int32(2025), hours: new Long(7) },
      { _id: 3, type: 'book', year: new Int32(2026), hours: new Long(1) },
    ]);
    const group = { $group: { _id: { type: '$type', year: '$year' }, hours: { $sum: '$hours' } } };
    const projected = await run(c, [
      group,
      { $sort: { '_id.type': 1 } },
      { $project: { _id: 0, type: '$_id.type', year: '$_id.year', key: '$_id', hours: 1 } },
    ]);
    expect(projected.map((doc) => [doc.type, typed(doc.year), typed(doc.hours)])).toEqual([
      ['book', ['Int32', '2026'], ['Long', '1']],
      ['course', ['Int32', '2025'], ['Long', '12']],
    ]);
    expect(projected[1]?.key).toEqual({ type: 'course', year: new Int32(2025) });
    const added = await run(c, [
      group,
      { $addFields: { type: '$_id.type', year: '$_id.year' } },
      { $sort: { type: 1 } },
    ]);
    expect(added.map((doc) => [doc.type, typed(doc.year)])).toEqual([
      ['book', ['Int32', '2026']],
      ['course', ['Int32', '2025']],
    ]);
  });

  it('keeps numeric keys of every BSON type through $sort, $project and $addFields', async () => {
    const c = await seeded(
      'numeric-keys',
      numericKeys.map((k, i) => ({ _id: i + 1, k, tag: `t${i}` })),
    );
    const sorted = await run(c, [
      { $group: { _id: '$k', tag: { $first: '$tag' } } },
      { $sort: { _id: 1 } },
    ]);
    expect(sorted.map((doc) => typed(doc._id))).toEqual(expectedKeys);
    const projected = await run(c, [
      { $group: { _id: '$k', n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
      { $project: { _id: 0, key: '$_id', n: 1 } },
    ]);
    expect(projected.map((doc) => typed(doc.key))).toEqual(expectedKeys);
    expect(projected.map((doc) => typed(doc.n))).toEqual(expectedKeys.map(() => ['Int32', '1']));
    const added = await run(c, [
      { $group: { _id: '$k' } },
      { $addFields: { key: '$_id' } },
      { $sort: { key: -1 } },
    ]);
    expect(added.map((doc) => typed(doc.key))).toEqual([...expectedKeys].reverse());
  });

  it('gives $unwind elements their type and includeArrayIndex as a long', async () => {
    const c = await seeded('unwound-index', [{ _id: 1, ks: [new Double(1), new Long(2), 'x'] }]);
    const out = await run(c, [{ $unwind: { path: '$ks', includeArrayIndex: 'at' } }]);
    expect(out.map((doc) => [typed(doc.ks), typed(doc.at)])).toEqual([
      [
        ['Double', '1'],
        ['Long', '0'],
      ],
      [
        ['Long', '2'],
        ['Long', '1'],
      ],
      [
        ['string', 'x'],
        ['Long', '2'],
      ],
    ]);
  });

  it('keeps numeric keys of an unwound array', async () => {
    const c = await seeded('unwound-keys', [
      { _id: 1, ks: numericKeys },
      { _id: 2, ks: [new Int32(3), LONG] },
    ]);
    const out = await run(c, [
      { $unwind: '$ks' },
      { $group: { _id: '$ks', docs: { $push: '$_id' } } },
      { $sort: { _id: 1 } },
      { $project: { key: '$_id', docs: 1 } },
    ]);
    expect(out.map((doc) => typed(doc.key))).toEqual(expectedKeys);
    expect(out.map((doc) => (doc.docs as Int32[]).length)).toEqual([1, 1, 2, 1, 1, 2]);
  });
});

describe('copies without an _id to find the source by', () => {
  it('keep their types through inclusions, $replaceRoot and copying accumulators', async () => {
    const c = await seeded('no-id', [
      {
        _id: 1,
        d: new Double(4),
        l: Long.fromInt(5),
        sub: { d: new Double(6) },
        ds: [new Double(7)],
      },
    ]);
    const [included] = await run(c, [{ $project: { _id: 0, d: 1, l: true, 'sub.d': 1, ds: 1 } }]);
    expect([included?.d, included?.l, included?.sub.d, included?.ds[0]].map(typed)).toEqual([
      ['Double', '4'],
      ['Long', '5'],
      ['Double', '6'],
      ['Double', '7'],
    ]);
    const [afterAdd] = await run(c, [{ $addFields: { x: 1 } }, { $project: { _id: 0, d: 1 } }]);
    expect(typed(afterAdd?.d)).toEqual(['Double', '4']);
    const [root] = await run(c, [{ $replaceRoot: { newRoot: { a: '$d', b: '$sub.d' } } }]);
    expect([root?.a, root?.b].map(typed)).toEqual([
      ['Double', '4'],
      ['Double', '6'],
    ]);
    const [grouped] = await run(c, [
      {
        $group: {
          _id: null,
          f: { $first: '$d' },
          p: { $push: '$l' },
          s: { $addToSet: '$d' },
          z: { $last: '$sub.d' },
        },
      },
    ]);
    expect([grouped?.f, grouped?.p[0], grouped?.s[0], grouped?.z].map(typed)).toEqual([
      ['Double', '4'],
      ['Long', '5'],
      ['Double', '4'],
      ['Double', '6'],
    ]);
  });
});

describe('$min and $max over every type', () => {
  it('order values by BSON type, skip nulls, and keep the picked value as it is', async () => {
    const when = new Date('2026-01-02T00:00:00Z');
    const oid = new ObjectId('0123456789abcdef01234567');
    const c = await seeded('mixed', [
      { _id: 1, g: 'strings', v: 'pear' },
      { _id: 2, g: 'strings', v: 'apple' },
      { _id: 3, g: 'strings', v: null },
      { _id: 4, g: 'mixed', v: 'zebra' },
      { _id: 5, g: 'mixed', v: LONG },
      { _id: 6, g: 'mixed', v: when },
      { _id: 7, g: 'mixed', v: oid },
      { _id: 8, g: 'mixed', v: { a: 1 } },
      { _id: 9, g: 'nulls', v: null },
      { _id: 10, g: 'nulls' },
    ]);
    const out = await run(c, [
      { $group: { _id: '$g', lo: { $min: '$v' }, hi: { $max: '$v' } } },
      { $sort: { _id: 1 } },
      { $project: { group: '$_id', lo: 1, hi: 1, _id: 0 } },
    ]);
    expect(out).toEqual([
      { lo: LONG, hi: when, group: 'mixed' },
      { lo: null, hi: null, group: 'nulls' },
      { lo: 'apple', hi: 'pear', group: 'strings' },
    ]);
    expect(typed(out[0]?.lo)).toEqual(['Long', '9007199254740993']);
  });

  it('take the least and greatest of an expression list', async () => {
    const c = await seeded('mixed-expression', [
      { _id: 1, a: 'b', b: 'a', n: [new Int32(2), DECIMAL, 'x'] },
    ]);
    const [out] = await run(c, [
      {
        $project: {
          lo: { $min: ['$a', '$b'] },
          hi: { $max: ['$a', '$b', '$missing'] },
          loList: { $min: '$n' },
          hiList: { $max: '$n' },
          one: { $min: 'only' },
        },
      },
    ]);
    expect(out).toMatchObject({ lo: 'a', hi: 'b', hiList: 'x', one: 'only' });
    expect(typed(out?.loList)).toEqual(['Decimal128', '0.1']);
  });
});

describe('other stages whose output is copied', () => {
  it('keeps $bucket bounds and counts through $project', async () => {
    const c = await seeded('buckets', [
      { _id: 1, price: new Int32(5) },
      { _id: 2, price: new Double(15.5) },
      { _id: 3, price: LONG },
    ]);
    const out = await run(c, [
      {
        $bucket: {
          groupBy: '$price',
          boundaries: [new Int32(0), new Int32(10), 1e300],
          output: { n: { $sum: 1 }, top: { $max: '$price' } },
        },
      },
      { $project: { _id: 0, lower: '$_id', n: 1, top: 1 } },
    ]);
    expect(out.map((doc) => [typed(doc.lower), typed(doc.top), typed(doc.n)])).toEqual([
      [
        ['Int32', '0'],
        ['Int32', '5'],
        ['Int32', '1'],
      ],
      [
        ['Int32', '10'],
        ['Long', '9007199254740993'],
        ['Int32', '2'],
      ],
    ]);
  });

  it('keeps the types of $lookup results copied by $project', async () => {
    const orders = await seeded('orders', [{ _id: 1, item: 'a' }]);
    await seeded('items', [
      { _id: 'a', price: DECIMAL, stock: LONG, n: new Double(2), small: Long.fromInt(7) },
    ]);
    const [out] = await run(orders, [
      { $lookup: { from: 'items', localField: 'item', foreignField: '_id', as: 'found' } },
      { $unwind: '$found' },
      {
        $project: {
          price: '$found.price',
          stock: '$found.stock',
          n: '$found.n',
          small: '$found.small',
        },
      },
    ]);
    expect([typed(out?.price), typed(out?.stock), typed(out?.n), typed(out?.small)]).toEqual([
      ['Decimal128', '0.1'],
      ['Long', '9007199254740993'],
      ['Double', '2'],
      ['Long', '7'],
    ]);
  });

  it('keeps $group keys copied inside $facet branches', async () => {
    const c = await seeded('facets', [
      { _id: 1, k: LONG, s: 'x' },
      { _id: 2, k: new Int32(1), s: 'y' },
      { _id: 3, k: new Double(2), s: 'y' },
    ]);
    const [out] = await run(c, [
      {
        $facet: {
          numbers: [
            { $group: { _id: '$k' } },
            { $sort: { _id: 1 } },
            { $project: { _id: 0, key: '$_id' } },
          ],
          strings: [
            { $group: { _id: '$s', first: { $min: '$s' } } },
            { $sort: { _id: 1 } },
            { $project: { _id: 0, key: '$_id', first: 1 } },
          ],
        },
      },
    ]);
    expect((out?.numbers as Document[]).map((doc) => typed(doc.key))).toEqual([
      ['Int32', '1'],
      ['Double', '2'],
      ['Long', '9007199254740993'],
    ]);
    expect(out?.strings).toEqual([
      { key: 'x', first: 'x' },
      { key: 'y', first: 'y' },
    ]);
  });
});

describe("countDocuments' $group (counted without mingo)", () => {
  const counting = { $group: { _id: 1, n: { $sum: 1 } } };
  // The same $group followed by a stage that changes nothing: always run by mingo.
  const throughMingo = (match: Document) => [{ $match: match }, counting, { $match: {} }];

  it('gives what mingo gives: the _id, an Int32 count, nothing when nothing matches', async () => {
    const c = await seeded(
      'counted',
      Array.from({ length: 30 }, (_, i) => ({ _id: i, userId: i % 3, archived: i % 5 === 0 })),
    );
    await c.createIndex({ userId: 1 });
    // (Unpromoted, the driver's count arrives as the Int32 the server sent.)
    for (const match of [{}, { userId: 1 }, { userId: 2, archived: false }, { userId: 9 }]) {
      const fast = await run(c, [{ $match: match }, counting]);
      const slow = await run(c, throughMingo(match));
      expect(fast.map((doc) => [typed(doc._id), typed(doc.n)])).toEqual(
        slow.map((doc) => [typed(doc._id), typed(doc.n)]),
      );
    }
    expect(Number(await c.countDocuments({ userId: 1 }))).toEqual(10);
    expect(Number(await c.countDocuments({ userId: 1 }, { skip: 3, limit: 5 }))).toEqual(5);
    expect(Number(await c.countDocuments({ userId: 9 }))).toEqual(0);
    expect(Number(await c.countDocuments({ userId: { $in: [1, 2] } }, { skip: 15 }))).toEqual(5);
  });

  it('leaves any other $group to mingo (a field _id, a $sum of a field)', async () => {
    const c = await seeded('not-counted', [
      { _id: 1, k: 'a', v: 2 },
      { _id: 2, k: 'a', v: 3 },
      { _id: 3, k: 'b', v: 4 },
    ]);
    const byKey = await run(c, [{ $match: {} }, { $group: { _id: '$k', n: { $sum: 1 } } }]);
    expect(byKey.map((doc) => [doc._id, typed(doc.n)]).sort()).toEqual([
      ['a', ['Int32', '2']],
      ['b', ['Int32', '1']],
    ]);
    const summed = await run(c, [{ $match: {} }, { $group: { _id: 1, n: { $sum: '$v' } } }]);
    expect(summed.map((doc) => typed(doc.n))).toEqual([['Int32', '9']]);
  });
});
