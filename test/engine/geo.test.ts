// Geospatial queries through the official driver: 2d/2dsphere indexes, $geoWithin with each
// shape, $geoIntersects, $near/$nearSphere (nearest first, bounded, an index required) and the
// $geoNear stage.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, type Collection, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';
import { serverFailure } from '../helpers/driver.js';

/** Test documents: numbered ids, any fields. */
type Row = { _id?: number; [field: string]: unknown };

let dir: string;
let engine: RunningEngine;
let client: MongoClient;
let db: Db;
let places: Collection<Row>;
let pairs: Collection<Row>;

const point = (lng: number, lat: number): Document => ({ type: 'Point', coordinates: [lng, lat] });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-geo-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
  db = client.db('geo');
  places = db.collection<Row>('places');
  // Paris, Lyon, Marseille, London; a line from Paris to Lyon.
  await places.insertMany([
    { _id: 1, loc: point(2.35, 48.86) },
    { _id: 2, loc: point(4.84, 45.76) },
    { _id: 3, loc: point(5.37, 43.3) },
    { _id: 4, loc: point(-0.13, 51.51) },
    {
      _id: 5,
      loc: {
        type: 'LineString',
        coordinates: [
          [2.35, 48.86],
          [4.84, 45.76],
        ],
      },
    },
  ]);
  await places.createIndex({ loc: '2dsphere' });
  pairs = db.collection<Row>('pairs');
  await pairs.insertMany([
    { _id: 1, loc: [0, 0] },
    { _id: 2, loc: [3, 4] },
    { _id: 3, loc: [10, 10] },
    { _id: 4, loc: { x: 1, y: 1 } },
  ]);
  await pairs.createIndex({ loc: '2d' });
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = async (collection: Collection<Row>, filter: Document): Promise<number[]> =>
  (await collection.find(filter).toArray()).map((doc) => Number(doc._id));

const france = {
  type: 'Polygon',
  coordinates: [
    [
      [-5, 42],
      [8, 42],
      [8, 51],
      [-5, 51],
      [-5, 42],
    ],
  ],
};

describe('geospatial indexes and queries', () => {
  it('lists 2d and 2dsphere indexes as created', async () => {
    const keys = (await places.listIndexes().toArray()).map((index) => index.key as Document);
    expect(keys).toContainEqual({ loc: '2dsphere' });
    expect((await pairs.listIndexes().toArray()).map((index) => index.name)).toContain('loc_2d');
  });

  it('finds what lies within a GeoJSON polygon, and what intersects a shape', async () => {
    expect(await ids(places, { loc: { $geoWithin: { $geometry: france } } })).toEqual([1, 2, 3, 5]);
    const line = {
      type: 'LineString',
      coordinates: [
        [3, 50],
        [3, 40],
      ],
    };
    expect(await ids(places, { loc: { $geoIntersects: { $geometry: line } } })).toEqual([5]);
    expect(await ids(places, { loc: { $geoIntersects: { $geometry: france } } })).toEqual([
      1, 2, 3, 5,
    ]);
  });

  it('sees a line from 178 to -178 degrees cross the antimeridian, as on the sphere', async () => {
    const dateLine = db.collection<Row>('dateLine');
    const across = [
      [-178, 10],
      [178, 10],
    ];
    await dateLine.insertOne({ _id: 1, line: { type: 'LineString', coordinates: across } });
    const meridian = {
      type: 'LineString',
      coordinates: [
        [180, 11],
        [180, 9],
      ],
    };
    const zero = {
      type: 'LineString',
      coordinates: [
        [0, 11],
        [0, 9],
      ],
    };
    expect(await ids(dateLine, { line: { $geoIntersects: { $geometry: meridian } } })).toEqual([1]);
    expect(await ids(dateLine, { line: { $geoIntersects: { $geometry: zero } } })).toEqual([]);
  });

  it('knows the legacy shapes: $box, $polygon, $center and $centerSphere', async () => {
    expect(
      await ids(pairs, {
        loc: {
          $geoWithin: {
            $box: [
              [-1, -1],
              [4, 5],
            ],
          },
        },
      }),
    ).toEqual([1, 2, 4]);
    const triangle = [
      [-1, -1],
      [5, -1],
      [-1, 5],
    ];
    expect(await ids(pairs, { loc: { $within: { $polygon: triangle } } })).toEqual([1, 4]);
    expect(await ids(pairs, { loc: { $geoWithin: { $center: [[0, 0], 5] } } })).toEqual([1, 2, 4]);
    // 500 km around Paris, in radians of the Earth's radius.
    const nearParis = { $centerSphere: [[2.35, 48.86], 500 / 6378.1] };
    expect(await ids(places, { loc: { $geoWithin: nearParis } })).toEqual([1, 2, 4, 5]);
  });

  it('returns the nearest first with $near and $nearSphere, within the bounds', async () => {
    const fromMarseille = { $geometry: point(5.37, 43.3), $maxDistance: 700_000 };
    expect(await ids(places, { loc: { $near: fromMarseille } })).toEqual([3, 2, 5, 1]);
    const ring = { $geometry: point(5.37, 43.3), $minDistance: 1000, $maxDistance: 300_000 };
    expect(await ids(places, { loc: { $nearSphere: ring } })).toEqual([2, 5]);
    expect(await ids(places, { loc: { $near: point(-0.13, 51.51) } })).toEqual([4, 1, 5, 2, 3]);
    expect(await ids(pairs, { loc: { $near: [9, 9], $maxDistance: 12 } })).toEqual([3, 2, 4]);
    expect(await ids(pairs, { loc: { $nearSphere: [0, 0] } })).toEqual([1, 4, 2, 3]);
  });

  it('refuses $near without a geospatial index, as MongoDB does', async () => {
    await db.collection('bare').insertOne({ loc: [1, 2] });
    const error = await serverFailure(
      db
        .collection('bare')
        .find({ loc: { $near: [0, 0] } })
        .toArray(),
    );
    expect(error.code).toBe(291);
  });

  it('runs $geoNear with its distance field, query and multiplier', async () => {
    const results = await places
      .aggregate([
        {
          $geoNear: {
            near: point(5.37, 43.3),
            distanceField: 'dist.calculated',
            spherical: true,
            maxDistance: 300_000,
            query: { _id: { $ne: 3 } },
            includeLocs: 'dist.location',
            distanceMultiplier: 0.001,
          },
        },
      ])
      .toArray();
    expect(results.map((doc) => doc._id)).toEqual([2, 5]);
    const dist = results[0]?.dist as Document;
    expect(dist.calculated).toBeGreaterThan(270);
    expect(dist.calculated).toBeLessThan(280);
    expect(dist.location).toEqual(point(4.84, 45.76));
  });
});
