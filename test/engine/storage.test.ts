import path from 'node:path';
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
  Timestamp,
  type Document,
} from 'bson';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { decodeTyped, encode } from '../../src/engine/codec.js';
import { MongoServerError } from '../../src/engine/errors.js';
import type { CollectionStore, StorageBackend } from '../../src/engine/storage/backend.js';
import { documentKeys, keyFieldsOf } from '../../src/engine/storage/index-entries.js';
import { encodeValue } from '../../src/engine/storage/index-keys.js';
import { openSqliteBackend } from '../../src/engine/storage/sqlite-backend.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

// ---- a reference implementation of MongoDB's value order, written independently ----

function typeRank(value: unknown): number {
  if (value === null || value === undefined) return 2;
  if (typeof value === 'string') return 4;
  if (typeof value === 'boolean') return 9;
  if (typeof value === 'number' || typeof value === 'bigint') return 3;
  if (Array.isArray(value)) return 6;
  if (value instanceof Date) return 10;
  switch ((value as { _bsontype?: string })._bsontype) {
    case 'MinKey':
      return 0;
    case 'MaxKey':
      return 99;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return 3;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    default:
      return 5;
  }
}

/** An exact rational n / d, or NaN. */
type Exact = { nan: true } | { nan: false; n: bigint; d: bigint };

function exactOf(value: unknown): Exact {
  const typed = value as { _bsontype?: string };
  if (typed._bsontype === 'Long') return { nan: false, n: (value as Long).toBigInt(), d: 1n };
  if (typed._bsontype === 'Decimal128') {
    const text = (value as Decimal128).toString();
    if (text.includes('NaN')) return { nan: true };
    if (text.includes('Infinity')) return { nan: false, n: text.startsWith('-') ? -1n : 1n, d: 0n };
    const match = /^(-?)(\d+)(?:\.(\d+))?(?:E([+-]\d+))?$/.exec(text);
    if (!match) throw new Error(text);
    const digits = BigInt((match[2] ?? '') + (match[3] ?? ''));
    const exponent = Number(match[4] ?? 0) - (match[3]?.length ?? 0);
    const n = match[1] ? -digits : digits;
    return exponent >= 0
      ? { nan: false, n: n * 10n ** BigInt(exponent), d: 1n }
      : { nan: false, n, d: 10n ** BigInt(-exponent) };
  }
  const double = typeof value === 'number' ? value : Number((value as Double).value);
  if (Number.isNaN(double)) return { nan: true };
  if (!Number.isFinite(double)) return { nan: false, n: double > 0 ? 1n : -1n, d: 0n };
  // Scale by powers of two until integral: every finite double is m / 2^k.
  let d = 1n;
  let scaled = double;
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    d *= 2n;
  }
  return { nan: false, n: BigInt(scaled), d };
}

function compareNumbers(a: unknown, b: unknown): number {
  const x = exactOf(a);
  const y = exactOf(b);
  if (x.nan || y.nan) return x.nan && y.nan ? 0 : x.nan ? -1 : 1;
  // Infinities are represented with d = 0.
  if (x.d === 0n || y.d === 0n) {
    const xs = x.d === 0n ? Number(x.n) * 2 : 0;
    const ys = y.d === 0n ? Number(y.n) * 2 : 0;
    if (xs !== ys) return Math.sign(xs - ys) || 0;
    return 0;
  }
  const left = x.n * y.d;
  const right = y.n * x.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function referenceCompare(a: unknown, b: unknown): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return Math.sign(rank);
  switch (typeRank(a)) {
    case 3:
      return compareNumbers(a, b);
    case 4:
      return compareBytes(Buffer.from(a as string), Buffer.from(b as string));
    case 5:
      return compareObjects(a as Document, b as Document);
    case 6: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = referenceCompare(x[i], y[i]);
        if (c !== 0) return c;
      }
      return Math.sign(x.length - y.length);
    }
    case 7: {
      const x = a as Binary;
      const y = b as Binary;
      if (x.length() !== y.length()) return Math.sign(x.length() - y.length());
      if (x.sub_type !== y.sub_type) return Math.sign(x.sub_type - y.sub_type);
      return compareBytes(x.value(), y.value());
    }
    case 8:
      return compareBytes((a as ObjectId).id, (b as ObjectId).id);
    case 9:
      return Math.sign(Number(a) - Number(b));
    case 10:
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    case 11: {
      const x = a as Timestamp;
      const y = b as Timestamp;
      return Math.sign(x.t - y.t) || Math.sign(x.i - y.i);
    }
    case 12: {
      const x = a as BSONRegExp;
      const y = b as BSONRegExp;
      return (
        compareBytes(Buffer.from(x.pattern), Buffer.from(y.pattern)) ||
        compareBytes(Buffer.from(x.options), Buffer.from(y.options))
      );
    }
    default:
      return 0;
  }
}

function compareObjects(a: Document, b: Document): number {
  const x = Object.entries(a);
  const y = Object.entries(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [xName, xValue] = x[i] as [string, unknown];
    const [yName, yValue] = y[i] as [string, unknown];
    const c =
      Math.sign(typeRank(xValue) - typeRank(yValue)) ||
      compareBytes(Buffer.from(xName), Buffer.from(yName)) ||
      referenceCompare(xValue, yValue);
    if (c !== 0) return c;
  }
  return Math.sign(x.length - y.length);
}

// ---- random BSON values (seeded, so a failure is reproducible) ----

