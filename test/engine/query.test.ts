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
import { describe, expect, it } from 'vitest';
import { decodeTyped, encode } from '../../src/engine/codec.js';
import { MongoServerError } from '../../src/engine/errors.js';
import {
  applyUpdate,
  compareValues,
  compileFilter,
  compileProjection,
  compileSort,
  parseUpdate,
  runPipeline,
  toPlain,
  upsertSeed,
  validateForInsert,
  type UpdateContext,
} from '../../src/engine/query/index.js';

/** Round-trips through BSON so tests see documents exactly as the engine does. */
const typed = (doc: Document): Document => decodeTyped(encode(doc));

const matches = (filter: Document, doc: Document): boolean =>
  compileFilter(typed(filter))(typed(doc));

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof MongoServerError) return err.code;
    throw err;
  }
  return undefined;
}

function errorOf(fn: () => unknown): MongoServerError {
  try {
    fn();
  } catch (err) {
    if (err instanceof MongoServerError) return err;
    throw err;
  }
  throw new Error('expected a MongoServerError');
}

const update = (doc: Document, spec: Document | Document[], context: Partial<UpdateContext> = {}) =>
  applyUpdate(typed(doc), parseUpdate(Array.isArray(spec) ? spec.map(typed) : typed(spec)), {
    isUpsertInsert: false,
    ...context,
  });

describe('toPlain', () => {
  it('converts bson numbers and regexes deeply and leaves other bson values alone', () => {
    const id = new ObjectId();
    const plain = toPlain({
      a: new Int32(1),
      b: [new Long(2), new Double(2.5), Decimal128.fromString('3.25')],
      c: { d: new BSONRegExp('^x', 'i') },
      id,
    }) as Document;
    expect(plain.a).toBe(1);
    expect(plain.b).toEqual([2, 2.5, 3.25]);
    expect(plain.c.d).toBeInstanceOf(RegExp);
    expect((plain.c.d as RegExp).flags).toBe('i');
    expect(plain.id).toBe(id);
  });
});

