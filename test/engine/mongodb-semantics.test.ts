// Places where mingo's semantics differ from MongoDB's manual, found by running Mongoose's own
// test suite against the engine (npm run compat:mongoose). Each case is what MongoDB documents.
import { Binary, deserialize, serialize, type Document } from 'bson';
import { describe, expect, it } from 'vitest';
import { decodeTyped, encode } from '../../src/engine/codec.js';
import { getPath, setPath, valuesAtPath } from '../../src/engine/query/paths.js';
import {
  applyUpdate,
  compileFilter,
  compileProjection,
  parseUpdate,
  toPlain,
} from '../../src/engine/query/index.js';

const typed = (doc: Document): Document => decodeTyped(encode(doc));
const matches = (filter: Document, doc: Document): boolean =>
  compileFilter(typed(filter))(typed(doc));
const update = (doc: Document, spec: Document) =>
  applyUpdate(typed(doc), parseUpdate(typed(spec)), { isUpsertInsert: false });
const project = (projection: Document, doc: Document): Document =>
  compileProjection(typed(projection), {})(typed(doc));

describe('$all', () => {
  it('is an $and of equalities: a scalar field equal to every item matches', () => {
    expect(matches({ tag: { $all: ['a'] } }, { tag: 'a' })).toBe(true);
    expect(matches({ tag: { $all: ['a', 'a'] } }, { tag: 'a' })).toBe(true);
    expect(matches({ tag: { $all: ['a', 'b'] } }, { tag: 'a' })).toBe(false);
    expect(matches({ n: { $all: [1] } }, { n: 1 })).toBe(true);
  });

  it('matches arrays holding every item, a nested array as a whole, nothing for []', () => {
    expect(matches({ tags: { $all: ['a', 'b'] } }, { tags: ['b', 'c', 'a'] })).toBe(true);
    expect(matches({ tags: { $all: ['a', 'd'] } }, { tags: ['b', 'c', 'a'] })).toBe(false);
    expect(matches({ tags: { $all: [['a', 'b']] } }, { tags: ['a', 'b'] })).toBe(true);
    expect(matches({ tags: { $all: [] } }, { tags: ['a'] })).toBe(false);
  });

  it('takes $elemMatch items and regexes, each on its own', () => {
    const doc = {
      qty: [
        { size: 'M', num: 50 },
        { size: 'L', num: 100 },
      ],
      name: 'abc',
    };
    const elem = (q: Document) => ({ $elemMatch: q });
    expect(matches({ qty: { $all: [elem({ size: 'M' }), elem({ num: 100 })] } }, doc)).toBe(true);
    expect(matches({ qty: { $all: [elem({ size: 'M', num: 100 })] } }, doc)).toBe(false);
    expect(matches({ name: { $all: [/^a/, /c$/] } }, doc)).toBe(true);
    expect(matches({ name: { $all: [/^a/, /x/] } }, doc)).toBe(false);
  });
});

describe('$pull with a query over subdocuments', () => {
  const doc = { _id: 1, arr: [{ a: 1, b: 1 }, { a: 2, b: 2 }, { a: 3, b: 3 }, 4] };
  const pulled = (condition: Document) => toPlain(update(doc, { $pull: { arr: condition } }).doc);

  it('applies $or, $and and $nor to each object element as a document', () => {
    expect(pulled({ $or: [{ a: 1 }, { b: 3 }] })).toEqual({ _id: 1, arr: [{ a: 2, b: 2 }, 4] });
    expect(pulled({ $and: [{ a: 2 }, { b: 2 }] })).toEqual({
      _id: 1,
      arr: [{ a: 1, b: 1 }, { a: 3, b: 3 }, 4],
    });
    expect(pulled({ $nor: [{ a: 1 }, { a: 2 }] })).toEqual({
      _id: 1,
      arr: [{ a: 1, b: 1 }, { a: 2, b: 2 }, 4],
    });
  });

  it('reads a field name first as a query, a field operator first as a value test', () => {
    expect(pulled({ a: { $gte: 2 }, $or: [{ b: 2 }, { b: 3 }] })).toEqual({
      _id: 1,
      arr: [{ a: 1, b: 1 }, 4],
    });
    expect(pulled({ $gte: 4 })).toEqual({ _id: 1, arr: doc.arr.slice(0, 3) });
  });

  it('counts as a modification only when something was removed', () => {
    expect(update(doc, { $pull: { arr: { $or: [{ a: 9 }] } } }).modified).toBe(false);
    expect(update(doc, { $pull: { arr: { $or: [{ a: 1 }] } } }).modified).toBe(true);
  });
});

describe('$elemMatch projection', () => {
  const doc = { _id: 1, tags: ['a', 'b', 'c'], scores: [70, 82, 90], subs: [{ n: 1 }, { n: 2 }] };

  it('takes a condition of operators only, tested on each element as a value', () => {
    expect(toPlain(project({ tags: { $elemMatch: { $in: ['b', 'c'] } } }, doc))).toEqual({
      _id: 1,
      tags: ['b'],
    });
    expect(toPlain(project({ scores: { $elemMatch: { $gte: 80, $lt: 85 } } }, doc))).toEqual({
      _id: 1,
      scores: [82],
    });
  });

  it('returns only the first matching subdocument, and no field when none matches', () => {
    expect(toPlain(project({ subs: { $elemMatch: { n: { $gte: 1 } } } }, doc))).toEqual({
      _id: 1,
      subs: [{ n: 1 }],
    });
    expect(toPlain(project({ subs: { $elemMatch: { n: 9 } } }, doc))).toEqual({ _id: 1 });
  });
});