function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomValue(random: () => number, depth = 0): unknown {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  const small = () => Math.floor(random() * 7) - 3;
  const kind = Math.floor(random() * (depth > 1 ? 16 : 18));
  switch (kind) {
    case 0:
      return pick([new MinKey(), new MaxKey(), null]);
    case 1:
      return new Int32(small());
    case 2:
      return new Double(pick([small(), small() + 0.5, -0, NaN, Infinity, -Infinity, 0.1, 1e300]));
    case 3:
      return Long.fromBigInt(
        pick([BigInt(small()), 2n ** 53n + BigInt(small()), -(2n ** 63n), 2n ** 63n - 1n]),
      );
    case 4:
      return Decimal128.fromString(
        pick(['5', '5.0', '0.1', '-0.1', '1E+400', '-1E+400', '9007199254740993', 'NaN', '-2.5']),
      );
    case 5:
    case 6:
      return pick(['', 'a', 'a\0', 'a\0b', 'ab', 'b', 'é', 'Z', '\u{1F600}', 'a\u0001']);
    case 7:
      return new Binary(Buffer.from(pick(['', 'a', 'ab', 'b'])), pick([0, 4]));
    case 8:
      return new ObjectId(pick(['000000000000000000000001', 'ff0000000000000000000000']));
    case 9:
      return random() < 0.5;
    case 10:
      return new Date(small() * 1000);
    case 11:
      return new Timestamp({ t: Math.abs(small()), i: Math.abs(small()) });
    case 12:
      return new BSONRegExp(pick(['a', 'ab', 'b']), pick(['', 'i']));
    case 13:
      return small();
    case 14:
      return small() / 4;
    case 15:
      return pick(['x', 'y']);
    case 16: {
      const doc: Document = {};
      const size = Math.floor(random() * 3);
      for (let i = 0; i < size; i++) doc[pick(['a', 'b', 'c'])] = randomValue(random, depth + 1);
      return doc;
    }
    default:
      return Array.from({ length: Math.floor(random() * 3) }, () => randomValue(random, depth + 1));
  }
}

