// Projections of whole top-level fields are answered from the stored bytes; they must give
// exactly what the general projection gives (same fields, same order, same BSON types), for
// every BSON type an element can have, and through the driver on both read paths (an exact
// index scan that stays raw, and a matched scan of decoded documents).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
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
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeTyped, encode, RawDocument } from '../../src/engine/codec.js';
import { startEngine } from '../../src/engine/index.js';
import { compileProjection } from '../../src/engine/query/projection.js';
import { compileTopLevelProjection } from '../../src/engine/query/top-level-projection.js';

const everyType: Document = {
  _id: new ObjectId('650000000000000000000001'),
  double: new Double(1.5),
  string: 'héllo wörld',
  doc: { a: 1, b: { c: 'd' } },
  array: [1, 'two', { three: 3 }],
  binary: new Binary(Buffer.from('bytes'), 4),
  undef: undefined,
  oid: new ObjectId(),
  bool: true,
  date: new Date('2026-01-02T03:04:05Z'),
  null: null,
  regex: new BSONRegExp('^a.b$', 'im'),
  dbref: new DBRef('things', new ObjectId()),
  code: new Code('function () { return 1; }'),
  symbol: new BSONSymbol('sym'),
  codeWithScope: new Code('x + 1', { x: 1 }),
  int32: new Int32(42),
  timestamp: new Timestamp({ t: 1, i: 2 }),
  int64: Long.fromString('9007199254740993'),
  decimal: Decimal128.fromString('1.000000000000000000000000000000001'),
  min: new MinKey(),
  max: new MaxKey(),
  last: 'end',
};

const projections: Document[] = [
  { _id: 1 },
  { _id: 0 },
  { string: 1 },
  { string: 1, _id: 0 },
  { regex: 0, codeWithScope: 0 },
  { max: true, double: 1, missing: 1 },
  { decimal: new Int32(1), int64: new Double(2) },
  { doc: 0, _id: 0, last: false },
  { nothing: 0 },
];

const bytesOf = (doc: Document): string =>
  Buffer.from(serialize(doc, { ignoreUndefined: false })).toString('hex');

describe('top-level projections', () => {
  it.each(projections)('%o gives what the general projection gives', (projection) => {
    const general = compileProjection(projection)(decodeTyped(encode(everyType)));
    const fast = compileTopLevelProjection(projection);
    expect(fast).toBeDefined();
    const fromRaw = fast?.(new RawDocument(encode(everyType)));
    expect(fromRaw).toBeInstanceOf(RawDocument);
    expect((fromRaw as RawDocument).bytes.toString('hex')).toBe(bytesOf(general));
    const fromDecoded = fast?.(decodeTyped(encode(everyType))) as Document;
    expect(bytesOf(fromDecoded)).toBe(bytesOf(general));
  });

  it.each([
    { 'doc.a': 1 },
    { a: { $slice: 1 } },
    { a: { $meta: 'textScore' } },
    { a: 'literal' },
    { a: 1, b: 0 },
    { 'array.$': 1 },
    { $a: 1 },
  ])('leaves %o to the general projection', (projection) => {
    expect(compileTopLevelProjection(projection)).toBeUndefined();
  });
});

describe('top-level projections through the driver', () => {
  const dirs: string[] = [];
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('projects raw (exact index scan) and decoded (matched) documents alike', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'career-projection-'));
    dirs.push(dir);
    const engine = await startEngine({ dataDir: dir });
    closers.push(() => engine.close());
    const client = new MongoClient(engine.uri);
    closers.push(() => client.close());
    const things = client.db('test').collection('things');
    await things.createIndex({ owner: 1 });
    await things.insertMany([
      { owner: 'a', secret: 's1', name: 'one', n: new Int32(1) },
      { owner: 'a', secret: 's2', name: 'two', n: new Int32(2) },
      { owner: 'b', secret: 's3', name: 'three', n: new Int32(3) },
    ]);
    const exact = await things.find({ owner: 'a' }, { projection: { secret: 0 } }).toArray();
    expect(exact.map((doc) => Object.keys(doc))).toEqual([
      ['_id', 'owner', 'name', 'n'],
      ['_id', 'owner', 'name', 'n'],
    ]);
    const matched = await things
      .find({ owner: 'a', n: { $gt: 1 } }, { projection: { name: 1, _id: 0 } })
      .toArray();
    expect(matched).toEqual([{ name: 'two' }]);
    const idsOnly = await things
      .find({}, { projection: { _id: 1 } })
      .sort({ n: -1 })
      .toArray();
    expect(idsOnly.map((doc) => Object.keys(doc))).toEqual([['_id'], ['_id'], ['_id']]);
    await expect(things.find({}, { projection: { name: 1, secret: 0 } }).toArray()).rejects.toThrow(
      /exclusion/,
    );
  });
});
