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
import { describe, expect, expectTypeOf, it } from 'vitest';
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
  type DocumentMatcher,
  type ParsedUpdate,
  type PipelineContext,
  type QueryOptions,
  type UpdateContext,
} from '../../src/engine/query/index.js';
import { expandedAtoms } from '../../src/engine/query/patterns.js';

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

describe('exported API', () => {
  it('has the signatures the command layer is written against', () => {
    expectTypeOf(toPlain).toEqualTypeOf<(value: unknown) => unknown>();
    expectTypeOf(compareValues).toEqualTypeOf<(a: unknown, b: unknown) => number>();
    expectTypeOf<DocumentMatcher>().toEqualTypeOf<(doc: Document) => boolean>();
    expectTypeOf<QueryOptions>().toEqualTypeOf<{ variables?: Document; collation?: Document }>();
    expectTypeOf(compileFilter).toEqualTypeOf<
      (filter: Document, options?: QueryOptions) => DocumentMatcher
    >();
    expectTypeOf(compileSort).toEqualTypeOf<
      (sort: Document) => (a: Document, b: Document) => number
    >();
    expectTypeOf(compileProjection).toEqualTypeOf<
      (
        projection: Document,
        options?: { filter?: Document; variables?: Document },
      ) => (doc: Document) => Document
    >();
    expectTypeOf<ParsedUpdate>().toEqualTypeOf<
      | { kind: 'replacement'; doc: Document }
      | { kind: 'operators'; operators: Document }
      | { kind: 'pipeline'; stages: Document[] }
    >();
    expectTypeOf(parseUpdate).toEqualTypeOf<(update: Document | Document[]) => ParsedUpdate>();
    expectTypeOf<UpdateContext>().toEqualTypeOf<{
      arrayFilters?: Document[];
      query?: Document;
      isUpsertInsert: boolean;
      variables?: Document;
    }>();
    expectTypeOf(applyUpdate).toEqualTypeOf<
      (
        doc: Document,
        update: ParsedUpdate,
        context: UpdateContext,
      ) => { doc: Document; modified: boolean }
    >();
    expectTypeOf(upsertSeed).toEqualTypeOf<(filter: Document) => Document>();
    expectTypeOf(validateForInsert).toEqualTypeOf<(doc: Document) => void>();
    expectTypeOf<PipelineContext>().toEqualTypeOf<{
      db: string;
      resolveCollection: (db: string, name: string) => Document[];
      resolveMatching?: (
        db: string,
        name: string,
        field: string,
        values: unknown[],
      ) => Document[] | undefined;
      variables?: Document;
      collation?: Document;
    }>();
    expectTypeOf(runPipeline).toEqualTypeOf<
      (input: Iterable<Document>, pipeline: Document[], context: PipelineContext) => Document[]
    >();
  });
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
    expect(
      compareValues(Long.fromString('9007199254740993'), Long.fromString('9007199254740992')),
    ).toBe(1);
    expect(compareValues(NaN, -Infinity)).toBe(-1);
  });

  it('compares objects field by field and arrays element-wise', () => {
    expect(compareValues({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe(-1);
    expect(compareValues({ a: 1 }, { a: 1, b: 0 })).toBe(-1);
    expect(compareValues({ a: 1 }, { b: 0 })).toBe(-1);
    expect(compareValues([1, 2], [1, 2, 0])).toBe(-1);
    expect(compareValues([2], [1, 5])).toBe(1);
    expect(
      compareValues(
        new ObjectId('000000000000000000000002'),
        new ObjectId('000000000000000000000001'),
      ),
    ).toBe(1);
  });

  it('orders ObjectIds as their hex strings, whatever byte differs', () => {
    const ids = ['ff0000000000000000000000', '0a0000000000000000000000', '00000000000000000000000a']
      .concat(Array.from({ length: 20 }, () => new ObjectId().toHexString()))
      .map((hex) => new ObjectId(hex));
    const byHex = [...ids].sort((a, b) => (a.toHexString() < b.toHexString() ? -1 : 1));
    expect([...ids].sort(compareValues)).toEqual(byHex);
    expect(compareValues(new ObjectId(byHex[3]?.toHexString()), byHex[3])).toBe(0);
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
    expect(matches({ 'a.b': null }, { a: [{ c: 1 }] })).toBe(true);
    expect(matches({ 'a.b': null }, { a: [{ b: 1 }] })).toBe(false);
    expect(matches({ a: { $ne: null } }, {})).toBe(false);
    expect(matches({ a: { $in: [null, 5] } }, {})).toBe(true);
    expect(matches({ a: { $nin: [null] } }, { a: 1 })).toBe(true);
  });

  it('compares bson numbers by value', () => {
    expect(matches({ a: { $gt: 1 } }, { a: new Long(5) })).toBe(true);
    expect(matches({ a: { $gt: new Long(1) } }, { a: new Int32(5) })).toBe(true);
    expect(matches({ a: { $lt: Decimal128.fromString('5.5') } }, { a: new Double(5.25) })).toBe(
      true,
    );
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
    expect(
      matches({ b: new Binary(Buffer.from('ab')) }, { b: new Binary(Buffer.from('ab')) }),
    ).toBe(true);
    expect(
      matches({ b: new Binary(Buffer.from('ab')) }, { b: new Binary(Buffer.from('ac')) }),
    ).toBe(false);
    expect(
      matches({ t: { $gt: new Timestamp({ t: 1, i: 0 }) } }, { t: new Timestamp({ t: 2, i: 0 }) }),
    ).toBe(true);
    expect(matches({ d: new Date(5) }, { d: new Date(5) })).toBe(true);
    expect(matches({ d: { $in: [new Date(5)] } }, { d: new Date(6) })).toBe(false);
  });

  it('supports array and element operators', () => {
    expect(matches({ a: { $elemMatch: { $gt: 1, $lt: 3 } } }, { a: [0, 2] })).toBe(true);
    expect(matches({ a: { $elemMatch: { $gt: 1, $lt: 3 } } }, { a: [0, 5] })).toBe(false);
    expect(
      matches(
        { a: { $elemMatch: { x: 1, y: 2 } } },
        {
          a: [
            { x: 1, y: 1 },
            { x: 1, y: 2 },
          ],
        },
      ),
    ).toBe(true);
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
    expect(matches({ $expr: { $eq: ['$a', '$b'] } }, { a: new Long(2), b: new Double(2) })).toBe(
      true,
    );
    expect(matches({ a: { $eq: 1, $comment: 'x' } }, { a: 1 })).toBe(true);
  });

  it('honours a case-insensitive collation for string equality and ranges', () => {
    const collation = { locale: 'en', strength: 2 };
    expect(compileFilter({ name: 'ALICE' }, { collation })(typed({ name: 'alice' }))).toBe(true);
    expect(compileFilter({ name: 'ALICE' })(typed({ name: 'alice' }))).toBe(false);
    expect(compileFilter({ name: { $in: ['BOB'] } }, { collation })(typed({ name: 'bob' }))).toBe(
      true,
    );
    expect(compileFilter({ name: { $ne: 'BOB' } }, { collation })(typed({ name: 'bob' }))).toBe(
      false,
    );
    expect(compileFilter({ name: { $gte: 'B' } }, { collation })(typed({ name: 'b' }))).toBe(true);
    expect(compileFilter({ n: 1 }, { collation })(typed({ n: new Long(1) }))).toBe(true);
  });

  it('accepts everything with an empty filter and does not mutate documents', () => {
    const doc = typed({ a: new Int32(1) });
    expect(compileFilter({})(doc)).toBe(true);
    compileFilter(typed({ a: { $gt: 0 } }))(doc);
    expect(doc.a).toBeInstanceOf(Int32);
  });

  it('rejects invalid filters eagerly with MongoDB codes', () => {
    expect(errorOf(() => compileFilter({ $foo: 1 })).message).toMatch(
      /^unknown top level operator: \$foo/,
    );
    expect(errorOf(() => compileFilter({ a: { $foo: 1 } }))).toMatchObject({
      code: 2,
      message: 'unknown operator: $foo',
    });
    expect(errorOf(() => compileFilter({ $and: [] }))).toMatchObject({
      code: 2,
      message: '$and must be a nonempty array',
    });
    expect(codeOf(() => compileFilter({ $or: {} }))).toBe(2);
    expect(codeOf(() => compileFilter({ $nor: [1] }))).toBe(2);
    expect(errorOf(() => compileFilter({ a: { $in: 5 } }))).toMatchObject({
      code: 2,
      message: '$in needs an array',
    });
    expect(codeOf(() => compileFilter({ a: { $regex: '(' } }))).toBe(51091);
    expect(codeOf(() => compileFilter({ a: { $regex: 5 } }))).toBe(2);
    expect(codeOf(() => compileFilter({ a: { $options: 'i' } }))).toBe(2);
    expect(codeOf(() => compileFilter({ a: { $type: 'nope' } }))).toBe(2);
    expect(codeOf(() => compileFilter({ a: { $mod: [0, 1] } }))).toBe(2);
    expect(codeOf(() => compileFilter({ a: { $size: -1 } }))).toBe(2);
    expect(codeOf(() => compileFilter({ a: { $not: 1 } }))).toBe(2);
    expect(codeOf(() => compileFilter({ $where: 'this.a' }))).toBeDefined();
    expect(errorOf(() => compileFilter({ $expr: { $foo: ['$a'] } }))).toMatchObject({
      code: 168,
      message: "Unrecognized expression '$foo'",
    });
  });
});

describe('regular expressions too large to match quickly', () => {
  // 242 characters, 20,001 atoms once expanded: 11 s inside one match of a 50,000-character
  // string, where maxTimeMS (checked between documents) could not stop it.
  const huge = '[\\s\\S]{1000}'.repeat(20) + '\\d';

  it('refuses a pattern that expands past the limit, before matching; runs ordinary ones', () => {
    expect(errorOf(() => compileFilter({ s: { $regex: huge } }))).toMatchObject({
      code: 51091,
      message: expect.stringContaining('regular expression is too large') as unknown,
    });
    expect(codeOf(() => compileFilter({ s: { $in: [new BSONRegExp(huge, '')] } }))).toBe(51091);
    const input = [typed({ s: 'x'.repeat(50_000) })];
    const project = [{ $project: { m: { $regexMatch: { input: '$s', regex: huge } } } }];
    const nothingElse = { db: 't', resolveCollection: () => [] };
    expect(codeOf(() => runPipeline(input, project, nothingElse))).toBe(51091);
    expect(matches({ s: { $regex: '^\\d{3}-\\d{4}$' } }, { s: '555-1234' })).toBe(true);
    expect(matches({ s: { $regex: '^\\d{3}-\\d{4}$' } }, { s: '5555-1234' })).toBe(false);
    expect(matches({ s: { $regex: '^(ab){2,5}$' } }, { s: 'ababab' })).toBe(true);
    expect(matches({ s: { $regex: '^(ab){2,5}$' } }, { s: 'ab' })).toBe(false);
    expect(matches({ s: { $regex: '[\\s\\S]{1000}\\d' } }, { s: `${'x'.repeat(1000)}7` })).toBe(
      true,
    );
  });

  it("refuses a pattern longer than MongoDB's 32,764 bytes, even one of few atoms", () => {
    expect(codeOf(() => compileFilter({ s: { $regex: `[${'a'.repeat(32_000)}]` } }))).toBe(
      undefined,
    );
    expect(
      errorOf(() => compileFilter({ s: { $regex: `[${'a'.repeat(32_763)}]` } })),
    ).toMatchObject({
      code: 51091,
      message: expect.stringContaining('32765 bytes long') as unknown,
    });
  });

  it('finds every match of a long string in linear time, at code-point offsets', () => {
    // Before, each match's offset was counted from the start: 3.3 s for 50,000 characters.
    const input = `${'😀a'.repeat(3)}${'x'.repeat(100_000)}`;
    const [out] = runPipeline(
      [typed({ s: input })],
      [{ $project: { _id: 0, all: { $regexFindAll: { input: '$s', regex: '.' } } } }],
      { db: 't', resolveCollection: () => [] },
    );
    const all = toPlain(out?.all) as { match: string; idx: number }[];
    expect(all).toHaveLength(100_006);
    expect(all.slice(0, 4).map((found) => [found.match, found.idx])).toEqual([
      ['😀', 0],
      ['a', 1],
      ['😀', 2],
      ['a', 3],
    ]);
    expect(all.at(-1)).toEqual({ match: 'x', idx: 100_005, captures: [] });
  });

  it('counts counted repetitions multiplied out, nested ones as products', () => {
    const unbounded = Number.POSITIVE_INFINITY;
    expect(expandedAtoms('^\\d{3}-\\d{4}$', unbounded)).toBe(10);
    expect(expandedAtoms('(ab){2,5}', unbounded)).toBe(15);
    expect(expandedAtoms('a{2,}', unbounded)).toBe(3);
    expect(expandedAtoms('(?:a{10}|b){10}', unbounded)).toBe(130);
    expect(expandedAtoms('[\\s\\S]{1000}', unbounded)).toBe(1000);
    expect(expandedAtoms('[]a[:alpha:]]{4}\\p{Greek}{2}\\x{1F600}{3}', unbounded)).toBe(9);
    expect(expandedAtoms('\\Qa{9}\\E{3}', unbounded)).toBe(6);
    // Not repetitions in RE2: literal braces.
    expect(expandedAtoms('a{,3}', unbounded)).toBe(5);
    // Counting stops soon after the cap.
    expect(expandedAtoms(huge, 2000)).toBeLessThan(4000);
  });
});

describe('compileSort', () => {
  const sortIds = (docs: Document[], spec: Document): unknown[] =>
    docs
      .map(typed)
      .sort(compileSort(typed(spec)))
      .map((doc) => toPlain(doc._id));

  it('orders mixed types by the BSON type order', () => {
    const docs = [
      { _id: 'date', v: new Date(0) },
      { _id: 'string', v: 'a' },
      { _id: 'long', v: new Long(10) },
      { _id: 'missing' },
      { _id: 'double', v: new Double(2.5) },
      { _id: 'decimal', v: Decimal128.fromString('3') },
      { _id: 'oid', v: new ObjectId() },
      { _id: 'object', v: { x: 1 } },
      { _id: 'bool', v: true },
      { _id: 'null', v: null },
      { _id: 'min', v: new MinKey() },
      { _id: 'max', v: new MaxKey() },
      { _id: 'bin', v: new Binary(Buffer.from('x')) },
      { _id: 'ts', v: new Timestamp({ t: 1, i: 1 }) },
      { _id: 'regex', v: new BSONRegExp('x', '') },
    ];
    expect(sortIds(docs, { v: 1 })).toEqual([
      'min',
      'missing',
      'null',
      'double',
      'decimal',
      'long',
      'string',
      'object',
      'bin',
      'oid',
      'bool',
      'date',
      'ts',
      'regex',
      'max',
    ]);
    expect(sortIds(docs, { v: -1 })[0]).toBe('max');
  });

  it('sorts arrays by their min ascending and max descending', () => {
    const docs = [
      { _id: 1, v: [5, 1] },
      { _id: 2, v: 3 },
      { _id: 3, v: [4, 0, 9] },
    ];
    expect(sortIds(docs, { v: 1 })).toEqual([3, 1, 2]);
    expect(sortIds(docs, { v: -1 })).toEqual([3, 1, 2]);
    expect(sortIds([{ _id: 1, v: [2] }, { _id: 2, v: [] }, { _id: 3 }], { v: 1 })).toEqual([
      2, 3, 1,
    ]);
  });

  it('sorts by dotted paths and several keys, stably', () => {
    const docs = [
      { _id: 1, a: { b: 2 }, c: 1 },
      { _id: 2, a: { b: 1 }, c: 2 },
      { _id: 3, a: { b: 2 }, c: 0 },
      { _id: 4, a: { b: 1 }, c: 2 },
    ];
    expect(sortIds(docs, { 'a.b': 1, c: -1 })).toEqual([2, 4, 1, 3]);
    expect(sortIds(docs, {})).toEqual([1, 2, 3, 4]);
  });

  it('rejects bad sort values', () => {
    expect(codeOf(() => compileSort({ a: 2 }))).toBe(15975);
    expect(codeOf(() => compileSort({ a: 'x' }))).toBe(15975);
    expect(codeOf(() => compileSort({ a: { $meta: 'textScore' } }))).toBe(2);
    expect(() => compileSort(typed({ a: new Int32(-1), b: new Double(1) }))).not.toThrow();
  });
});

describe('compileProjection', () => {
  const doc = typed({
    _id: new ObjectId('000000000000000000000001'),
    n: new Long(7),
    d: new Double(5),
    s: 'x',
    a: [
      { b: new Int32(1), c: 2 },
      { b: new Int32(3), c: 4 },
    ],
    list: [1, 2, 3, 4, 5],
  });
  const project = (projection: Document, filter?: Document): Document =>
    compileProjection(typed(projection), filter ? { filter: typed(filter) } : {})(doc);

  it('includes fields in document order, _id unless excluded, keeping bson types', () => {
    const out = project({ d: 1, n: 1 });
    expect(Object.keys(out)).toEqual(['_id', 'n', 'd']);
    expect(out.n).toBeInstanceOf(Long);
    expect(out.d).toBeInstanceOf(Double);
    expect(out._id).toBe(doc._id);
    expect(Object.keys(project({ _id: 0, s: 1 }))).toEqual(['s']);
  });

  it('excludes fields', () => {
    const out = project({ a: 0, list: 0 });
    expect(Object.keys(out)).toEqual(['_id', 'n', 'd', 's']);
    expect(out.n).toBe(doc.n);
    expect(Object.keys(project({ _id: 0 }))).toEqual(['n', 'd', 's', 'a', 'list']);
    expect(project({})).toEqual(doc);
  });

  it('projects dotted paths into arrays of subdocuments', () => {
    const out = project({ 'a.b': 1, _id: 0 });
    expect(out).toEqual({ a: [{ b: new Int32(1) }, { b: new Int32(3) }] });
    expect((out.a as Document[])[0]?.b).toBeInstanceOf(Int32);
    expect(project({ 'a.c': 0, list: 0, _id: 0, n: 0, d: 0, s: 0 })).toEqual({
      a: [{ b: new Int32(1) }, { b: new Int32(3) }],
    });
  });

  it('supports $slice, $elemMatch and the positional operator', () => {
    const sliced = project({ list: { $slice: -2 } });
    expect(sliced.list).toEqual([new Int32(4), new Int32(5)]);
    expect(sliced.s).toBe('x');
    expect(project({ list: { $slice: [1, 2] }, s: 1 })).toEqual({
      _id: doc._id,
      s: 'x',
      list: [new Int32(2), new Int32(3)],
    });
    expect(project({ a: { $elemMatch: { b: 3 } } }).a).toEqual([
      { b: new Int32(3), c: new Int32(4) },
    ]);
    expect(project({ 'list.$': 1 }, { list: { $gt: 3 } }).list).toEqual([new Int32(4)]);
  });

  it('evaluates aggregation expressions and literals', () => {
    const out = project({ total: { $add: ['$n', 1] }, label: { $literal: 'hi' }, s: 1 });
    expect(out.total).toEqual(new Int32(8));
    expect(out.label).toBe('hi');
    expect(out.s).toBe('x');
  });

  it('rejects mixing inclusion and exclusion with MongoDB codes', () => {
    expect(errorOf(() => compileProjection({ a: 1, b: 0 }))).toMatchObject({
      code: 31254,
      message: 'Cannot do exclusion on field b in inclusion projection',
    });
    expect(errorOf(() => compileProjection({ a: 0, b: 1 }))).toMatchObject({
      code: 31253,
      message: 'Cannot do inclusion on field b in exclusion projection',
    });
    expect(() => compileProjection({ _id: 0, a: 1 })).not.toThrow();
    expect(() => compileProjection({ _id: 1, a: 0 })).not.toThrow();
  });
});

describe('parseUpdate', () => {
  it('classifies replacements, operator documents and pipelines', () => {
    expect(parseUpdate({ a: 1 })).toEqual({ kind: 'replacement', doc: { a: 1 } });
    expect(parseUpdate({})).toEqual({ kind: 'replacement', doc: {} });
    expect(parseUpdate({ $set: { a: 1 } }).kind).toBe('operators');
    expect(parseUpdate({ $set: {} }).kind).toBe('operators');
    expect(parseUpdate([{ $set: { a: 1 } }, { $unset: 'b' }]).kind).toBe('pipeline');
  });

  it('rejects unknown modifiers, mixed documents and bad pipelines', () => {
    expect(errorOf(() => parseUpdate({ $foo: { a: 1 } }))).toMatchObject({
      code: 9,
      message:
        'Unknown modifier: $foo. Expected a valid update modifier or pipeline-style update specified as an array',
    });
    expect(codeOf(() => parseUpdate({ $set: { a: 1 }, b: 1 }))).toBe(9);
    expect(codeOf(() => parseUpdate({ a: 1, $set: { b: 1 } }))).toBe(52);
    expect(codeOf(() => parseUpdate({ $set: 1 }))).toBe(9);
    expect(codeOf(() => parseUpdate([{ $match: {} }]))).toBe(72);
    expect(codeOf(() => parseUpdate([{ $set: {}, $unset: 'a' }]))).toBe(40323);
    expect(codeOf(() => parseUpdate({ $rename: { a: 1 } }))).toBe(2);
  });

  it('rejects conflicting paths', () => {
    expect(errorOf(() => parseUpdate({ $set: { a: 1 }, $inc: { 'a.b': 1 } }))).toMatchObject({
      code: 40,
      message: "Updating the path 'a.b' would create a conflict at 'a'",
    });
    expect(codeOf(() => parseUpdate({ $set: { a: 1 }, $unset: { a: '' } }))).toBe(40);
    expect(codeOf(() => parseUpdate({ $rename: { a: 'b' }, $set: { b: 1 } }))).toBe(40);
    expect(codeOf(() => parseUpdate({ $set: { ab: 1, a: 1 } }))).toBeUndefined();
  });
});

describe('applyUpdate', () => {
  it('applies field operators', () => {
    const base = { _id: 1, a: 1, b: 'x', c: { d: 1 } };
    expect(toPlain(update(base, { $set: { 'c.e': 2, f: [1] } }).doc)).toEqual({
      _id: 1,
      a: 1,
      b: 'x',
      c: { d: 1, e: 2 },
      f: [1],
    });
    expect(toPlain(update(base, { $unset: { b: '', 'c.d': 1 } }).doc)).toEqual({
      _id: 1,
      a: 1,
      c: {},
    });
    expect(toPlain(update(base, { $inc: { a: 2, z: 1 } }).doc)).toMatchObject({ a: 3, z: 1 });
    expect(toPlain(update(base, { $mul: { a: 5, z: 2 } }).doc)).toMatchObject({ a: 5, z: 0 });
    expect(toPlain(update(base, { $min: { a: 0 }, $max: { y: 3 } }).doc)).toMatchObject({
      a: 0,
      y: 3,
    });
    expect(update(base, { $min: { a: 5 } }).modified).toBe(false);
    const renamed = toPlain(update(base, { $rename: { a: 'z', 'c.d': 'c.e' } }).doc) as Document;
    expect(renamed).toEqual({ _id: 1, b: 'x', c: { e: 1 }, z: 1 });
    expect(toPlain(update({ _id: 1, a: 5 }, { $bit: { a: { and: 4 } } }).doc)).toMatchObject({
      a: 4,
    });
    const dated = update(base, { $currentDate: { t: true, ts: { $type: 'timestamp' } } }).doc;
    expect(dated.t).toBeInstanceOf(Date);
    expect(dated.ts).toBeInstanceOf(Timestamp);
  });

  it('applies array operators', () => {
    const base = { _id: 1, a: [1, 2, 3] };
    expect(toPlain(update(base, { $push: { a: 4 } }).doc)).toMatchObject({ a: [1, 2, 3, 4] });
    expect(
      toPlain(update(base, { $push: { a: { $each: [9, 0], $sort: -1, $slice: 3 } } }).doc),
    ).toMatchObject({ a: [9, 3, 2] });
    expect(toPlain(update(base, { $push: { a: { $each: [7], $position: 0 } } }).doc)).toMatchObject(
      {
        a: [7, 1, 2, 3],
      },
    );
    expect(toPlain(update(base, { $addToSet: { a: { $each: [3, 4] } } }).doc)).toMatchObject({
      a: [1, 2, 3, 4],
    });
    expect(update(base, { $addToSet: { a: 2 } }).modified).toBe(false);
    expect(toPlain(update(base, { $pop: { a: -1 } }).doc)).toMatchObject({ a: [2, 3] });
    expect(toPlain(update(base, { $pop: { a: 1 } }).doc)).toMatchObject({ a: [1, 2] });
    expect(toPlain(update(base, { $pull: { a: { $gte: 2 } } }).doc)).toMatchObject({ a: [1] });
    expect(toPlain(update(base, { $pullAll: { a: [1, 3] } }).doc)).toMatchObject({ a: [2] });
    expect(
      toPlain(update({ _id: 1, a: [{ b: 1 }, { b: 2 }] }, { $pull: { a: { b: 1 } } }).doc),
    ).toMatchObject({ a: [{ b: 2 }] });
  });

  it('supports the positional operator, $[] and $[identifier] with arrayFilters', () => {
    const base = { _id: 1, a: [1, 2, 3] };
    expect(toPlain(update(base, { $set: { 'a.$': 9 } }, { query: { a: 2 } }).doc)).toMatchObject({
      a: [1, 9, 3],
    });
    expect(toPlain(update(base, { $inc: { 'a.$[]': 10 } }).doc)).toMatchObject({ a: [11, 12, 13] });
    expect(
      toPlain(
        update(base, { $set: { 'a.$[x]': 0 } }, { arrayFilters: [typed({ x: { $gt: 1 } })] }).doc,
      ),
    ).toMatchObject({ a: [1, 0, 0] });
    const nested = {
      _id: 1,
      a: [
        { b: 1, c: [1, 2] },
        { b: 2, c: [3] },
      ],
    };
    const out = update(
      nested,
      { $inc: { 'a.$[e].c.$[f]': 10 } },
      { arrayFilters: [typed({ 'e.b': 2 }), typed({ f: { $gte: 3 } })] },
    );
    expect(toPlain(out.doc)).toMatchObject({
      a: [
        { b: 1, c: [1, 2] },
        { b: 2, c: [13] },
      ],
    });
  });

  it('resolves the positional operator through subdocument queries', () => {
    const base = {
      _id: 1,
      a: [
        { b: 1, c: 5 },
        { b: 2, c: 6 },
      ],
    };
    for (const query of [{ 'a.b': 2 }, { a: { $elemMatch: { b: 2 } } }]) {
      const out = update(base, { $set: { 'a.$.c': 9 } }, { query: typed(query) });
      expect(toPlain(out.doc)).toEqual({
        _id: 1,
        a: [
          { b: 1, c: 5 },
          { b: 2, c: 9 },
        ],
      });
    }
  });

  it('reports arrayFilters mistakes like MongoDB', () => {
    const base = { _id: 1, a: [1, 2, 3] };
    expect(errorOf(() => update(base, { $set: { 'a.$[x]': 0 } }))).toMatchObject({
      code: 2,
      message: "No array filter found for identifier 'x' in path 'a.$[x]'",
    });
    expect(
      codeOf(() => update(base, { $set: { 'a.$[x]': 0 } }, { arrayFilters: [{ x: 1 }, { y: 2 }] })),
    ).toBe(9);
    expect(
      codeOf(() => update(base, { $set: { 'a.$[X]': 0 } }, { arrayFilters: [{ X: 1 }] })),
    ).toBe(2);
    expect(codeOf(() => update(base, { $set: { 'a.$': 0 } }))).toBe(2);
  });

  it('applies $setOnInsert only when inserting', () => {
    const spec = { $set: { a: 1 }, $setOnInsert: { created: true } };
    expect(update({ _id: 1 }, spec).doc).not.toHaveProperty('created');
    const inserted = update(
      { k: 'x' },
      { ...spec, $setOnInsert: { _id: 7, created: true } },
      { isUpsertInsert: true },
    ).doc;
    expect(toPlain(inserted)).toEqual({ _id: 7, k: 'x', a: 1, created: true });
    expect(Object.keys(inserted)[0]).toBe('_id');
  });

  it('protects _id', () => {
    expect(errorOf(() => update({ _id: 1, a: 1 }, { $set: { _id: 2 } }))).toMatchObject({
      code: 66,
      message: "Performing an update on the path '_id' would modify the immutable field '_id'",
    });
    expect(codeOf(() => update({ _id: 1 }, { $unset: { _id: '' } }))).toBe(66);
    expect(update({ _id: 1, a: 1 }, { $set: { _id: 1 } }).modified).toBe(false);
    expect(codeOf(() => update({ _id: 1 }, { _id: 2, a: 1 }))).toBe(66);
    expect(codeOf(() => update({ _id: 1 }, [{ $set: { _id: 2 } }]))).toBe(66);
  });

  it('replaces documents keeping the original _id first', () => {
    const out = update(
      { _id: new ObjectId('000000000000000000000001'), a: 1, b: 2 },
      { c: new Long(3) },
    );
    expect(Object.keys(out.doc)).toEqual(['_id', 'c']);
    expect(out.doc.c).toBeInstanceOf(Long);
    expect(out.modified).toBe(true);
    expect(update({ _id: 1, a: 1 }, { a: 1 }).modified).toBe(false);
    expect(update({ _id: 1, a: 1 }, { _id: 1, a: 1 }).modified).toBe(false);
    expect(toPlain(update({ _id: 1, a: 1 }, {}).doc)).toEqual({ _id: 1 });
  });

  it('reports modified only when the document bytes change', () => {
    expect(update({ _id: 1, a: 1 }, { $set: { a: 1 } }).modified).toBe(false);
    expect(update({ _id: 1, a: 1 }, { $set: {} }).modified).toBe(false);
    expect(update({ _id: 1, a: new Int32(1) }, { $set: { a: new Double(1) } }).modified).toBe(true);
    expect(update({ _id: 1, a: 1 }, { $set: { a: 2 } }).modified).toBe(true);
  });

  it('never mutates its input', () => {
    const input = typed({ _id: 1, a: [1, 2], b: { c: 1 } });
    const before = encode(input);
    applyUpdate(input, parseUpdate(typed({ $push: { a: 3 }, $set: { 'b.c': 2 } })), {
      isUpsertInsert: false,
    });
    applyUpdate(input, parseUpdate([typed({ $set: { x: 1 } })]), { isUpsertInsert: false });
    expect(Buffer.compare(encode(input), before)).toBe(0);
  });

  it('preserves numeric bson types', () => {
    const base = {
      _id: 1,
      dbl: new Double(5),
      lng: new Long(5),
      int: new Int32(5),
      dec: Decimal128.fromString('1.10'),
      big: Long.fromString('9007199254740993'),
      arr: [new Double(1), new Long(2)],
      untouched: new Double(3),
    };
    const inc = update(base, {
      $inc: { dbl: 1, lng: 1, int: 1, big: 1, 'arr.1': 1, fresh: new Long(1) },
    }).doc;
    expect(inc.dbl).toEqual(new Double(6));
    expect(inc.lng).toEqual(new Long(6));
    expect(inc.int).toEqual(new Int32(6));
    expect((inc.big as Long).toString()).toBe('9007199254740994');
    expect(inc.arr).toEqual([new Double(1), new Long(3)]);
    expect(inc.fresh).toEqual(new Long(1));
    expect(inc.untouched).toBe(base.untouched instanceof Double ? inc.untouched : undefined);
    expect(inc.untouched).toBeInstanceOf(Double);
    expect(inc.dec).toBeInstanceOf(Decimal128);
    expect((inc.dec as Decimal128).toString()).toBe('1.10');

    const overflow = update({ _id: 1, n: new Int32(2147483647) }, { $inc: { n: 1 } }).doc;
    expect(overflow.n).toEqual(Long.fromNumber(2147483648));
    expect(update({ _id: 1, n: new Int32(2) }, { $inc: { n: 0.5 } }).doc.n).toEqual(
      new Double(2.5),
    );
    expect(update({ _id: 1, n: new Long(3) }, { $mul: { n: new Int32(2) } }).doc.n).toEqual(
      new Long(6),
    );
    expect(update({ _id: 1, n: new Double(3) }, { $mul: { n: 2 } }).doc.n).toEqual(new Double(6));

    const set = update(base, {
      $set: { lng: new Long(7), d: new Double(2), sub: { x: new Long(1) } },
      $push: { arr: new Long(9) },
    }).doc;
    expect(set.lng).toEqual(new Long(7));
    expect(set.d).toBeInstanceOf(Double);
    expect((set.sub as Document).x).toBeInstanceOf(Long);
    expect(set.arr).toEqual([new Double(1), new Long(2), new Long(9)]);
    expect(set.dbl).toBe(set.dbl instanceof Double ? set.dbl : null);

    const renamed = update(base, { $rename: { lng: 'moved' } }).doc;
    expect(renamed.moved).toBeInstanceOf(Long);

    const pushedFront = update(base, {
      $push: { arr: { $each: [new Int32(0)], $position: 0 } },
    }).doc;
    expect(pushedFront.arr).toEqual([new Int32(0), new Double(1), new Long(2)]);
  });

  it('reports paths mingo would silently skip', () => {
    expect(errorOf(() => update({ _id: 1, a: 1 }, { $set: { 'a.b': 1 } }))).toMatchObject({
      code: 28,
      message: "Cannot create field 'b' in element {a: 1}",
    });
    expect(codeOf(() => update({ _id: 1, a: [{ b: 1 }] }, { $set: { 'a.b': 1 } }))).toBe(28);
    expect(codeOf(() => update({ _id: 1, a: 1 }, { $push: { a: 1 } }))).toBe(2);
    expect(codeOf(() => update({ _id: 1, a: 'x' }, { $pull: { a: 1 } }))).toBe(2);
    expect(toPlain(update({ _id: 1, a: [{ b: 1 }] }, { $set: { 'a.0.c': 1 } }).doc)).toEqual({
      _id: 1,
      a: [{ b: 1, c: 1 }],
    });
  });

  it('types every element written through $[]', () => {
    const out = update(
      { _id: 1, a: [new Int32(1), new Int32(2)] },
      { $set: { 'a.$[]': new Double(1) } },
    );
    expect(out.doc.a).toEqual([new Double(1), new Double(1)]);
    const filtered = update(
      { _id: 1, a: [new Int32(1), new Int32(2)] },
      { $set: { 'a.$[x]': new Double(1) } },
      { arrayFilters: [typed({ x: 2 })] },
    );
    expect(filtered.doc.a).toEqual([new Int32(1), new Double(1)]);
  });

  it('leaves every untouched bson value byte-identical', () => {
    const original = typed({
      _id: new ObjectId(),
      negativeZero: new Double(-0),
      long: Long.fromString('9007199254740993'),
      decimal: Decimal128.fromString('12345678901234567890.1234567890'),
      uuid: new Binary(Buffer.from('0123456789abcdef'), 4),
      regex: new BSONRegExp('^a.c$', 'imsx'),
      timestamp: new Timestamp({ t: 1700000000, i: 7 }),
      min: new MinKey(),
      max: new MaxKey(),
      nested: {
        array: [new Int32(1), [new Double(2), { deep: new Long(3) }]],
        empty: {},
        none: [],
      },
      s: 'a',
    });
    const out = applyUpdate(original, parseUpdate({ $set: { s: 'b' } }), { isUpsertInsert: false });
    expect(Buffer.compare(encode(out.doc), encode({ ...original, s: 'b' }))).toBe(0);
    const pipeline = applyUpdate(original, parseUpdate([{ $set: { s: 'b' } }]), {
      isUpsertInsert: false,
    });
    expect(Buffer.compare(encode(pipeline.doc), encode({ ...original, s: 'b' }))).toBe(0);
    const projected = compileProjection({ s: 0 })(original);
    const { s: _s, ...rest } = original;
    expect(Buffer.compare(encode(projected), encode(rest))).toBe(0);
  });

  it('reports type errors for arithmetic on non-numbers', () => {
    expect(codeOf(() => update({ _id: 1, a: 'x' }, { $inc: { a: 1 } }))).toBe(14);
    expect(codeOf(() => update({ _id: 1, a: 1 }, { $inc: { a: 'x' } }))).toBe(14);
  });

  it('applies pipeline updates', () => {
    const out = update({ _id: 1, a: new Long(2), b: new Double(1.5), keep: new Double(4) }, [
      { $set: { sum: { $add: ['$a', 1] }, copy: '$keep' } },
      { $unset: 'b' },
    ]);
    expect(toPlain(out.doc)).toEqual({ _id: 1, a: 2, keep: 4, sum: 3, copy: 4 });
    expect(out.doc.a).toBeInstanceOf(Long);
    expect(out.doc.keep).toBeInstanceOf(Double);
    expect(out.modified).toBe(true);
    const vars = update({ _id: 1 }, [{ $set: { v: '$$x' } }], { variables: typed({ x: 'y' }) });
    expect(vars.doc.v).toBe('y');
    expect(update({ _id: 1, a: 1 }, [{ $set: { a: 1 } }]).modified).toBe(false);
    const replaced = update({ _id: 1, a: 1, sub: { x: 2 } }, [{ $replaceWith: '$sub' }]).doc;
    expect(toPlain(replaced)).toEqual({ _id: 1, x: 2 });
  });
});

describe('upsertSeed', () => {
  it('collects equality predicates', () => {
    expect(toPlain(upsertSeed(typed({ a: 1, 'b.c': 'x', d: { $gt: 1 }, e: { $eq: 2 } })))).toEqual({
      a: 1,
      b: { c: 'x' },
      e: 2,
    });
    expect(
      toPlain(upsertSeed(typed({ $and: [{ a: 1 }, { b: { $in: [2] } }], c: { $in: [1, 2] } }))),
    ).toEqual({
      a: 1,
      b: 2,
    });
    const seed = upsertSeed(typed({ x: 1, _id: new ObjectId('000000000000000000000001') }));
    expect(Object.keys(seed)).toEqual(['_id', 'x']);
    expect(upsertSeed(typed({ $or: [{ a: 1 }], r: new BSONRegExp('x', '') }))).toEqual({});
    expect(upsertSeed(typed({ s: { a: 1 } }))).toEqual(typed({ s: { a: 1 } }));
  });
});

describe('validateForInsert', () => {
  it('rejects bad _id values and allows $ and dotted field names', () => {
    expect(errorOf(() => validateForInsert({ _id: [1] }))).toMatchObject({
      code: 2,
      message: "can't use an array for _id",
    });
    expect(codeOf(() => validateForInsert({ _id: new BSONRegExp('x', '') }))).toBe(2);
    expect(codeOf(() => validateForInsert({ _id: undefined }))).toBe(2);
    expect(() => validateForInsert({ _id: 1, $a: 1, 'b.c': 2, d: { $e: 1 } })).not.toThrow();
    expect(() => validateForInsert({ a: 1 })).not.toThrow();
  });
});

describe('runPipeline', () => {
  const orders = [
    { _id: 1, item: 'a', qty: new Long(5), price: Decimal128.fromString('1.5'), at: new Date(1) },
    { _id: 2, item: 'b', qty: new Int32(2), price: new Double(2.25), at: new Date(2) },
    { _id: 3, item: 'a', qty: new Long(10), price: new Int32(3), at: new Date(3) },
  ].map(typed);
  const items = [
    { _id: 'a', label: 'Apple', weight: new Long(7) },
    { _id: 'b', label: 'Banana', weight: new Long(8) },
  ].map(typed);
  const context = {
    db: 'shop',
    resolveCollection: (db: string, name: string): Document[] =>
      db === 'shop' && name === 'items' ? items : [],
  };
  const run = (pipeline: Document[], extra: Partial<typeof context> & Document = {}): Document[] =>
    runPipeline(orders, pipeline.map(typed), { ...context, ...extra });

  it('returns unchanged documents as the original typed objects', () => {
    const out = run([{ $match: { qty: { $gte: 5 } } }, { $sort: { qty: -1 } }]);
    expect(out.map((doc) => toPlain(doc._id))).toEqual([3, 1]);
    expect(out[0]).toBe(orders[2]);
    expect(out[1]?.qty).toBeInstanceOf(Long);
  });

  it('groups with accumulators over Long and Decimal128 values', () => {
    const out = run([
      {
        $group: {
          _id: '$item',
          total: { $sum: '$qty' },
          spent: { $sum: '$price' },
          n: { $count: {} },
        },
      },
      { $sort: { _id: 1 } },
    ]);
    expect(toPlain(out)).toEqual([
      { _id: 'a', total: 15, spent: 4.5, n: 2 },
      { _id: 'b', total: 2, spent: 2.25, n: 1 },
    ]);
    expect(
      toPlain(run([{ $group: { _id: null, max: { $max: '$qty' }, avg: { $avg: '$qty' } } }])),
    ).toEqual([{ _id: null, max: 10, avg: 17 / 3 }]);
  });

  it('projects with untouched values keeping their bson types', () => {
    const [first] = run([
      { $project: { qty: 1, double: { $multiply: ['$qty', 2] } } },
      { $limit: 1 },
    ]);
    expect(first?.qty).toBeInstanceOf(Long);
    expect(toPlain(first?.double)).toBe(10);
  });

  it('resolves other collections for $lookup and $unionWith', () => {
    const joined = run([
      { $match: { _id: 1 } },
      { $lookup: { from: 'items', localField: 'item', foreignField: '_id', as: 'info' } },
    ]);
    expect(toPlain(joined[0]?.info)).toEqual([{ _id: 'a', label: 'Apple', weight: 7 }]);
    expect((joined[0]?.info as Document[])[0]?.weight).toBeInstanceOf(Long);
    const union = run([{ $project: { _id: 1 } }, { $unionWith: 'items' }]);
    expect(union).toHaveLength(5);
    const correlated = run([
      { $match: { _id: 2 } },
      {
        $lookup: {
          from: 'items',
          let: { wanted: '$item' },
          pipeline: [
            { $match: { $expr: { $eq: ['$_id', '$$wanted'] } } },
            { $project: { label: 1 } },
          ],
          as: 'info',
        },
      },
    ]);
    expect(toPlain(correlated[0]?.info)).toEqual([{ _id: 'b', label: 'Banana' }]);
  });

  it('keeps bson types of documents from other collections', () => {
    const out = run([
      { $match: { _id: 1 } },
      { $project: { _id: 0 } },
      { $unionWith: { coll: 'items', pipeline: [{ $set: { seen: true } }] } },
    ]);
    expect(out).toHaveLength(3);
    expect(out[1]?.weight).toBeInstanceOf(Long);
    expect(out[1]?.seen).toBe(true);
  });

  it('supports let variables, $$NOW, $$ROOT and $documents', () => {
    const out = run(
      [
        { $match: { $expr: { $gt: ['$qty', '$$min'] } } },
        { $set: { now: '$$NOW', root: '$$ROOT._id' } },
      ],
      { variables: typed({ min: new Int32(4) }) },
    );
    expect(out).toHaveLength(2);
    expect(out[0]?.now).toBeInstanceOf(Date);
    expect(toPlain(out[0]?.root)).toBe(1);
    const docs = runPipeline([], [typed({ $documents: [{ x: 1 }, { x: 2 }] })], context);
    expect(toPlain(docs)).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it('sorts with the BSON order and collation', () => {
    const mixed = [
      { v: 'b' },
      { v: new Long(3) },
      { v: 'A' },
      { v: null },
      { v: new ObjectId() },
    ].map(typed);
    const sorted = runPipeline(mixed, [typed({ $sort: { v: 1 } })], context).map((doc) => doc.v);
    expect(toPlain(sorted.slice(0, 4))).toEqual([null, 3, 'A', 'b']);
    expect(sorted[4]).toBeInstanceOf(ObjectId);
    const collated = runPipeline(
      [{ v: 'b' }, { v: 'a' }, { v: 'B' }].map(typed),
      [typed({ $sort: { v: 1 } })],
      { ...context, collation: { locale: 'en', strength: 2 } },
    );
    expect(collated.map((doc) => doc.v)).toEqual(['a', 'b', 'B']);
  });

  it('rejects unknown or malformed stages with MongoDB codes', () => {
    expect(errorOf(() => run([{ $foo: 1 }]))).toMatchObject({
      code: 40324,
      message: "Unrecognized pipeline stage name: '$foo'",
    });
    expect(codeOf(() => run([{ $match: {}, $limit: 1 }]))).toBe(40323);
    expect(codeOf(() => run([{ $match: { a: { $bad: 1 } } }]))).toBe(2);
    expect(codeOf(() => run([{ $facet: { x: [{ $nope: 1 }] } }]))).toBe(40324);
    expect(codeOf(() => run([{ $project: { x: { $nope: 1 } } }]))).toBe(168);
  });
});

describe('several array-element paths in one update', () => {
  const doc = {
    _id: 1,
    items: [
      { id: 1, done: false },
      { id: 2, done: false, tags: [1, 2] },
    ],
  };

  it('sets two fields of the element the positional $ matched', () => {
    const { doc: updated } = applyUpdate(
      doc,
      parseUpdate({ $set: { 'items.$.done': true, 'items.$.at': 7 } }),
      { isUpsertInsert: false, query: { _id: 1, 'items.id': 2, 'items.done': false } },
    );
    expect(toPlain(updated)).toEqual({
      _id: 1,
      items: [
        { id: 1, done: false },
        { id: 2, done: true, tags: [1, 2], at: 7 },
      ],
    });
  });

  it('selects $[id] elements on the document before the update', () => {
    const { doc: updated } = applyUpdate(
      doc,
      parseUpdate({ $set: { 'items.$[open].done': true, 'items.$[open].at': 7 } }),
      { isUpsertInsert: false, arrayFilters: [{ 'open.done': false }] },
    );
    expect(toPlain(updated)).toEqual({
      _id: 1,
      items: [
        { id: 1, done: true, at: 7 },
        { id: 2, done: true, tags: [1, 2], at: 7 },
      ],
    });
  });

  it('reports a positional $ the query does not resolve', () => {
    expect(() =>
      applyUpdate(doc, parseUpdate({ $set: { 'items.$.done': true } }), {
        isUpsertInsert: false,
        query: { _id: 1 },
      }),
    ).toThrow(/positional operator did not find the match/);
  });
});
