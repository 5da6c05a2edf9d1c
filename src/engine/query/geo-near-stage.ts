// The $geoNear aggregation stage: the documents of its query, nearest first, each with its
// distance (times distanceMultiplier) in distanceField and, with includeLocs, the location that
// was measured. The aggregate command fills in `key` from the collection's geo index.
import type { Document } from 'bson';
import { Lazy, type Iterator } from 'mingo/lazy';
import { Query } from 'mingo/query';
import type { AnyObject, Options } from 'mingo/types';
import { prepareFilter } from './filter-validation.js';
import { distanceTo, parseNear, withinBounds, type NearQuery } from './geo-near.js';
import { locationOf } from './geo-shapes.js';
import { setPath, valuesAtPath } from './paths.js';
import { isPlainObject } from './plain.js';
import { queryError, QueryErrorCode } from './query-errors.js';

function nearQueryOf(spec: Document): NearQuery {
  const near: unknown = spec.near;
  const bounds = { $maxDistance: spec.maxDistance, $minDistance: spec.minDistance };
  const geoJson = isPlainObject(near) && near.type === 'Point';
  const operator = spec.spherical === true || geoJson ? '$nearSphere' : '$near';
  return parseNear(operator, { [operator]: geoJson ? { $geometry: near } : near, ...bounds });
}

/** The nearest location of a document on the path, with its distance. */
function nearestAt(query: NearQuery, doc: unknown, path: string) {
  let best: { distance: number; location: unknown } | undefined;
  for (const value of valuesAtPath(doc, path)) {
    const location = locationOf(value);
    if (!location) continue;
    const distance = distanceTo(query, location);
    if (!best || distance < best.distance) best = { distance, location: value };
  }
  return best;
}

export function geoNearStage(collection: Iterator, raw: unknown, options: Options): Iterator {
  const spec = (isPlainObject(raw) ? raw : {}) as Document;
  if (typeof spec.distanceField !== 'string')
    throw queryError(QueryErrorCode.BadValue, '$geoNear requires a distanceField');
  if (typeof spec.key !== 'string')
    throw queryError(
      QueryErrorCode.BadValue,
      '$geoNear requires a 2d or 2dsphere index, but none were found',
    );
  const query = nearQueryOf(spec);
  const filter = isPlainObject(spec.query)
    ? new Query(prepareFilter(spec.query), options)
    : undefined;
  const multiplier = typeof spec.distanceMultiplier === 'number' ? spec.distanceMultiplier : 1;
  const { key, distanceField } = spec as { key: string; distanceField: string };
  return collection.transform((docs: AnyObject[]) => {
    const measured: { doc: AnyObject; distance: number }[] = [];
    for (const doc of docs) {
      if (filter && !filter.test(doc)) continue;
      const nearest = nearestAt(query, doc, key);
      if (!nearest || !withinBounds(query, nearest.distance)) continue;
      const out = { ...doc };
      setPath(out, distanceField, nearest.distance * multiplier);
      if (typeof spec.includeLocs === 'string') setPath(out, spec.includeLocs, nearest.location);
      measured.push({ doc: out, distance: nearest.distance });
    }
    measured.sort((a, b) => a.distance - b.distance);
    return Lazy(measured.map((item) => item.doc));
  });
}
