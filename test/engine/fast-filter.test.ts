// The fast matcher of plain top-level comparisons never contradicts the full matcher: for
// random documents (every BSON type it meets, arrays, nested arrays, documents, missing
// fields) and random filters of $eq, $in and ranges, wherever it answers, its answer is the
// full matcher's (also for `$expr: {$eq: ['$field', value]}`). Seeded, so a failure names its seed, filter and document.
import {
  Binary,
  BSONSymbol,
  Decimal128,
  Double,
  Int32,
  Long,
  ObjectId,
  Timestamp,
  type Document,
} from 'bson';
import { describe, expect, it } from 'vitest';
import { decodeTyped, encode } from '../../src/engine/codec.js';
import { compileFastFilter } from '../../src/engine/query/fast-filter.js';
import { compileFilter, compileFullFilter } from '../../src/engine/query/filter.js';
import { pick, seededRandom, type Random } from '../helpers/seeded-random.js';

const ids = [1, 2, 3].map((n) => new ObjectId(`65000000000000000000000${n}`));
const BASE = Date.UTC(2026, 0, 1);

function scalar(random: Random): unknown {
  const n = Math.floor(random() * 4);
  return pick(random, [
    () => n,
    () => new Int32(n),
    () => new Double(n + 0.5),
    () => Long.fromNumber(n),
    () => Long.fromString('9007199254740993'),
    () => Decimal128.fromString(String(n)),
    () => NaN,
    () => `s${n}`,
    () => `\u{1F600}${n}`,
    () => `\uff21${n}`,
    () => new BSONSymbol(`s${n}`),
    () => new Date(BASE + n * 86_400_000),
    () => new Timestamp({ t: n, i: 1 }),
    () => n % 2 === 0,
    () => null,
    () => pick(random, ids),
    () => new Binary(Buffer.from([n])),
  ])();
}

function stored(random: Random): unknown {
  const r = random();
  if (r < 0.15) return Array.from({ length: Math.floor(random() * 3) }, () => scalar(random));
  if (r < 0.2) return [[scalar(random)], scalar(random)];
  if (r < 0.25) return { a: scalar(random) };
  return scalar(random);
}

function documentOf(random: Random): Document {
  const doc: Document = {};
  for (const field of ['a', 'b']) if (random() < 0.85) doc[field] = stored(random);
  return decodeTyped(encode(doc));
}

const filterable = (random: Random): unknown => {
  for (;;) {
    const value = scalar(random);
    // Values the fast matcher takes as operands (others make it decline the whole filter).
    if (!(value instanceof Binary || value instanceof Timestamp || value instanceof BSONSymbol))
      return value;
  }
};

function filterOf(random: Random): Document {
  const filter: Document = {};
  for (const field of ['a', 'b']) {
    if (random() < 0.4) continue;
    const op = pick(random, ['bare', '$eq', '$in', '$gt', '$gte', '$lt', '$lte', 'range']);
    if (op === 'bare') filter[field] = filterable(random);
    else if (op === '$in') {
      filter[field] = { $in: Array.from({ length: 3 }, () => filterable(random)) };
    } else if (op === 'range')
      filter[field] = { $gte: filterable(random), $lt: filterable(random) };
    else filter[field] = { [op]: filterable(random) };
  }
  if (random() < 0.25) {
    const constant = filterable(random);
    if (constant !== null) {
      const path = pick(random, ['$a', '$b']);
      filter.$expr = { $eq: random() < 0.5 ? [path, constant] : [constant, path] };
    }
  }
  return decodeTyped(encode(filter));
}

describe('the fast filter', () => {
  it('agrees with the full matcher wherever it answers', () => {
    let answered = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const random = seededRandom(seed);
      const filter = filterOf(random);
      const fast = compileFastFilter(filter);
      let full: ((doc: Document) => boolean) | undefined;
      try {
        full = compileFullFilter(filter);
      } catch {
        continue; // a filter MongoDB refuses (NaN operands are fine; this is for safety)
      }
      for (let i = 0; i < 40; i++) {
        const doc = documentOf(random);
        const verdict = fast?.(doc);
        if (verdict === undefined) continue;
        answered++;
        expect(
          { seed, filter, doc, verdict },
          `seed ${seed}: ${JSON.stringify(filter)} on ${JSON.stringify(doc)}`,
        ).toEqual({ seed, filter, doc, verdict: full(doc) });
      }
    }
    // The fast matcher must answer most of these, or it is not worth having.
    expect(answered).toBeGreaterThan(4000);
  });

  it('declines what it does not model', () => {
    for (const filter of [
      { 'a.b': 1 },
      { $expr: { $eq: ['$a', '$b'] } },
      { $expr: { $eq: ['$a.b', 1] } },
      { $expr: { $eq: ['$a', null] } },
      { $expr: { $gt: ['$a', 1] } },
      { a: { $ne: 1 } },
      { a: { $regex: 'x' } },
      { a: [1, 2] },
      { a: { b: 1 } },
      { a: Decimal128.fromString('1') },
      { a: { $in: [/x/] } },
    ]) {
      expect(compileFastFilter(filter), JSON.stringify(filter)).toBeUndefined();
    }
  });

  it('leaves strings under a collation to the full matcher', () => {
    const matches = compileFilter({ a: 'acme' }, { collation: { locale: 'en', strength: 2 } });
    expect(matches({ a: 'ACME' })).toBe(true);
  });
});