describe('compareValues', () => {
  it('orders types like MongoDB', () => {
    const ordered = [
      new MinKey(),
      null,
      new Int32(1),
      'a',
      { a: 1 },
      [1],
      new Binary(Buffer.from('x')),
      new ObjectId('000000000000000000000001'),
      false,
      new Date(0),
      new Timestamp({ t: 1, i: 1 }),
      new BSONRegExp('a', ''),
      new MaxKey(),
    ];
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compareValues(ordered[i], ordered[i + 1])).toBe(-1);
      expect(compareValues(ordered[i + 1], ordered[i])).toBe(1);
    }
    expect(compareValues(undefined, null)).toBe(0);
  });

  it('compares numbers by value across bson types', () => {
    expect(compareValues(new Int32(5), new Double(5))).toBe(0);
    expect(compareValues(new Long(5), 5)).toBe(0);
    expect(compareValues(Decimal128.fromString('5.5'), new Long(5))).toBe(1);
    expect(compareValues(Long.fromString('9007199254740993'), Long.fromString('9007199254740992'))).toBe(1);
    expect(compareValues(NaN, -Infinity)).toBe(-1);
  });

  it('compares objects field by field and arrays element-wise', () => {
    expect(compareValues({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe(-1);
    expect(compareValues({ a: 1 }, { a: 1, b: 0 })).toBe(-1);
    expect(compareValues({ a: 1 }, { b: 0 })).toBe(-1);
    expect(compareValues([1, 2], [1, 2, 0])).toBe(-1);
    expect(compareValues([2], [1, 5])).toBe(1);
    expect(compareValues(new ObjectId('000000000000000000000002'), new ObjectId('000000000000000000000001'))).toBe(1);
  });
});

describe('compileFilter', () => {
  it('matches scalars, arrays and dotted paths like MongoDB', () => {
    expect(matches({ a: 1 }, { a: new Int32(1) })).toBe(true);
    expect(matches({ a: 1 }, { a: [3, 1] })).toBe(true);
    expect(matches({ a: [1, 2] }, { a: [1, 2] })).toBe(true);
    expect(matches({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(matches({ a: [1, 2] }, { a: [[1, 2], 3] })).toBe(true);
    expect(matches({ 'a.b': 1 }, { a: [{ b: 2 }, { b: 1 }] })).toBe(true);
    expect(matches({ 'a.1': 5 }, { a: [1, 5] })).toBe(true);
    expect(matches({ 'a.b.c': 5 }, { a: [{ b: [{ c: 5 }] }] })).toBe(true);
    expect(matches({ a: { b: 1 } }, { a: { b: 1, c: 2 } })).toBe(false);
  });

  it('treats null as missing', () => {
    expect(matches({ a: null }, {})).toBe(true);
    expect(matches({ a: null }, { a: null })).toBe(true);
    expect(matches({ a: null }, { a: 0 })).toBe(false);
    expect(matches({ a: { $exists: false } }, {})).toBe(true);
    expect(matches({ a: { $exists: true } }, { a: null })).toBe(true);
    expect(matches({ a: { $gte: null } }, {})).toBe(true);
    expect(matches({ a: { $gt: null } }, { a: 1 })).toBe(false);
  });

  it('compares bson numbers by value', () => {
    expect(matches({ a: { $gt: 1 } }, { a: new Long(5) })).toBe(true);
    expect(matches({ a: { $gt: new Long(1) } }, { a: new Int32(5) })).toBe(true);
    expect(matches({ a: { $lt: Decimal128.fromString('5.5') } }, { a: new Double(5.25) })).toBe(true);
    expect(matches({ a: 5 }, { a: Decimal128.fromString('5') })).toBe(true);
    expect(matches({ a: { $in: [new Long(7), 8] } }, { a: new Int32(7) })).toBe(true);
    expect(matches({ a: { $gte: 2, $lte: 3 } }, { a: [1, 4] })).toBe(true);
  });

  it('brackets range comparisons by type', () => {
    expect(matches({ a: { $gt: 1 } }, { a: 'z' })).toBe(false);
    expect(matches({ a: { $lt: 'a' } }, { a: 5 })).toBe(false);
    expect(matches({ a: { $gt: new Date(0) } }, { a: 5 })).toBe(false);
    expect(matches({ a: { $gt: new Date(0) } }, { a: new Date(10) })).toBe(true);
    expect(matches({ a: { $lt: new Date(0) } }, { a: new Date(10) })).toBe(false);
    expect(matches({ a: { $gt: 'b' } }, { a: 'c' })).toBe(true);
    expect(matches({ a: { $gt: new MinKey() } }, { a: 'c' })).toBe(true);
  });

  it('compares ObjectId, Binary, Timestamp and Date values', () => {
    const low = new ObjectId('000000000000000000000001');
    const high = new ObjectId('0000000000000000000000ff');
    expect(matches({ _id: high }, { _id: new ObjectId('0000000000000000000000ff') })).toBe(true);
    expect(matches({ _id: low }, { _id: high })).toBe(false);
    expect(matches({ _id: { $gt: low } }, { _id: high })).toBe(true);
    expect(matches({ _id: { $lt: low } }, { _id: high })).toBe(false);
    expect(matches({ _id: { $gt: 'x' } }, { _id: high })).toBe(false);
    expect(matches({ b: new Binary(Buffer.from('ab')) }, { b: new Binary(Buffer.from('ab')) })).toBe(true);
    expect(matches({ b: new Binary(Buffer.from('ab')) }, { b: new Binary(Buffer.from('ac')) })).toBe(false);
    expect(matches({ t: { $gt: new Timestamp({ t: 1, i: 0 }) } }, { t: new Timestamp({ t: 2, i: 0 }) })).toBe(true);
    expect(matches({ d: new Date(5) }, { d: new Date(5) })).toBe(true);
    expect(matches({ d: { $in: [new Date(5)] } }, { d: new Date(6) })).toBe(false);
  });

  it('supports array and element operators', () => {
    expect(matches({ a: { $elemMatch: { $gt: 1, $lt: 3 } } }, { a: [0, 2] })).toBe(true);
    expect(matches({ a: { $elemMatch: { $gt: 1, $lt: 3 } } }, { a: [0, 5] })).toBe(false);
    expect(matches({ a: { $elemMatch: { x: 1, y: 2 } } }, { a: [{ x: 1, y: 1 }, { x: 1, y: 2 }] })).toBe(true);
    expect(matches({ a: { $all: [1, 2] } }, { a: [2, 1, 3] })).toBe(true);
    expect(matches({ a: { $all: [1, 4] } }, { a: [2, 1, 3] })).toBe(false);
    expect(matches({ a: { $size: 2 } }, { a: [1, 2] })).toBe(true);
    expect(matches({ a: { $size: new Int32(1) } }, { a: [1, 2] })).toBe(false);
    expect(matches({ a: { $mod: [3, 1] } }, { a: new Long(4) })).toBe(true);
    expect(matches({ a: { $not: { $gt: 3 } } }, { a: 1 })).toBe(true);
    expect(matches({ a: { $nin: [1, 2] } }, { a: 3 })).toBe(true);
    expect(matches({ a: { $ne: 1 } }, { a: [1, 2] })).toBe(false);
    expect(matches({ $or: [{ a: 1 }, { b: 1 }], $nor: [{ c: 1 }] }, { b: 1 })).toBe(true);
    expect(matches({ $and: [{ a: 1 }, { b: 1 }] }, { a: 1 })).toBe(false);
  });

  it('matches $type by BSON type name and number', () => {
    expect(matches({ a: { $type: 'long' } }, { a: new Long(1) })).toBe(true);
    expect(matches({ a: { $type: 'int' } }, { a: new Long(1) })).toBe(false);
    expect(matches({ a: { $type: 'double' } }, { a: new Double(1) })).toBe(true);
    expect(matches({ a: { $type: 'int' } }, { a: new Double(1) })).toBe(false);
    expect(matches({ a: { $type: 'decimal' } }, { a: Decimal128.fromString('1') })).toBe(true);
    expect(matches({ a: { $type: 'number' } }, { a: new Int32(1) })).toBe(true);
    expect(matches({ a: { $type: 7 } }, { a: new ObjectId() })).toBe(true);
    expect(matches({ a: { $type: 'objectId' } }, { a: 'x' })).toBe(false);
    expect(matches({ a: { $type: 'string' } }, { a: ['x', 1] })).toBe(true);
    expect(matches({ a: { $type: 'array' } }, { a: [] })).toBe(true);
    expect(matches({ a: { $type: ['null', 'date'] } }, { a: new Date() })).toBe(true);
    expect(matches({ a: { $type: 'binData' } }, { a: new Binary(Buffer.from('x')) })).toBe(true);
    expect(matches({ a: { $type: 'timestamp' } }, { a: new Timestamp({ t: 1, i: 1 }) })).toBe(true);
    expect(matches({ a: { $type: 'regex' } }, { a: new BSONRegExp('x', '') })).toBe(true);
  });

  it('supports $regex with options and regex literals', () => {
    expect(matches({ a: { $regex: 'AB', $options: 'i' } }, { a: 'xab' })).toBe(true);
    expect(matches({ a: { $regex: '^ab' } }, { a: 'xab' })).toBe(false);
    expect(matches({ a: new BSONRegExp('^b', 'i') }, { a: ['x', 'Bc'] })).toBe(true);
    expect(matches({ a: { $in: [new BSONRegExp('^b', '')] } }, { a: 'bc' })).toBe(true);
  });

  it('supports $expr with let variables and ignores $comment', () => {
    const filter = typed({ $expr: { $gt: ['$a', '$$limit'] }, $comment: 'why' });
    const matcher = compileFilter(filter, { variables: typed({ limit: new Long(3) }) });
    expect(matcher(typed({ a: new Int32(5) }))).toBe(true);
    expect(matcher(typed({ a: new Int32(2) }))).toBe(false);
    expect(matches({ $expr: { $eq: ['$a', '$b'] } }, { a: new Long(2), b: new Double(2) })).toBe(true);
    expect(matches({ a: { $eq: 1, $comment: 'x' } }, { a: 1 })).toBe(true);
  });

  it('accepts everything with an empty filter and does not mutate documents', () => {
    const doc = typed({ a: new Int32(1) });
    expect(compileFilter({})(doc)).toBe(true);
    compileFilter(typed({ a: { $gt: 0 } }))(doc);
    expect(doc.a).toBeInstanceOf(Int32);
  });

  it('rejects invalid filters eagerly with MongoDB codes', () => {
    expect(errorOf(() => compileFilter({ $foo: 1 })).message).toMatch(/^unknown top level operator: \$foo/);
    expect(errorOf(() => compileFilter({ a: { $foo: 1 } }))).toMatchObject({ code: 2, message: 'unknown operator: $foo' });
    expect(errorOf(() => compileFilter({ $and: [] }))).toMatchObject({ code: 2, message: '$and must be a nonempty array' });
    expect(codeOf(() => compileFilter({ $or: {} }))).toBe(2);
    expect(codeOf(() => compileFilter({ $nor: [1] }))).toBe(2);
    expect(errorOf(() => compileFilter({ a: { $in: 5 } }))).toMatchObject({ code: 2, message: '$in needs an array' });
    expect(codeOf(() => compileFilter({ a: { $regex: '(' } }))).toBe(51091);
    expect(codeOf(() => compileFilter({ a: { $regex: 5 } }))).toBe(2);
    expect(codeOf(() => compileFilter({ a: { $options: 'i' } }))).toBe(2);
    expect(codeOf(() => compileFilter({ a: { $type: 'nope' } }))).toBe(2);
    expect(codeOf(() => compileFilter({ a: { $mod: [0, 1] } }))).toBe(2);
    expect(codeOf(() => compileFilter({ a: { $size: -1 } }))).toBe(2);
    expect(codeOf(() => compileFilter({ a: { $not: 1 } }))).toBe(2);
    expect(codeOf(() => compileFilter({ $where: 'this.a' }))).toBeDefined();
  });
});
