// Lines and rings that cross the antimeridian: on the sphere, an edge from 178 to -178 degrees
// spans 4 degrees across 180; on turf's plane it would span 356 the other way. Unwrapping makes
// each step go the short way (longitudes may then pass 180), and comparing shapes also a turn
// (360 degrees) apart finds the crossings either side.
import type { Geometry, Position } from 'geojson';

/** A run of positions made continuous across the antimeridian (each step the short way). */
function unwrapRun(run: Position[]): Position[] {
  let offset = 0;
  return run.map((position, i) => {
    const previous = run[i - 1];
    if (previous) {
      const step = position[0]! - previous[0]!;
      if (step > 180) offset -= 360;
      else if (step < -180) offset += 360;
    }
    return [position[0]! + offset, position[1]!];
  });
}

/** A geometry whose lines and rings cross the antimeridian the short way, as on the sphere. */
export function unwrapped(geometry: Geometry): Geometry {
  const runs = (c: unknown, depth: number): unknown =>
    depth === 0 ? unwrapRun(c as Position[]) : (c as unknown[]).map((x) => runs(x, depth - 1));
  switch (geometry.type) {
    case 'LineString':
      return { ...geometry, coordinates: runs(geometry.coordinates, 0) as Position[] };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: runs(geometry.coordinates, 1) as Position[][] };
    case 'MultiPolygon':
      return { ...geometry, coordinates: runs(geometry.coordinates, 2) as Position[][][] };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map(unwrapped) };
    default:
      return geometry;
  }
}

/** The geometry moved east by `degrees` of longitude. */
export function shifted(geometry: Geometry, degrees: number): Geometry {
  const shift = (c: unknown): unknown =>
    Array.isArray(c) && typeof c[0] === 'number'
      ? [(c[0] as number) + degrees, ...c.slice(1)]
      : (c as unknown[]).map(shift);
  if (geometry.type === 'GeometryCollection')
    return { ...geometry, geometries: geometry.geometries.map((g) => shifted(g, degrees)) };
  return { ...geometry, coordinates: shift(geometry.coordinates) } as Geometry;
}