describe('index key encoding', () => {
  it('orders every BSON type and numeric type like MongoDB', () => {
    const random = randomGenerator(12345);
    const values = Array.from({ length: 400 }, () => randomValue(random));
    const keys = values.map((value) => encodeValue(value));
    const mismatches: string[] = [];
    for (let i = 0; i < values.length; i++) {
      for (let j = i + 1; j < values.length; j++) {
        const expected = referenceCompare(values[i], values[j]);
        const actual = Math.sign(Buffer.compare(keys[i] as Buffer, keys[j] as Buffer));
        if (expected !== actual && mismatches.length < 5) {
          mismatches.push(`${String(values[i])} vs ${String(values[j])}: ${actual} ≠ ${expected}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('sorts random values by key in reference order', () => {
    const random = randomGenerator(99);
    const values = Array.from({ length: 300 }, () => randomValue(random));
    const byKey = [...values].sort((a, b) => Buffer.compare(encodeValue(a), encodeValue(b)));
    for (let i = 1; i < byKey.length; i++) {
      expect(referenceCompare(byKey[i - 1], byKey[i])).toBeLessThanOrEqual(0);
    }
  });

  it('gives numerically equal values of different types the same key', () => {
    const five = encodeValue(new Int32(5));
    expect(encodeValue(new Double(5))).toEqual(five);
    expect(encodeValue(Long.fromNumber(5))).toEqual(five);
    expect(encodeValue(Decimal128.fromString('5.000'))).toEqual(five);
    expect(encodeValue(5)).toEqual(five);
    expect(encodeValue(-0)).toEqual(encodeValue(0));
    expect(encodeValue(Decimal128.fromString('NaN'))).toEqual(encodeValue(NaN));
  });

  it('keeps large Longs and Decimal128 values distinct from their nearest double', () => {
    const big = 2n ** 53n;
    const keys = [big - 1n, big, big + 1n, big + 2n, big + 3n].map((n) =>
      encodeValue(Long.fromBigInt(n)),
    );
    for (let i = 1; i < keys.length; i++) {
      expect(Buffer.compare(keys[i - 1] as Buffer, keys[i] as Buffer)).toBe(-1);
    }
    expect(encodeValue(Long.fromBigInt(big + 1n))).toEqual(
      encodeValue(Decimal128.fromString('9007199254740993')),
    );
    expect(encodeValue(Decimal128.fromString('0.1'))).not.toEqual(encodeValue(0.1));
    expect(Buffer.compare(encodeValue(Decimal128.fromString('0.1')), encodeValue(0.1))).toBe(-1);
  });

  it('inverts descending fields in compound keys so the order is mixed', () => {
    const fields = keyFieldsOf({ a: 1, b: -1 });
    const random = randomGenerator(7);
    const docs = Array.from({ length: 120 }, () => ({
      a: randomValue(random, 2),
      b: randomValue(random, 2),
    }));
    const keyOf = (doc: Document) => (documentKeys(doc, fields).keys[0] as { bytes: Buffer }).bytes;
    for (let i = 0; i < docs.length; i++) {
      for (let j = i + 1; j < docs.length; j++) {
        const x = docs[i] as Document;
        const y = docs[j] as Document;
        if (Array.isArray(x.a) || Array.isArray(x.b) || Array.isArray(y.a) || Array.isArray(y.b)) {
          continue;
        }
        const expected = (referenceCompare(x.a, y.a) || -referenceCompare(x.b, y.b)) + 0;
        expect(Math.sign(Buffer.compare(keyOf(x), keyOf(y)))).toBe(expected);
      }
    }
  });

  it('indexes each distinct array element and an empty array as undefined', () => {
    const fields = keyFieldsOf({ tags: 1 });
    expect(documentKeys({ tags: ['a', 'b', 'a'] }, fields).keys).toHaveLength(2);
    expect(documentKeys({ tags: [] }, fields).keys[0]?.bytes).toEqual(encodeValue(undefined));
    expect(documentKeys({}, fields).keys[0]?.bytes).toEqual(encodeValue(null));
    const nested = documentKeys({ a: [{ b: 1 }, { b: 2 }] }, keyFieldsOf({ 'a.b': 1 }));
    expect(nested.multikey).toBe(true);
    expect(nested.keys.map((key) => key.values[0])).toEqual([1, 2]);
  });
});

// ---- the backend ----

function doc(value: Document): [Document, Buffer] {
  const bytes = encode(value);
  return [decodeTyped(bytes), bytes];
}

function insert(collection: CollectionStore, value: Document): number {
  const [decoded, bytes] = doc(value);
  return collection.insert(decoded, bytes);
}

function all(collection: CollectionStore, filter: Document = {}): Document[] {
  return [...collection.candidates(filter)].map((stored) => decodeTyped(stored.bytes));
}

function plainIds(docs: Document[]): unknown[] {
  return docs.map((d) => (typeof d._id === 'object' ? Number(d._id) : d._id));
}

function caught(fn: () => unknown): MongoServerError {
  try {
    fn();
  } catch (err) {
    if (err instanceof MongoServerError) return err;
    throw err;
  }
  throw new Error('expected a MongoServerError');
}

const open: StorageBackend[] = [];
function backendAt(file: string): StorageBackend {
  const backend = openSqliteBackend({ file });
  open.push(backend);
  return backend;
}
function freshBackend(): StorageBackend {
  return backendAt(path.join(makeTempDir(), 'data.db'));
}

afterEach(() => {
  for (const backend of open.splice(0)) backend.close();
});
afterAll(() => removeTempDirs());

describe('documents', () => {
  it('inserts and finds by _id, scanning in insertion order', () => {
    const storage = freshBackend();
    const people = storage.getCollection('app', 'people', true) as CollectionStore;
    const id = new ObjectId();
    insert(people, { _id: 3, name: 'c' });
    insert(people, { _id: id, name: 'a' });
    insert(people, { _id: 1, name: 'b' });
    expect(decodeTyped((people.findById(id) as { bytes: Buffer }).bytes).name).toBe('a');
    expect(people.findById(new Double(3))).toBeDefined();
    expect(people.findById(2)).toBeUndefined();
    expect(all(people).map((d) => d.name)).toEqual(['c', 'a', 'b']);
    expect(people.count()).toBe(3);
    expect(people.plan({ _id: 3 })).toMatchObject({ stage: 'IDHACK', indexName: '_id_' });
    expect(people.plan({ _id: { $in: [3, 1] } })).toMatchObject({
      stage: 'IXSCAN',
      indexName: '_id_',
    });
    expect(plainIds(all(people, { _id: { $in: [3, 1] } }))).toEqual([1, 3]);
    expect(plainIds(all(people, { _id: { $gt: 1 } }))).toEqual([3]);
  });

  it('stores the BSON bytes exactly as given', () => {
    const storage = freshBackend();
    const things = storage.getCollection('app', 'things', true) as CollectionStore;
    const [decoded, bytes] = doc({ _id: 1, n: new Double(1), l: Long.fromNumber(2) });
    const rowid = things.insert(decoded, bytes);
    expect([...things.candidates({})][0]).toEqual({ id: rowid, bytes });
  });

  it('rejects a duplicate _id with the server error shape', () => {
    const storage = freshBackend();
    const people = storage.getCollection('app', 'people', true) as CollectionStore;
    insert(people, { _id: 'x' });
    const err = caught(() => insert(people, { _id: 'x' }));
    expect(err.code).toBe(11000);
    expect(err.message).toBe(
      'E11000 duplicate key error collection: app.people index: _id_ dup key: { _id: "x" }',
    );
    expect(err.extra).toEqual({ keyPattern: { _id: 1 }, keyValue: { _id: 'x' } });
    expect(people.count()).toBe(1);
  });

  it('replaces and removes documents with their index entries', () => {
    const storage = freshBackend();
    const people = storage.getCollection('app', 'people', true) as CollectionStore;
    people.createIndex({ key: { email: 1 }, name: 'email_1', unique: true });
    const first = insert(people, { _id: 1, email: 'a' });
    insert(people, { _id: 2, email: 'b' });
    const [decoded, bytes] = doc({ _id: 1, email: 'c' });
    people.replace(first, decoded, bytes);
    expect(plainIds(all(people, { email: 'c' }))).toEqual([1]);
    expect(all(people, { email: 'a' })).toEqual([]);
    insert(people, { _id: 3, email: 'a' }); // the old key is free again
    const [clash, clashBytes] = doc({ _id: 1, email: 'b' });
    expect(caught(() => people.replace(first, clash, clashBytes)).code).toBe(11000);
    expect(decodeTyped((people.findById(1) as { bytes: Buffer }).bytes).email).toBe('c');
    people.remove(first);
    expect(people.findById(1)).toBeUndefined();
    insert(people, { _id: 4, email: 'c' });
    people.truncate();
    expect(people.count()).toBe(0);
    expect(people.listIndexes()).toHaveLength(2);
    insert(people, { _id: 5, email: 'c' });
  });
});

describe('unique indexes', () => {
  it('enforces a single-field unique index, numbers compared by value', () => {
    const storage = freshBackend();
    const users = storage.getCollection('app', 'users', true) as CollectionStore;
    users.createIndex({ key: { n: 1 }, name: 'n_1', unique: true });
    insert(users, { _id: 1, n: new Int32(5) });
    const err = caught(() => insert(users, { _id: 2, n: new Double(5) }));
    expect(err.code).toBe(11000);
    expect(err.message).toContain('index: n_1 dup key: { n: 5');
    expect(err.extra.keyPattern).toEqual({ n: 1 });
    expect(Number(err.extra.keyValue.n)).toBe(5);
    insert(users, { _id: 3, n: Long.fromBigInt(2n ** 53n + 1n) });
    insert(users, { _id: 4, n: Long.fromBigInt(2n ** 53n) }); // distinct despite equal doubles
    expect(users.count()).toBe(3);
  });

  it('enforces compound unique indexes on the whole key', () => {
    const storage = freshBackend();
    const users = storage.getCollection('app', 'users', true) as CollectionStore;
    users.createIndex({ key: { org: 1, email: -1 }, name: 'org_email', unique: true });
    insert(users, { _id: 1, org: 'a', email: 'x' });
    insert(users, { _id: 2, org: 'b', email: 'x' });
    const err = caught(() => insert(users, { _id: 3, org: 'a', email: 'x' }));
    expect(err.message).toBe(
      'E11000 duplicate key error collection: app.users index: org_email dup key: { org: "a", email: "x" }',
    );
    expect(err.extra).toEqual({
      keyPattern: { org: 1, email: -1 },
      keyValue: { org: 'a', email: 'x' },
    });
  });

  it('enforces uniqueness per array element (multikey) but not within one document', () => {
    const storage = freshBackend();
    const posts = storage.getCollection('app', 'posts', true) as CollectionStore;
    posts.createIndex({ key: { tags: 1 }, name: 'tags_1', unique: true });
    insert(posts, { _id: 1, tags: ['a', 'b', 'b'] });
    const err = caught(() => insert(posts, { _id: 2, tags: ['c', 'b'] }));
    expect(err.extra.keyValue).toEqual({ tags: 'b' });
    expect(posts.count()).toBe(1);
    insert(posts, { _id: 2, tags: ['c'] });
    expect(plainIds(all(posts, { tags: 'b' }))).toEqual([1]);
  });

  it("holds a batch's index entries back, yet finds duplicates within the batch and before it", () => {
    const storage = freshBackend();
    const users = storage.getCollection('app', 'users', true) as CollectionStore;
    users.createIndex({ key: { email: 1 }, name: 'email_1', unique: true });
    users.createIndex({ key: { tags: 1 }, name: 'tags_1' });
    insert(users, { _id: 0, email: 'before', tags: [] });
    const batch = [
      { _id: 1, email: 'a', tags: ['x', 'y'] },
      { _id: 2, email: 'a' },
      { _id: 3, email: 'before' },
      { _id: 1, email: 'c' },
      { _id: 4, email: 'd', tags: ['y'] },
    ];
    const failures: { at: number; code: unknown; index: unknown }[] = [];
    const inserted = users.insertBatch(
      batch.length,
      (at) => {
        const [decoded, bytes] = doc(batch[at] as Document);
        return { id: decoded._id, bytes, decode: () => decoded };
      },
      (at, error) => {
        const failure = error as MongoServerError;
        failures.push({ at, code: failure.code, index: failure.message.split(' index: ')[1] });
        return false;
      },
    );
    expect(inserted).toBe(2);
    expect(failures).toEqual([
      { at: 1, code: 11000, index: 'email_1 dup key: { email: "a" }' },
      { at: 2, code: 11000, index: 'email_1 dup key: { email: "before" }' },
      { at: 3, code: 11000, index: '_id_ dup key: { _id: 1 }' },
    ]);
    // The held entries were written: the indexes find the batch's documents.
    expect(plainIds(all(users, { tags: 'y' }))).toEqual([1, 4]);
    expect(users.plan({ tags: 'y' }).stage).toBe('IXSCAN');
    expect(plainIds(all(users, { email: 'd' }))).toEqual([4]);
    // An ordered batch stops at its first failure, keeping the documents before it.
    const stopped = users.insertBatch(
      2,
      (at) => {
        const [decoded, bytes] = doc(at === 0 ? { _id: 5, email: 'e' } : { _id: 6, email: 'e' });
        return { id: decoded._id, bytes, decode: () => decoded };
      },
      () => true,
    );
    expect(stopped).toBe(1);
    expect(plainIds(all(users, { email: 'e' }))).toEqual([5]);
  });

  it('writes a batch into a collection without indexes many rows a statement, failures in order', () => {
    const storage = freshBackend();
    const plain = storage.getCollection('app', 'plain', true) as CollectionStore;
    insert(plain, { _id: 5 });
    // 70 documents: two full statements and six more. 5 is taken; 40 comes twice; 50 cannot
    // even be prepared.
    const ids = [...Array.from({ length: 70 }, (_, at) => 100 + at)];
    ids[3] = 5;
    ids[41] = 40 + 100;
    const batch = (failedAt: number[], stop: boolean): number =>
      plain.insertBatch(
        ids.length,
        (at) => {
          if (at === 50) throw new MongoServerError(2, 'not this one');
          const [decoded, bytes] = doc({ _id: ids[at], at });
          return { id: decoded._id, bytes, decode: () => decoded };
        },
        (at) => {
          failedAt.push(at);
          return stop;
        },
      );
    const failures: number[] = [];
    expect(batch(failures, false)).toBe(67);
    expect(failures).toEqual([3, 41, 50]);
    // Natural order is the batch's order.
    const stored = all(plain).map((d) => Number(d._id));
    expect(stored).toEqual([5, ...ids.filter((id, at) => at !== 3 && at !== 41 && at !== 50)]);
    expect(stored.length).toBe(68);
    // Ordered: the first failure stops it, the rows before it stay.
    plain.truncate();
    insert(plain, { _id: 5 });
    const stopped: number[] = [];
    expect(batch(stopped, true)).toBe(3);
    expect(stopped).toEqual([3]);
    expect(all(plain).map((d) => Number(d._id))).toEqual([5, 100, 101, 102]);
  });

  it('treats missing fields as null unless the index is sparse', () => {
    const storage = freshBackend();
    const users = storage.getCollection('app', 'users', true) as CollectionStore;
    users.createIndex({ key: { email: 1 }, name: 'email_1', unique: true });
    users.createIndex({ key: { phone: 1 }, name: 'phone_1', unique: true, sparse: true });
    insert(users, { _id: 1 });
    const err = caught(() => insert(users, { _id: 2 }));
    expect(err.message).toContain('index: email_1 dup key: { email: null }');
    insert(users, { _id: 2, email: 'b' });
    insert(users, { _id: 3, email: 'c', phone: '1' });
    expect(caught(() => insert(users, { _id: 4, email: 'd', phone: '1' })).extra.keyValue).toEqual({
      phone: '1',
    });
  });

  it('only indexes documents matching a partial filter', () => {
    const storage = freshBackend();
    const users = storage.getCollection('app', 'users', true) as CollectionStore;
    users.createIndex({
      key: { email: 1 },
      name: 'active_email',
      unique: true,
      partialFilterExpression: { active: true, age: { $gte: new Int32(18) } },
    });
    insert(users, { _id: 1, email: 'a', active: true, age: new Int32(20) });
    insert(users, { _id: 2, email: 'a', active: false, age: new Int32(20) });
    insert(users, { _id: 3, email: 'a', active: true, age: new Double(10) });
    const err = caught(() =>
      insert(users, { _id: 4, email: 'a', active: true, age: Long.fromNumber(30) }),
    );
    expect(err.message).toContain('index: active_email');
    expect(users.count()).toBe(3);
    // A partial index is never used to plan (it may not hold every match).
    expect(users.plan({ email: 'a' }).stage).toBe('COLLSCAN');
  });

  it('plans with a partial index keyed by the documents that have a field, when the query requires it', () => {
    const storage = freshBackend();
    const records = storage.getCollection('app', 'records', true) as CollectionStore;
    records.createIndex({
      key: { userId: 1, key: 1 },
      name: 'userId_1_key_1',
      unique: true,
      partialFilterExpression: { key: { $type: 'string' } },
    });
    // Documents without a key (or with a number) are not in it: they never collide.
    insert(records, { _id: 1, userId: 1 });
    insert(records, { _id: 2, userId: 1 });
    insert(records, { _id: 3, userId: 1, key: 7 });
    insert(records, { _id: 4, userId: 1, key: 'a' });
    insert(records, { _id: 5, userId: 2, key: 'a' });
    insert(records, { _id: 6, userId: 1, key: ['b', 8] });
    expect(caught(() => insert(records, { _id: 7, userId: 1, key: 'a' })).code).toBe(11000);
    expect(caught(() => insert(records, { _id: 8, userId: 1, key: 'b' })).code).toBe(11000);
    const ids = (filter: Document) => plainIds(all(records, filter));

    const planned = { stage: 'IXSCAN', indexName: 'userId_1_key_1' };
    expect(records.plan({ userId: 1, key: 'a' })).toMatchObject(planned);
    expect(records.plan({ userId: 1, key: { $in: ['a', 'b'] } })).toMatchObject(planned);
    expect(records.plan({ $and: [{ userId: 1 }, { key: { $eq: 'b' } }] })).toMatchObject(planned);
    expect(ids({ userId: 1, key: { $in: ['a', 'b'] } }).sort()).toEqual([4, 6]);
    // Queries that may match documents outside the index scan instead.
    for (const filter of [{ userId: 1 }, { userId: 1, key: 7 }, { key: { $in: ['a', 7] } }]) {
      expect(records.plan(filter).stage).toBe('COLLSCAN');
    }
  });

  it('fails createIndex over existing duplicates and leaves no index behind', () => {
    const storage = freshBackend();
    const users = storage.getCollection('app', 'users', true) as CollectionStore;
    insert(users, { _id: 1, email: 'a' });
    insert(users, { _id: 2, email: 'a' });
    const err = caught(() =>
      users.createIndex({ key: { email: 1 }, name: 'email_1', unique: true }),
    );
    expect(err.code).toBe(11000);
    expect(err.extra.keyValue).toEqual({ email: 'a' });
    expect(users.listIndexes().map((index) => index.name)).toEqual(['_id_']);
    expect(users.createIndex({ key: { email: 1 }, name: 'email_1' })).toBe(true);
  });
});

describe('index management', () => {
  it('lists _id_ first and reports conflicts with mongod codes', () => {
    const storage = freshBackend();
    const users = storage.createCollection('app', 'users');
    expect(users.createIndex({ key: { a: 1 }, name: 'a_1' })).toBe(true);
    expect(users.createIndex({ key: { a: 1 }, name: 'a_1' })).toBe(false);
    expect(users.createIndex({ v: 2, key: { _id: 1 }, name: '_id_' })).toBe(false);
    expect(caught(() => users.createIndex({ key: { b: 1 }, name: 'a_1' })).code).toBe(86);
    expect(caught(() => users.createIndex({ key: { a: 1 }, name: 'other' })).code).toBe(85);
    expect(caught(() => users.createIndex({ key: { a: 1 }, name: 'a_1', unique: true })).code).toBe(
      85,
    );
    expect(users.listIndexes()).toEqual([
      { v: 2, key: { _id: 1 }, name: '_id_' },
      { v: 2, key: { a: 1 }, name: 'a_1' },
    ]);
    expect(caught(() => users.dropIndex('nope')).code).toBe(27);
    const idDrop = caught(() => users.dropIndex('_id_'));
    expect([idDrop.code, idDrop.message]).toEqual([72, 'cannot drop _id index']);
    users.dropIndex('a_1');
    expect(users.listIndexes()).toHaveLength(1);
    expect(users.stats().nindexes).toBe(1);
  });

  it('builds entries for existing documents', () => {
    const storage = freshBackend();
    const items = storage.getCollection('app', 'items', true) as CollectionStore;
    for (let i = 0; i < 1200; i++) insert(items, { _id: i, n: i % 10 });
    items.createIndex({ key: { n: 1 }, name: 'n_1' });
    expect(items.plan({ n: 3 })).toMatchObject({ stage: 'IXSCAN', indexName: 'n_1' });
    expect(all(items, { n: 3 })).toHaveLength(120);
  });
});

describe('planner', () => {
  function seeded(): CollectionStore {
    const storage = freshBackend();
    const items = storage.getCollection('app', 'items', true) as CollectionStore;
    items.createIndex({ key: { n: 1 }, name: 'n_1' });
    items.createIndex({ key: { s: -1 }, name: 's_-1' });
    items.createIndex({ key: { email: 1 }, name: 'email_1', unique: true });
    const values = [1, 2.5, new Int32(3), Long.fromNumber(4), 'five', null, [6, 7], new Date(8)];
    values.forEach((n, i) =>
      insert(items, { _id: i, n, s: ['a', 'b', 'c', 'd'][i % 4], email: `e${i}` }),
    );
    insert(items, { _id: 100 });
    return items;
  }

  it('uses an index for equality, $in and ranges', () => {
    const items = seeded();
    const ix = (indexName: string) => ({ stage: 'IXSCAN', indexName });
    expect(items.plan({ n: 3 })).toMatchObject(ix('n_1'));
    expect(items.plan({ n: { $eq: 3 } })).toMatchObject(ix('n_1'));
    expect(items.plan({ n: { $in: [1, 3] } })).toMatchObject(ix('n_1'));
    expect(items.plan({ n: { $gt: 2 } })).toMatchObject(ix('n_1'));
    expect(items.plan({ $and: [{ s: { $lte: 'b' } }] })).toMatchObject(ix('s_-1'));
    expect(items.plan({ n: { $gt: 1 }, email: 'e1' })).toMatchObject(ix('email_1'));
    expect(items.plan({ n: { $in: [1] }, s: 'a' })).toMatchObject(ix('s_-1'));
  });

  it('prefers a short $in on a unique field to an equality on another (the listed ids)', () => {
    const items = seeded();
    const ix = (indexName: string) => ({ stage: 'IXSCAN', indexName });
    const ids = { _id: { $in: [1, 3, 42] }, s: 'b' };
    expect(items.plan(ids)).toMatchObject(ix('_id_'));
    // The candidates are the listed ids that exist (the caller rechecks `s`).
    expect(plainIds(all(items, ids))).toEqual([1, 3]);
    expect(items.plan({ email: { $in: ['e1', 'e2'] }, s: 'a' })).toMatchObject(ix('email_1'));
    // A long list is no longer bounded enough: the equality wins again.
    const many = Array.from({ length: 1001 }, (_, i) => i);
    expect(items.plan({ _id: { $in: many }, s: 'b' })).toMatchObject(ix('s_-1'));
  });

  it('narrows a compound index by every leading field given exact values', () => {
    const storage = freshBackend();
    const jobs = storage.getCollection('app', 'jobs', true) as CollectionStore;
    jobs.createIndex({ key: { userId: 1 }, name: 'userId_1' });
    jobs.createIndex({ key: { userId: 1, company: 1, title: -1 }, name: 'compound' });
    for (let i = 0; i < 60; i++) {
      insert(jobs, { _id: i, userId: i % 2, company: `c${i % 6}`, title: `t${i % 5}` });
    }
    insert(jobs, { _id: 'array', userId: 1, company: ['c1', 'x'], title: 't1' });
    const ix = (indexName: string) => ({ stage: 'IXSCAN', indexName });
    expect(jobs.plan({ userId: 1 })).toMatchObject(ix('userId_1'));
    const byCompany = { userId: 1, company: { $in: ['c1', 'c3', 'nope'] } };
    expect(jobs.plan(byCompany)).toMatchObject(ix('compound'));
    const exact = { userId: 1, company: 'c1', title: { $in: ['t1', 't3'] } };
    expect(jobs.plan(exact)).toMatchObject(ix('compound'));
    // Candidates are rechecked by the matcher: they must hold every match, multikey included.
    const candidates = (filter: Document) => all(jobs, filter).map((doc) => String(doc._id));
    const has = (value: unknown, wanted: string[]) =>
      (Array.isArray(value) ? value : [value]).some((item) => wanted.includes(String(item)));
    const matching = (company: string[], title: string[]) =>
      all(jobs)
        .filter(
          (doc) => Number(doc.userId) === 1 && has(doc.company, company) && has(doc.title, title),
        )
        .map((doc) => String(doc._id));
    const companyMatches = matching(['c1', 'c3'], ['t0', 't1', 't2', 't3', 't4']);
    expect(companyMatches).toContain('array');
    expect(candidates(byCompany)).toEqual(expect.arrayContaining(companyMatches));
    expect(candidates(byCompany).length).toBeLessThan(30);
    const exactMatches = matching(['c1'], ['t1', 't3']);
    expect(exactMatches.length).toBeGreaterThan(1);
    expect(candidates(exact).sort()).toEqual(exactMatches.sort());
  });

  it('scans when no index applies', () => {
    const items = seeded();
    for (const filter of [
      {},
      { other: 1 },
      { n: null },
      { n: /x/ },
      { n: { a: 1 } },
      { n: { $ne: 1 } },
      { $or: [{ n: 1 }, { other: 2 }] },
      { n: { $in: [1, null] } },
    ]) {
      expect(items.plan(filter)).toMatchObject({ stage: 'COLLSCAN' });
    }
  });

  it('returns every match (and only the right type bracket) for index scans', () => {
    const items = seeded();
    const ids = (filter: Document) =>
      plainIds(all(items, filter)).sort((a, b) => Number(a) - Number(b));
    expect(ids({ n: 3 })).toEqual([2]);
    expect(ids({ n: 6 })).toEqual([6]);
    expect(ids({ n: { $gt: 2 } })).toEqual([1, 2, 3, 6]);
    // n is multikey ([6, 7]), so only one bound narrows the scan: a superset of the matches.
    expect(ids({ n: { $gte: 2.5, $lt: 4 } })).toEqual([1, 2, 3, 6]);
    expect(ids({ n: { $lt: 'z' } })).toEqual([4]);
    expect(ids({ n: { $in: [1, 'five', 7] } })).toEqual([0, 4, 6]);
    expect(ids({ s: { $gt: 'b' } })).toEqual([2, 3, 6, 7]);
    expect(ids({ s: { $lte: 'b', $gte: 'b' } })).toEqual([1, 5]);
    expect(ids({ n: { $gt: new Date(0) } })).toEqual([7]);
    // A multikey field: each bound may be met by a different element (6 > 6.5? no, 7 > 6.5; 6 < 6.5).
    expect(ids({ n: { $gt: 6.5, $lt: 6.6 } })).toEqual([6]);
  });
});

describe('iteration and transactions', () => {
  it('intersects range bounds on an index that is not multikey', () => {
    const storage = freshBackend();
    const items = storage.getCollection('app', 'items', true) as CollectionStore;
    items.createIndex({ key: { n: -1 }, name: 'n_-1' });
    for (let i = 0; i < 20; i++) insert(items, { _id: i, n: i % 2 ? i : String(i) });
    expect(plainIds(all(items, { n: { $gte: 3, $lt: 9 } }))).toEqual([7, 5, 3]);
    expect(plainIds(all(items, { n: { $gt: 3, $lte: 9 } }))).toEqual([9, 7, 5]);
    expect(plainIds(all(items, { n: { $gt: '17' } }))).toEqual([8, 6, 4, 2, 18]);
  });

  it('yields a document once even when an update moves its key ahead of the scan', () => {
    const storage = freshBackend();
    const items = storage.getCollection('app', 'items', true) as CollectionStore;
    items.createIndex({ key: { n: 1 }, name: 'n_1' });
    for (let i = 1; i <= 5; i++) insert(items, { _id: i, n: i });
    const bump = (filter: Document) =>
      storage.write(() => {
        let visits = 0;
        for (const stored of items.candidates(filter)) {
          visits++;
          const current = decodeTyped(stored.bytes);
          const [next, bytes] = doc({ ...current, n: Number(current.n) + 10 });
          items.replace(stored.id, next, bytes);
        }
        return visits;
      });
    expect(bump({ n: { $gte: 1 } })).toBe(5);
    expect(bump({ n: { $in: [11, 21] } })).toBe(1);
    expect(plainIds(all(items, { n: 21 }))).toEqual([1]);
  });

  it('indexes dotted paths through arrays of subdocuments', () => {
    const storage = freshBackend();
    const orders = storage.getCollection('app', 'orders', true) as CollectionStore;
    orders.createIndex({ key: { 'lines.sku': 1 }, name: 'sku', unique: true });
    insert(orders, { _id: 1, lines: [{ sku: 'a' }, { sku: 'b' }] });
    insert(orders, { _id: 2, lines: { sku: 'c' } });
    expect(caught(() => insert(orders, { _id: 3, lines: [{ sku: 'c' }] })).extra.keyValue).toEqual({
      'lines.sku': 'c',
    });
    expect(orders.plan({ 'lines.sku': 'b' }).stage).toBe('IXSCAN');
    expect(plainIds(all(orders, { 'lines.sku': 'b' }))).toEqual([1]);
  });

  it('streams in chunks and tolerates writes while iterating', () => {
    const storage = freshBackend();
    const items = storage.getCollection('app', 'items', true) as CollectionStore;
    items.createIndex({ key: { n: 1 }, name: 'n_1' });
    storage.write(() => {
      for (let i = 0; i < 1500; i++) insert(items, { _id: i, n: i });
    });
    let seen = 0;
    for (const stored of items.candidates({})) {
      seen++;
      const current = decodeTyped(stored.bytes);
      if (Number(current._id) < 100) insert(items, { _id: 10_000 + Number(current._id), n: -1 });
      if (Number(current._id) === 600) items.remove(stored.id + 700); // in a later chunk
    }
    expect(seen).toBe(1500 + 100 - 1);
    let ranged = 0;
    for (const stored of items.candidates({ n: { $gte: 0 } })) {
      ranged++;
      items.remove(stored.id);
    }
    expect(ranged).toBe(1499);
    expect(items.count()).toBe(100);
  });

  it('rolls back a failed nested write alone', () => {
    const storage = freshBackend();
    const items = storage.getCollection('app', 'items', true) as CollectionStore;
    storage.write(() => {
      insert(items, { _id: 1 });
      expect(() =>
        storage.write(() => {
          insert(items, { _id: 2 });
          items.createIndex({ key: { a: 1 }, name: 'a_1' });
          storage.createCollection('app', 'other');
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(items.listIndexes()).toHaveLength(1);
      insert(items, { _id: 3 });
    });
    expect(plainIds(all(items))).toEqual([1, 3]);
    expect(storage.listCollections('app').map((c) => c.name)).toEqual(['items']);
    expect(() =>
      storage.write(() => {
        insert(items, { _id: 4 });
        throw new Error('outer');
      }),
    ).toThrow('outer');
    expect(items.count()).toBe(2);
    expect(storage.read(() => items.count())).toBe(2);
  });
});

describe('namespaces', () => {
  it('validates names with InvalidNamespace', () => {
    const storage = freshBackend();
    for (const [db, name] of [
      ['', 'c'],
      ['a.b', 'c'],
      ['a b', 'c'],
      ['a$', 'c'],
      ['a/b', 'c'],
      ['db', ''],
      ['db', 'a$b'],
      ['db', 'a\0b'],
    ] as const) {
      expect(caught(() => storage.createCollection(db, name)).code).toBe(73);
    }
  });

  it('creates, renames, drops and reports collections and databases', () => {
    const storage = freshBackend();
    storage.createCollection('app', 'a', { capped: false });
    expect(caught(() => storage.createCollection('app', 'a')).code).toBe(48);
    const b = storage.getCollection('app', 'b', true) as CollectionStore;
    b.createIndex({ key: { x: 1 }, name: 'x_1', unique: true });
    insert(b, { _id: 1, x: 1 });
    storage.getCollection('other', 'c', true);
    expect(storage.listCollections('app')).toEqual([
      { name: 'a', type: 'collection', options: { capped: false } },
      { name: 'b', type: 'collection', options: {} },
    ]);
    expect(caught(() => storage.renameCollection('app', 'b', 'app', 'a', false)).code).toBe(48);
    expect(caught(() => storage.renameCollection('app', 'zz', 'app', 'q', false)).code).toBe(26);
    storage.renameCollection('app', 'b', 'other', 'moved', false);
    const moved = storage.getCollection('other', 'moved') as CollectionStore;
    expect(moved.count()).toBe(1);
    expect(caught(() => insert(moved, { _id: 2, x: 1 })).message).toContain('other.moved');
    storage.renameCollection('other', 'moved', 'app', 'a', true);
    expect(storage.listCollections('app').map((c) => c.name)).toEqual(['a']);
    expect(storage.databaseStats('app')).toMatchObject({ collections: 1, objects: 1, indexes: 2 });
    expect(storage.databaseStats('app').dataSize).toBeGreaterThan(0);
    expect(storage.listDatabases().map((d) => d.name)).toEqual(['app', 'other']);
    expect(storage.dropCollection('app', 'nope')).toBe(false);
    storage.dropDatabase('app');
    expect(storage.listDatabases().map((d) => d.name)).toEqual(['other']);
    expect(storage.getCollection('app', 'a')).toBeUndefined();
  });
});

describe('sharing one file', () => {
  it('sees collections and indexes created by another connection', () => {
    const file = path.join(makeTempDir(), 'shared.db');
    const first = backendAt(file);
    const second = backendAt(file);
    const mine = first.getCollection('app', 'users', true) as CollectionStore;
    insert(mine, { _id: 1, email: 'a' });
    const theirs = second.getCollection('app', 'users') as CollectionStore;
    expect(theirs.count()).toBe(1);
    // second caches its catalog; first now adds a unique index behind its back.
    mine.createIndex({ key: { email: 1 }, name: 'email_1', unique: true });
    expect(caught(() => insert(theirs, { _id: 2, email: 'a' })).code).toBe(11000);
    expect(theirs.plan({ email: 'a' }).stage).toBe('IXSCAN');
    // first drops the collection; second's handle recreates it instead of using a dead table.
    first.dropCollection('app', 'users');
    insert(theirs, { _id: 3, email: 'a' });
    expect(mine.listIndexes()).toHaveLength(1);
    expect(plainIds(all(mine))).toEqual([3]);
  });

  it('keeps data and indexes across reopening', () => {
    const file = path.join(makeTempDir(), 'durable.db');
    const before = backendAt(file);
    const items = before.getCollection('app', 'items', true) as CollectionStore;
    items.createIndex({ key: { n: 1 }, name: 'n_1', unique: true });
    before.write(() => {
      for (let i = 0; i < 50; i++) insert(items, { _id: i, n: i });
    });
    before.close();
    const after = backendAt(file);
    const reopened = after.getCollection('app', 'items') as CollectionStore;
    expect(reopened.count()).toBe(50);
    expect(reopened.listIndexes().map((index) => index.name)).toEqual(['_id_', 'n_1']);
    expect(plainIds(all(reopened, { n: 7 }))).toEqual([7]);
    expect(caught(() => insert(reopened, { _id: 99, n: 7 })).code).toBe(11000);
  });
});
