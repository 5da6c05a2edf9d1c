// Geometries as MongoDB reads them: a document's location (GeoJSON, a legacy [x, y] pair or an
// embedded {x, y} document) and the shapes of $geoWithin / $geoIntersects ($geometry, $box,
// $polygon, $center, $centerSphere), tested with turf. turf works on the plane (a polygon's
// edges are straight in longitude/latitude, where MongoDB's 2dsphere follows great circles):
// the divergence is small for small shapes, and documented in the README.
import { booleanIntersects } from '@turf/boolean-intersects';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { booleanWithin } from '@turf/boolean-within';
import { distance } from '@turf/distance';
import type { Geometry, Point, Polygon, Position } from 'geojson';
import { shifted, unwrapped } from './geo-antimeridian.js';
import { queryError, QueryErrorCode } from './query-errors.js';
import { isPlainObject } from './plain.js';

const GEOMETRY_TYPES = new Set([
  'Point',
  'LineString',
  'Polygon',
  'MultiPoint',
  'MultiLineString',
  'MultiPolygon',
  'GeometryCollection',
]);

const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** A legacy coordinate pair: [x, y] or {any: x, other: y} (the first two values). */
export function legacyPoint(value: unknown): Position | undefined {
  const values = Array.isArray(value)
    ? (value as unknown[])
    : isPlainObject(value) && !('type' in value)
      ? Object.values(value)
      : undefined;
  if (!values || values.length < 2) return undefined;
  const [x, y] = values;
  return isNumber(x) && isNumber(y) ? [x, y] : undefined;
}

/** A GeoJSON geometry object (its type known; coordinates checked by use). */
export function geoJsonOf(value: unknown): Geometry | undefined {
  if (!isPlainObject(value) || typeof value.type !== 'string') return undefined;
  if (!GEOMETRY_TYPES.has(value.type)) return undefined;
  if (value.type === 'GeometryCollection')
    return Array.isArray(value.geometries) ? (value as unknown as Geometry) : undefined;
  return Array.isArray(value.coordinates) ? (value as unknown as Geometry) : undefined;
}

/** A document's location as a geometry: GeoJSON, or a legacy pair as a Point. */
export function locationOf(value: unknown): Geometry | undefined {
  const geo = geoJsonOf(value);
  if (geo) return geo;
  const pair = legacyPoint(value);
  return pair ? { type: 'Point', coordinates: pair } : undefined;
}

export type ShapeTest = (location: Geometry) => boolean;

const badShape = (message: string): never => {
  throw queryError(QueryErrorCode.BadValue, message);
};

function pointsOf(value: unknown, operator: string, min: number): Position[] {
  if (!Array.isArray(value)) return badShape(`${operator} must be an array of points`);
  const points = (value as unknown[]).map(legacyPoint);
  if (points.length < min || points.some((p) => p === undefined))
    badShape(`${operator} requires at least ${min} points`);
  return points as Position[];
}

/** Each position of a geometry (for the shapes that only decide on points). */
export function positionsOf(geometry: Geometry): Position[] {
  if (geometry.type === 'GeometryCollection') return geometry.geometries.flatMap(positionsOf);
  const flatten = (c: unknown): Position[] =>
    Array.isArray(c) && typeof c[0] === 'number'
      ? [c as Position]
      : (c as unknown[]).flatMap(flatten);
  return flatten(geometry.coordinates);
}

const everyPosition =
  (test: (p: Position) => boolean): ShapeTest =>
  (location) =>
    positionsOf(location).every(test);

function polygonRing(points: Position[]): Polygon {
  const first = points[0] as Position;
  const last = points[points.length - 1] as Position;
  const closed = first[0] === last[0] && first[1] === last[1] ? points : [...points, first];
  return { type: 'Polygon', coordinates: [closed] };
}

/** Whether every part of a location lies in a GeoJSON Polygon/MultiPolygon. */
function withinGeometry(shape: Geometry): ShapeTest {
  if (shape.type !== 'Polygon' && shape.type !== 'MultiPolygon')
    badShape('$geoWithin $geometry must be a Polygon or a MultiPolygon');
  return (location) => {
    if (location.type === 'Point')
      return booleanPointInPolygon(location as Point, shape as Polygon);
    if (location.type === 'GeometryCollection')
      return location.geometries.every((part) => withinGeometry(shape)(part));
    try {
      return booleanWithin(location, shape);
    } catch {
      // A pairing turf does not decide (multi-geometries): every position inside.
      return positionsOf(location).every((p) => booleanPointInPolygon(p, shape as Polygon));
    }
  };
}

const EARTH_RADIUS_METERS = 6378100;

/** Great-circle distance between two [lng, lat] positions, in radians. */
export function sphericalRadians(a: Position, b: Position): number {
  return distance(a, b, { units: 'radians' });
}

export const metersFromRadians = (radians: number): number => radians * EARTH_RADIUS_METERS;

/** The test for a $geoWithin operand. */
export function withinShape(operand: unknown): ShapeTest {
  if (!isPlainObject(operand)) return badShape('$geoWithin requires an object');
  const [kind] = Object.keys(operand);
  const value = kind === undefined ? undefined : operand[kind];
  switch (kind) {
    case '$geometry':
      return withinGeometry(geoJsonOf(value) ?? badShape('$geometry must be GeoJSON'));
    case '$box': {
      const [a, b] = pointsOf(value, '$box', 2) as [Position, Position];
      const [minX, maxX] = [Math.min(a[0]!, b[0]!), Math.max(a[0]!, b[0]!)];
      const [minY, maxY] = [Math.min(a[1]!, b[1]!), Math.max(a[1]!, b[1]!)];
      return everyPosition(([x, y]) => x! >= minX && x! <= maxX && y! >= minY && y! <= maxY);
    }
    case '$polygon': {
      const polygon = polygonRing(pointsOf(value, '$polygon', 3));
      return everyPosition((p) => booleanPointInPolygon(p, polygon));
    }
    case '$center':
    case '$centerSphere': {
      const [center, radius] = Array.isArray(value) ? (value as unknown[]) : [];
      const point = legacyPoint(center);
      if (!point || !isNumber(radius) || radius < 0)
        return badShape(`${kind} requires a center point and a non-negative radius`);
      return kind === '$center'
        ? everyPosition(([x, y]) => Math.hypot(x! - point[0]!, y! - point[1]!) <= radius)
        : everyPosition((p) => sphericalRadians(p, point) <= radius);
    }
    default:
      return badShape(`unknown geo specifier: ${String(kind)}`);
  }
}

/**
 * The test for a $geoIntersects operand ({$geometry: GeoJSON}). Both shapes are unwrapped across
 * the antimeridian and compared a turn apart too, so a line from 178 to -178 crosses 180.
 */
export function intersectsShape(operand: unknown): ShapeTest {
  const shape = isPlainObject(operand) ? geoJsonOf(operand.$geometry) : undefined;
  if (!shape) return badShape('$geoIntersects requires a $geometry GeoJSON object');
  const shapes = [0, 360, -360].map((degrees) => shifted(unwrapped(shape), degrees));
  return (location) => {
    const target = unwrapped(location);
    return shapes.some((candidate) => booleanIntersects(target, candidate));
  };
}
