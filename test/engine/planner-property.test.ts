// The planner never changes an answer: random filters (equalities, $in, ranges with one or two
// bounds, $or) and sorts, run through the driver against the same random documents in a
// collection with indexes and in one without, give the same documents (and, sorted, the same
// order of sort keys). One dataset has no arrays on indexed paths (exact plans, no matcher,
// sorts from the index), the other has arrays (multikey indexes, rechecked candidates).
// Seeded, so a failure names its seed and query.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Double, MongoClient, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';
import { pick, seededRandom, type Random } from '../helpers/seeded-random.js';

let dir: string;
let engine: RunningEngine;
let client: MongoClient;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-planner-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);

/** Values across type brackets: numbers of three types, NaN, strings, dates, booleans, null. */
function scalar(random: Random): unknown {
  const n = Math.floor(random() * 8);
  return pick(random, [
    () => n,
    () => new Double(n),
    () => n + 0.5,
    () => -n,
    () => NaN,
    () => `s${n}`,
    () => new Date(BASE + n * DAY),
    () => n % 2 === 0,
    () => null,
  ])();
}

function document(random: Random, id: number, arrays: boolean): Document {
  const doc: Document = {
    _id: id,
    u: 1000 - id,
    b: Math.floor(random() * 5),
    c: `c${Math.floor(random() * 4)}`,
  };
  if (random() < 0.9)
    doc.a = arrays && random() < 0.3 ? [scalar(random), scalar(random)] : scalar(random);
  if (random() < 0.8) {
    doc.d =
      arrays && random() < 0.3
        ? [{ e: scalar(random) }, { e: scalar(random) }]
        : { e: scalar(random) };
  }
  if (arrays)
    doc.tags = Array.from(
      { length: Math.floor(random() * 3) },
      () => `t${Math.floor(random() * 4)}`,
    );
  else doc.tags = `t${Math.floor(random() * 4)}`;
  return doc;
}

const FIELDS = ['a', 'b', 'c', 'd.e', 'tags', 'u'] as const;

function operand(random: Random, field: (typeof FIELDS)[number]): unknown {
  if (field === 'b') return Math.floor(random() * 6) - 0.5 * Math.floor(random() * 2);
  if (field === 'c') return `c${Math.floor(random() * 5)}`;
  if (field === 'tags') return `t${Math.floor(random() * 5)}`;
  if (field === 'u') return 590 + Math.floor(random() * 30);
  return scalar(random);
}

function condition(random: Random, field: (typeof FIELDS)[number]): unknown {
  const kind = Math.floor(random() * 6);
  if (kind === 0) return operand(random, field);
  if (kind === 1) return { $eq: operand(random, field) };
  if (kind === 2) return { $in: [operand(random, field), operand(random, field)] };
  const ops = ['$gt', '$gte', '$lt', '$lte'];
  if (kind === 3) return { [pick(random, ops)]: operand(random, field) };
  // Two bounds: a window, sometimes on values of different brackets.
  const low = operand(random, field);
  const high = random() < 0.8 ? low : operand(random, field);
  const shift = (value: unknown): unknown =>
    typeof value === 'number'
      ? value + 3
      : value instanceof Date
        ? new Date(value.getTime() + 3 * DAY)
        : typeof value === 'string'
          ? `${value}~`
          : value;
  return { [pick(random, ['$gt', '$gte'])]: low, [pick(random, ['$lt', '$lte'])]: shift(high) };
}

function conjunction(random: Random): Document {
  const filter: Document = {};
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const field = pick(random, FIELDS);
    filter[field] = condition(random, field);
  }
  return filter;
}

function filterOf(random: Random): Document {
  const roll = random();
  if (roll < 0.2) return { $or: [conjunction(random), conjunction(random)] };
  if (roll < 0.3)
    return { ...conjunction(random), $or: [conjunction(random), conjunction(random)] };
  return conjunction(random);
}

