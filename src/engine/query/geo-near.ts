// $near / $nearSphere: the point, the kind of distance and its bounds, as MongoDB reads them.
// With $geometry (GeoJSON) distances are meters on the sphere; with a legacy pair $near measures
// on the plane in coordinate units and $nearSphere in radians.
import type { Geometry, Position } from 'geojson';
import {
  geoJsonOf,
  legacyPoint,
  metersFromRadians,
  positionsOf,
  sphericalRadians,
} from './geo-shapes.js';
import { queryError, QueryErrorCode } from './query-errors.js';
import { isNumeric, isPlainObject, numberOf } from './plain.js';

export interface NearQuery {
  point: Position;
  spherical: boolean;
  /** Distances in meters (a GeoJSON point), else in radians (spherical) or coordinate units. */
  meters: boolean;
  max?: number;
  min?: number;
}

export const NEAR_OPERATORS = new Set(['$near', '$nearSphere']);

const bad = (message: string): never => {
  throw queryError(QueryErrorCode.BadValue, message);
};

function bound(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!isNumeric(value) || numberOf(value) < 0) bad(`${name} must be a non-negative number`);
  return numberOf(value);
}

/** The field's operators ({$near: ..., $maxDistance: ...}) as one NearQuery. */
export function parseNear(operator: string, spec: Record<string, unknown>): NearQuery {
  const operand = spec[operator];
  const inner = isPlainObject(operand) && '$geometry' in operand ? operand : undefined;
  // A GeoJSON point may also be the operand itself ({$near: {type: 'Point', ...}}).
  const geometry = geoJsonOf(inner ? inner.$geometry : operand);
  if ((inner || geometry) && geometry?.type !== 'Point')
    bad(`${operator} requires a GeoJSON Point $geometry`);
  const point =
    geometry?.type === 'Point' ? legacyPoint(geometry.coordinates) : legacyPoint(operand);
  if (!point) return bad(`${operator} requires a point`);
  const max = bound(inner?.$maxDistance ?? spec.$maxDistance, '$maxDistance');
  const min = bound(inner?.$minDistance ?? spec.$minDistance, '$minDistance');
  return {
    point,
    spherical: operator === '$nearSphere' || geometry !== undefined,
    meters: geometry !== undefined,
    ...(max === undefined ? {} : { max }),
    ...(min === undefined ? {} : { min }),
  };
}

/** Distance from the query's point to a location (its nearest vertex for a shape). */
export function distanceTo(query: NearQuery, location: Geometry): number {
  let nearest = Infinity;
  for (const position of positionsOf(location)) {
    const d = query.spherical
      ? sphericalRadians(query.point, position)
      : Math.hypot(position[0]! - query.point[0]!, position[1]! - query.point[1]!);
    nearest = Math.min(nearest, query.meters ? metersFromRadians(d) : d);
  }
  return nearest;
}

export function withinBounds(query: NearQuery, d: number): boolean {
  return Number.isFinite(d) && d <= (query.max ?? Infinity) && d >= (query.min ?? 0);
}
