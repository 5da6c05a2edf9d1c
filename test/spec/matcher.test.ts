// The unified format's matching rules, checked on small cases so a runner bug cannot hide behind
// the engine's own failures.
import { Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { type MatchEntities, matchExactly, matchResult, matchValue } from './matcher.js';

const entities: MatchEntities = {
  valueEntity: (name) => (name === 'savedId' ? 7 : undefined),
  sessionLsid: () => ({ id: 'lsid' }),
};
const matches = (expected: unknown, actual: unknown) =>
  matchValue(expected, actual, entities, '', true) === undefined;

describe('matchValue', () => {
  it('allows extra keys only in the root document', () => {
    expect(matches({ x: 1 }, { x: 1, y: 2 })).toBe(true);
    expect(matches({ x: { y: 1 } }, { x: { y: 1, z: 1 } })).toBe(false);
    expect(matches({ x: 1, y: 1 }, { x: 1 })).toBe(false);
  });

  it('compares int, long and double by value', () => {
    expect(matches({ n: new Long(3) }, { n: 3 })).toBe(true);
    expect(matches({ n: 1 }, { n: 1.5 })).toBe(false);
  });

  it('requires arrays of the same length', () => {
    expect(matches([1, 2, 3], [1, 2, 3, 4])).toBe(false);
  });

  it('treats documents in iterable results as roots, but not distinct values', () => {
    const expected = [{ x: 1 }];
    const actual = [{ x: 1, y: 1 }];
    expect(matchResult(expected, actual, entities, true)).toBeUndefined();
    expect(matchResult(expected, actual, entities, false)).toBeDefined();
  });

  it('implements the special operators', () => {
    expect(matches({ a: { $$exists: false } }, { b: 1 })).toBe(true);
    expect(matches({ a: { $$exists: true } }, { a: null })).toBe(true);
    expect(matches({ a: { $$type: ['int', 'long'] } }, { a: 4 })).toBe(true);
    expect(matches({ a: { $$type: 'objectId' } }, { a: new ObjectId() })).toBe(true);
    expect(matches({ a: { $$type: 'string' } }, { a: 4 })).toBe(false);
    expect(matches({ $$unsetOrMatches: { insertedId: 1 } }, undefined)).toBe(true);
    expect(matches({ a: { $$unsetOrMatches: 1 } }, { a: 2 })).toBe(false);
    expect(matches({ a: { $$matchesEntity: 'savedId' } }, { a: 7 })).toBe(true);
    expect(matches({ a: { $$lte: 5 } }, { a: 5.0 })).toBe(true);
    expect(matches({ a: { $$lte: 5 } }, { a: 6 })).toBe(false);
    expect(matches({ a: { $$matchAsDocument: { x: 1 } } }, { a: '{"x": 1}' })).toBe(true);
    expect(matches({ a: { $$matchAsDocument: { x: 1 } } }, { a: '{"x": 1, "y": 2}' })).toBe(false);
    expect(matches({ a: { $$matchAsRoot: { x: 1 } } }, { a: { x: 1, y: 2 } })).toBe(true);
    expect(matches({ a: { $$matchesHexBytes: '6869' } }, { a: Buffer.from('hi') })).toBe(true);
    expect(matches({ lsid: { $$sessionLsid: 'session0' } }, { lsid: { id: 'lsid' } })).toBe(true);
  });

  it('reads driver-built Maps as documents', () => {
    expect(matches({ sort: { _id: 1 } }, { sort: new Map([['_id', 1]]) })).toBe(true);
  });
});

describe('matchExactly', () => {
  it('ignores key order but not extra keys', () => {
    expect(matchExactly({ a: 1, b: 2 }, { b: 2, a: 1 }, '')).toBeUndefined();
    expect(matchExactly({ a: 1 }, { a: 1, c: 1 }, '')).toBeDefined();
    expect(matchExactly({ a: { b: 1 } }, { a: { b: 1, c: 1 } }, '')).toBeDefined();
  });
});
