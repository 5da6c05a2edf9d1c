// The geospatial query operators for mingo: $geoWithin (and its old name $within),
// $geoIntersects, and $near / $nearSphere as filters on their distance bounds (the executor
// orders by distance, see nearestFirst). A path's every location counts: a GeoJSON value, a
// legacy pair, or each of an array of them.
import type { Document } from 'bson';
import type { Geometry } from 'geojson';
import { distanceTo, NEAR_OPERATORS, parseNear, withinBounds, type NearQuery } from './geo-near.js';
import { intersectsShape, locationOf, withinShape, type ShapeTest } from './geo-shapes.js';
import { valuesAtPath } from './paths.js';
import { isPlainObject, toPlain } from './plain.js';

type Matcher = (obj: Record<string, unknown>) => boolean;

function locationsAt(obj: unknown, path: string): Geometry[] {
  const out: Geometry[] = [];
  for (const value of valuesAtPath(obj, path)) {
    const location = locationOf(value);
    if (location) out.push(location);
  }
  return out;
}

const shapeOperator =
  (shapeOf: (operand: unknown) => ShapeTest) =>
  (selector: string, operand: unknown): Matcher => {
    const test = shapeOf(operand);
    return (obj) => locationsAt(obj, selector).some((location) => test(location));
  };

/** The nearest distance of a document's locations on a path (Infinity when it has none). */
export function nearestDistance(query: NearQuery, doc: unknown, path: string): number {
  return Math.min(...locationsAt(doc, path).map((location) => distanceTo(query, location)));
}

const nearOperator = (selector: string, operand: unknown): Matcher => {
  const query = operand as NearQuery;
  return (obj) => withinBounds(query, nearestDistance(query, obj, selector));
};

export const geoQueryOperators = {
  $geoWithin: shapeOperator(withinShape),
  $within: shapeOperator(withinShape),
  $geoIntersects: shapeOperator(intersectsShape),
  $near: nearOperator,
  $nearSphere: nearOperator,
};

export const GEO_FIELD_OPERATORS = [
  ...Object.keys(geoQueryOperators),
  '$maxDistance',
  '$minDistance',
];

/** A field's operators with $near's bounds folded in (filter-validation.ts prepares them). */
export function prepareNear(spec: Record<string, unknown>): Record<string, unknown> | undefined {
  const operator = Object.keys(spec).find((key) => NEAR_OPERATORS.has(key));
  if (!operator) return undefined;
  const rest = Object.fromEntries(
    Object.entries(spec).filter(
      ([key]) => key !== operator && key !== '$maxDistance' && key !== '$minDistance',
    ),
  );
  return { ...rest, [operator]: parseNear(operator, spec) };
}

/** The top-level $near of a filter: its path and query, for ordering by distance. */
export function nearOf(filter: Document): { path: string; query: NearQuery } | undefined {
  for (const [path, value] of Object.entries(filter)) {
    if (!isPlainObject(value)) continue;
    const operator = Object.keys(value).find((key) => NEAR_OPERATORS.has(key));
    if (operator)
      return { path, query: parseNear(operator, toPlain(value) as Record<string, unknown>) };
  }
  return undefined;
}
