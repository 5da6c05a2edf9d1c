// $near / $nearSphere in find and the other readers: they need a 2d or 2dsphere index on their
// path (MongoDB's error otherwise) and return the nearest documents first. The index is only a
// declaration here: every candidate is measured (see the README's Compatibility section).
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { nearestDistance, nearOf } from '../query/geo-operators.js';
import { toPlain } from '../query/index.js';
import type { CollectionStore } from '../storage/backend.js';

/** MongoDB's NoQueryExecutionPlans. */
const NO_QUERY_EXECUTION_PLANS = 291;

export type DocumentOrder = (a: Document, b: Document) => number;

/** Nearest-first order for a filter with $near, or undefined; throws without a geo index. */
export function nearOrder(
  collection: CollectionStore,
  filter: Document,
): DocumentOrder | undefined {
  const near = nearOf(filter);
  if (!near) return undefined;
  const indexed = collection.listIndexes().some((index) => {
    const kind: unknown = index.key[near.path];
    return kind === '2dsphere' || (kind === '2d' && !near.query.meters);
  });
  if (!indexed)
    throw new MongoServerError(
      NO_QUERY_EXECUTION_PLANS,
      'error processing query: planner returned error :: caused by :: unable to find index for $geoNear query',
    );
  const distances = new WeakMap<Document, number>();
  const distanceOf = (doc: Document): number => {
    let d = distances.get(doc);
    if (d === undefined) {
      d = nearestDistance(near.query, toPlain(doc), near.path);
      distances.set(doc, d);
    }
    return d;
  };
  return (a, b) => distanceOf(a) - distanceOf(b);
}

/** A $geoNear stage with its `key`: the collection's only geo index path when not given. */
export function withGeoNearKey(collection: CollectionStore | undefined, spec: Document): Document {
  if (typeof spec.key === 'string') return { $geoNear: spec };
  const paths = (collection?.listIndexes() ?? []).flatMap((index) =>
    Object.entries(index.key)
      .filter(([, kind]) => kind === '2d' || kind === '2dsphere')
      .map(([path]) => path),
  );
  if (paths.length !== 1)
    throw new MongoServerError(
      paths.length === 0 ? NO_QUERY_EXECUTION_PLANS : ErrorCode.BadValue,
      paths.length === 0
        ? '$geoNear requires a 2d or 2dsphere index, but none were found'
        : 'There is more than one geo index; specify the key for $geoNear',
    );
  return { $geoNear: { ...spec, key: paths[0] } };
}