const SORTS: (Document | undefined)[] = [
  undefined,
  undefined,
  { b: 1 },
  { b: -1 },
  { b: 1, c: -1 },
  { b: -1, c: 1 },
  { c: -1 },
  { a: 1 },
];

const sortValues = (doc: Document, sort: Document): unknown[] =>
  Object.keys(sort).map((field) =>
    field.split('.').reduce<unknown>((value, part) => (value as Document | undefined)?.[part], doc),
  );

const sortKeyOf = (doc: Document, sort: Document): string => JSON.stringify(sortValues(doc, sort));

async function dataset(name: string, arrays: boolean, seed: number) {
  const random = seededRandom(seed);
  const docs = Array.from({ length: 400 }, (_, i) => document(random, i, arrays));
  const db = client.db('planner');
  const plain = db.collection(`${name}_plain`);
  const indexed = db.collection(`${name}_indexed`);
  await plain.insertMany(docs.map((doc) => ({ ...doc })));
  await indexed.createIndexes([
    { key: { a: 1 } },
    { key: { b: 1, c: -1 } },
    { key: { c: 1 } },
    { key: { 'd.e': -1 } },
    { key: { tags: 1 } },
    { key: { b: 1, a: 1 } },
    { key: { u: 1 }, unique: true },
  ]);
  await indexed.insertMany(docs.map((doc) => ({ ...doc })));
  return { plain, indexed };
}

async function compare(
  plain: Collection,
  indexed: Collection,
  seed: number,
  queries: number,
): Promise<{ indexedPlans: number; exactSorts: number }> {
  const random = seededRandom(seed);
  let indexedPlans = 0;
  let exactSorts = 0;
  for (let q = 0; q < queries; q++) {
    const filter = filterOf(random);
    const sort = pick(random, SORTS);
    const limit = sort && random() < 0.5 ? 1 + Math.floor(random() * 10) : 0;
    const label = `seed ${seed} query ${q}: ${JSON.stringify({ filter, sort, limit })}`;
    const run = (collection: Collection) =>
      collection
        .find(filter, sort ? { sort, limit } : {})
        .toArray()
        .then((found) => found);
    const [expected, actual] = await Promise.all([run(plain), run(indexed)]);
    // An array's sort key is one of its elements: compared by documents (below) only.
    const arrays = (found: Document[]) =>
      sort !== undefined && found.some((doc) => sortValues(doc, sort).some(Array.isArray));
    if (sort && !arrays(expected) && !arrays(actual)) {
      expect(
        actual.map((doc) => sortKeyOf(doc, sort)),
        label,
      ).toEqual(expected.map((doc) => sortKeyOf(doc, sort)));
    }
    if (!limit) {
      const ids = (found: Document[]) =>
        found.map((doc) => doc._id as number).sort((x, y) => x - y);
      expect(ids(actual), label).toEqual(ids(expected));
    }
    const plan = (await indexed.find(filter, sort ? { sort } : {}).explain('queryPlanner'))
      .queryPlanner.winningPlan as Document;
    const stages = JSON.stringify(plan);
    if (stages.includes('IXSCAN')) indexedPlans++;
    if (sort && !stages.includes('"SORT"')) exactSorts++;
  }
  return { indexedPlans, exactSorts };
}

describe('the planner gives the answers of a collection scan', () => {
  it('without arrays on indexed paths (exact plans, sorts from the index)', async () => {
    const { plain, indexed } = await dataset('flat', false, 17);
    const { indexedPlans, exactSorts } = await compare(plain, indexed, 1017, 400);
    // The generator reaches the planner's paths, not only collection scans.
    expect(indexedPlans).toBeGreaterThan(200);
    expect(exactSorts).toBeGreaterThan(20);
  });

  it('with arrays on indexed paths (multikey indexes)', async () => {
    const { plain, indexed } = await dataset('mixed', true, 29);
    const { indexedPlans } = await compare(plain, indexed, 2029, 400);
    expect(indexedPlans).toBeGreaterThan(200);
  });
});
