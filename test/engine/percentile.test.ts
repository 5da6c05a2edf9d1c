// $median and $percentile: mingo sorted the values as strings and, inside $group, evaluated
// the expression form; the engine's replacements follow MongoDB.
import type { Document } from 'bson';
import { describe, expect, it } from 'vitest';
import { decodeTyped, encode } from '../../src/engine/codec.js';
import { runPipeline, toPlain } from '../../src/engine/query/index.js';

const typed = (doc: Document): Document => decodeTyped(encode(doc));
const context = { db: 'test', resolveCollection: (): Document[] => [] };
const docs = [{ n: 10 }, { n: 9 }, { n: 2 }, { n: 'text' }].map(typed);
const run = (pipeline: Document[]): unknown =>
  toPlain(runPipeline(docs, pipeline.map(typed), context));

describe('$median and $percentile', () => {
  it('sorts numbers as numbers in $group, ignoring non-numbers', () => {
    expect(
      run([
        {
          $group: {
            _id: null,
            median: { $median: { input: '$n', method: 'approximate' } },
            p: { $percentile: { input: '$n', p: [0, 0.5, 1], method: 'approximate' } },
          },
        },
      ]),
    ).toEqual([{ _id: null, median: 9, p: [2, 9, 10] }]);
  });

  it('evaluates an input expression per document in $group', () => {
    expect(
      run([
        { $match: { n: { $type: 'number' } } },
        {
          $group: {
            _id: null,
            median: { $median: { input: { $multiply: ['$n', 10] }, method: 'approximate' } },
          },
        },
      ]),
    ).toEqual([{ _id: null, median: 90 }]);
  });

  it('takes an array per document in the expression form', () => {
    expect(
      run([
        { $limit: 1 },
        {
          $project: {
            _id: 0,
            median: { $median: { input: [100, 9, 2, 10, 30], method: 'approximate' } },
            empty: { $median: { input: [], method: 'approximate' } },
          },
        },
      ]),
    ).toEqual([{ median: 10, empty: null }]);
  });
});
