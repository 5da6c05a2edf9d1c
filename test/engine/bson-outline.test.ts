// The insert fast path stores client bytes after only a structural walk, so that walk must
// never accept bytes the decoder would later refuse, and must find _id exactly.
import {
  Binary,
  BSONRegExp,
  Code,
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
import { describe, expect, it } from 'vitest';
import { outlineDocument } from '../../src/engine/bson-outline.js';
import { decodeTyped } from '../../src/engine/codec.js';

const sample: Document = {
  name: 'zoë 🚀',
  int: new Int32(1),
  double: new Double(1.5),
  long: Long.fromNumber(2),
  decimal: Decimal128.fromString('3.25'),
  binary: new Binary(Buffer.from([1, 2, 3]), 0),
  oldBinary: new Binary(Buffer.from([1, 2]), 2),
  date: new Date(0),
  regex: new BSONRegExp('a+', 'i'),
  code: new Code('x', { a: 1 }),
  timestamp: new Timestamp({ t: 1, i: 1 }),
  min: new MinKey(),
  max: new MaxKey(),
  nested: { array: [1, 'two', { three: [null, true] }] },
};

/** Deterministic pseudo-random numbers so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

describe('outlineDocument', () => {
  it('finds _id of every kind, wherever it stands', () => {
    const ids: unknown[] = [
      new ObjectId(),
      'text',
      new Int32(7),
      Long.fromNumber(8),
      { a: 1, b: [2] },
      new Date(5),
    ];
    for (const id of ids) {
      for (const doc of [
        { _id: id, ...sample },
        { ...sample, _id: id },
      ]) {
        const outline = outlineDocument(Buffer.from(serialize(doc)));
        expect(outline.hasId).toBe(true);
        expect(outline.idFirst).toBe(Object.keys(doc)[0] === '_id');
        expect(serialize({ _id: outline.id })).toEqual(serialize({ _id: id }));
      }
    }
  });

  it('reports a document without _id', () => {
    expect(outlineDocument(Buffer.from(serialize(sample)))).toEqual({
      id: undefined,
      hasId: false,
      idFirst: false,
    });
  });

  it('never accepts bytes the decoder refuses', () => {
    const original = Buffer.from(serialize({ _id: new ObjectId(), ...sample }));
    const next = random(42);
    let refused = 0;
    for (let trial = 0; trial < 20000; trial++) {
      const bytes = Buffer.from(original);
      const flips = 1 + Math.floor(next() * 3);
      for (let f = 0; f < flips; f++)
        bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      let accepted = true;
      try {
        outlineDocument(bytes);
      } catch (error) {
        expect(error).toMatchObject({ code: 22, codeName: 'InvalidBSON' });
        accepted = false;
        refused++;
      }
      if (accepted) expect(() => decodeTyped(bytes), `trial ${trial}`).not.toThrow();
    }
    expect(refused).toBeGreaterThan(4000);
  });

  it('refuses truncated documents and invalid UTF-8', () => {
    const bytes = Buffer.from(serialize({ _id: 1, s: 'abc' }));
    expect(() => outlineDocument(bytes.subarray(0, bytes.length - 1))).toThrow(/invalid BSON/);
    const bad = Buffer.from(bytes);
    bad[bad.indexOf('abc') + 1] = 0xff;
    expect(() => outlineDocument(bad)).toThrow(/UTF-8/);
  });
});