describe('BinData', () => {
  const bytes = Buffer.from([0b0000_0101, 0b1000_0000]);
  const doc = { _id: 1, b: new Binary(bytes, 0) };

  it('a $set changing only the subtype is a change, and equality looks at the subtype', () => {
    const result = update(doc, { $set: { b: new Binary(bytes, 4) } });
    expect(result.modified).toBe(true);
    expect((result.doc.b as Binary).sub_type).toBe(4);
    expect(update(doc, { $set: { b: new Binary(bytes, 0) } }).modified).toBe(false);
    expect(matches({ b: new Binary(bytes, 4) }, doc)).toBe(false);
    expect(matches({ b: { $in: [new Binary(bytes, 0)] } }, doc)).toBe(true);
  });

  it('is tested bit by bit, bit 0 the lowest of the first byte, past its end clear', () => {
    expect(matches({ b: { $bitsAllSet: [0, 2, 15] } }, doc)).toBe(true);
    expect(matches({ b: { $bitsAllSet: [1] } }, doc)).toBe(false);
    expect(matches({ b: { $bitsAllSet: 5 } }, doc)).toBe(true);
    expect(matches({ b: { $bitsAnySet: [1, 15] } }, doc)).toBe(true);
    expect(matches({ b: { $bitsAllClear: [1, 3, 40] } }, doc)).toBe(true);
    expect(matches({ b: { $bitsAnyClear: [0, 2] } }, doc)).toBe(false);
    expect(matches({ b: { $bitsAllSet: new Binary(Buffer.from([5])) } }, doc)).toBe(true);
  });
});

describe('bitwise operators on numbers', () => {
  it('see 64-bit two-complement integers, and no other numbers', () => {
    expect(matches({ n: { $bitsAllSet: [40] } }, { n: 2 ** 40 })).toBe(true);
    expect(matches({ n: { $bitsAllSet: [8] } }, { n: 2 ** 40 })).toBe(false);
    expect(matches({ n: { $bitsAllSet: [0, 63, 100] } }, { n: -1 })).toBe(true);
    expect(matches({ n: { $bitsAnySet: [0] } }, { n: 1.5 })).toBe(false);
    expect(matches({ n: { $bitsAllClear: [0] } }, { n: 'text' })).toBe(false);
  });
});

describe('__proto__ as a field name', () => {
  it('is kept in $set values like any other field', () => {
    const spec = decodeTyped(
      serialize(JSON.parse('{"$set": {"a": {"__proto__": {"x": 1}, "b": 1}}}') as Document),
    );
    const result = applyUpdate(typed({ _id: 1 }), parseUpdate(spec), { isUpsertInsert: false });
    expect(Object.keys(result.doc.a as Document)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(result.doc.a)).toBe(Object.prototype);
    expect(deserialize(encode(result.doc))).toEqual(
      JSON.parse('{"_id": 1, "a": {"__proto__": {"x": 1}, "b": 1}}'),
    );
  });
});

describe('dotted paths', () => {
  it('set, read and remove own fields only, never Object.prototype', () => {
    const doc: Record<string, unknown> = {};
    setPath(doc, '__proto__.polluted', 1);
    setPath(doc, 'constructor.polluted', 2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(doc)).toEqual(['__proto__', 'constructor']);
    expect(getPath(doc, '__proto__.polluted')).toBe(1);
    expect(getPath({}, 'constructor')).toBeUndefined();
    expect(valuesAtPath({ a: {} }, 'a.constructor')).toEqual([undefined]);
  });
});

describe('$rename', () => {
  const codeOf = (fn: () => unknown): number | undefined => {
    try {
      fn();
    } catch (error) {
      return (error as { code?: number }).code;
    }
    return undefined;
  };

  it('moves a value into a field of any name, __proto__ included', () => {
    const result = update({ _id: 1, hello: 'world' }, { $rename: { hello: '__proto__.polluted' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(deserialize(encode(result.doc))).toEqual(
      JSON.parse('{"_id": 1, "__proto__": {"polluted": "world"}}'),
    );
    expect(toPlain(update({ _id: 1, a: 1, b: 2 }, { $rename: { a: 'b' } }).doc)).toEqual({
      _id: 1,
      b: 1,
    });
    expect(update({ _id: 1 }, { $rename: { a: 'b' } }).modified).toBe(false);
  });

  it('refuses array elements on either side and a target under a scalar, losing nothing', () => {
    expect(codeOf(() => update({ _id: 1, a: [{ b: 1 }] }, { $rename: { 'a.0.b': 'c' } }))).toBe(2);
    expect(codeOf(() => update({ _id: 1, a: [{}], x: 1 }, { $rename: { x: 'a.0.c' } }))).toBe(2);
    expect(codeOf(() => update({ _id: 1, a: 5, x: 1 }, { $rename: { x: 'a.c' } }))).toBe(28);
  });
});
