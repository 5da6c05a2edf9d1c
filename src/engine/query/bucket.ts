// $bucket as MongoDB defines it: each document goes to the bucket whose lower boundary is <= its
// groupBy value < the next boundary (BSON order), or to the default bucket; only buckets that
// received documents are output, in boundary order with the default last. (mingo counted values
// equal to an upper boundary in the bucket below and emitted empty buckets.)
import { evalExpr } from 'mingo/core';
import { Lazy, type Iterator } from 'mingo/lazy';
import type { AnyObject, Options } from 'mingo/types';
import { compareValues, typeRankOf } from './compare.js';
import { isPlainObject } from './plain.js';
import { queryError } from './query-errors.js';

interface BucketSpec {
  groupBy: unknown;
  boundaries: unknown[];
  default?: unknown;
  output: AnyObject;
}

function parseBucket(spec: unknown): BucketSpec {
  if (!isPlainObject(spec)) {
    throw queryError(40201, 'Argument to $bucket stage must be an object');
  }
  const { groupBy, boundaries, output } = spec;
  for (const key of Object.keys(spec)) {
    if (!['groupBy', 'boundaries', 'default', 'output'].includes(key)) {
      throw queryError(40197, `Unrecognized option to $bucket: ${key}.`);
    }
  }
  if (groupBy === undefined || boundaries === undefined) {
    throw queryError(40198, "$bucket requires 'groupBy' and 'boundaries' to be specified.");
  }
  if (
    !(typeof groupBy === 'string' && groupBy.startsWith('$')) &&
    !(isPlainObject(groupBy) && Object.keys(groupBy)[0]?.startsWith('$'))
  ) {
    throw queryError(
      40202,
      "The $bucket 'groupBy' field must be defined as a $-prefixed path or an expression",
    );
  }
  if (!Array.isArray(boundaries) || boundaries.length < 2) {
    throw queryError(40192, "The $bucket 'boundaries' field must be an array of at least 2 values");
  }
  checkBoundaries(boundaries);
  const fallback = spec.default;
  if (fallback !== undefined && typeRankOf(fallback) === typeRankOf(boundaries[0])) {
    const inside =
      compareValues(fallback, boundaries[0]) >= 0 &&
      compareValues(fallback, boundaries[boundaries.length - 1]) < 0;
    if (inside) {
      throw queryError(
        40199,
        "The $bucket 'default' field must be less than the lowest boundary or greater than or equal to the highest boundary.",
      );
    }
  }
  if (output !== undefined && !isPlainObject(output)) {
    throw queryError(40196, "The $bucket 'output' field must be an object");
  }
  return {
    groupBy,
    boundaries,
    ...(fallback !== undefined ? { default: fallback } : {}),
    output: (output as AnyObject | undefined) ?? { count: { $sum: 1 } },
  };
}

function checkBoundaries(boundaries: unknown[]): void {
  boundaries.forEach((bound, i) => {
    if (i === 0) return;
    const previous = boundaries[i - 1];
    if (typeRankOf(bound) !== typeRankOf(previous)) {
      throw queryError(
        40193,
        "All values in the 'boundaries' option to $bucket must have the same type.",
      );
    }
    if (compareValues(previous, bound) >= 0) {
      throw queryError(
        40194,
        "The 'boundaries' option to $bucket must be sorted in ascending order",
      );
    }
  });
}

/** The index of the bucket holding `key` (binary search), or -1 when it is outside them all. */
function bucketIndexOf(key: unknown, boundaries: unknown[]): number {
  const last = boundaries.length - 1;
  const rank = typeRankOf(boundaries[0]);
  if (typeRankOf(key) !== rank) return -1;
  if (compareValues(key, boundaries[0]) < 0 || compareValues(key, boundaries[last]) >= 0) return -1;
  let low = 0;
  let high = last - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (compareValues(boundaries[middle], key) <= 0) low = middle;
    else high = middle - 1;
  }
  return low;
}

export function bucketStage(collection: Iterator, spec: unknown, options: Options): Iterator {
  const bucket = parseBucket(spec);
  return collection.transform((docs: AnyObject[]) => {
    const groups = new Map<number, AnyObject[]>();
    for (const doc of docs) {
      const key = evalExpr(doc, bucket.groupBy, options);
      let index = bucketIndexOf(key, bucket.boundaries);
      if (index < 0) {
        if (bucket.default === undefined) {
          throw queryError(
            40066,
            '$switch could not find a matching branch for an input, and no default was specified.',
          );
        }
        index = bucket.boundaries.length; // the default bucket, after all the others
      }
      const group = groups.get(index) ?? [];
      group.push(doc);
      groups.set(index, group);
    }
    const outputs = [...groups.keys()]
      .sort((a, b) => a - b)
      .map((index) => {
        const id = index < bucket.boundaries.length ? bucket.boundaries[index] : bucket.default;
        const fields = evalExpr(groups.get(index), bucket.output, options) as AnyObject;
        return { _id: id, ...fields };
      });
    return Lazy(outputs);
  });
}
