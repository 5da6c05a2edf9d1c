// What the planner chooses, as explain shows it, on the engine and (CAREER_TEST_BACKEND=
// mongodb-memory-server) on a real mongod: the assertions are mongod's shapes, so the same
// file checks both. A range seeks after the equality prefix, each $or branch has its own
// index, a sort the index gives needs no SORT stage and a limit stops the scan.
import { MongoClient, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';

let database: IsolatedDatabase;
let client: MongoClient;
let items: Collection;
let applications: Collection;

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);
const day = (n: number): Date => new Date(BASE + n * DAY);

beforeAll(async () => {
  database = await isolatedDatabase();
  client = await MongoClient.connect(database.uri);
  const db = client.db('planner-explain');
  items = db.collection('items');
  await items.insertMany(
    Array.from({ length: 60 }, (_, i) => ({
      _id: i as never,
      userId: i % 3,
      n: i,
      s: `s${String(i).padStart(2, '0')}`,
      at: day(i),
      other: i % 2 === 0 ? 'even' : 'odd',
    })),
  );
  await items.createIndex({ userId: 1, at: 1 });
  await items.createIndex({ userId: 1, n: -1 });
  await items.createIndex({ s: 1 });
  await items.createIndex({ other: 1, s: 1 });
  applications = db.collection('applications');
  await applications.insertMany(
    Array.from({ length: 30 }, (_, i) => ({
      userId: i % 2,
      interviews: [{ date: day(i) }, { date: day(i + 40) }],
    })),
  );
  await applications.createIndex({ userId: 1, 'interviews.date': 1 });
});

afterAll(async () => {
  await client.close();
  await database.close();
});

/** The plan's tree (mongod's SBE explain nests it under queryPlan). */
function planOf(explained: Document): Document {
  const winning = explained.queryPlanner.winningPlan as Document;
  return (winning.queryPlan as Document | undefined) ?? winning;
}

function stagesOf(plan: Document): Document[] {
  const children = [
    ...(plan.inputStage ? [plan.inputStage as Document] : []),
    ...((plan.inputStages as Document[] | undefined) ?? []),
  ];
  return [plan, ...children.flatMap(stagesOf)];
}

const named = (plan: Document, stage: string): Document[] =>
  stagesOf(plan).filter((s) => s.stage === stage);

describe('the planner, as explain shows it', () => {
  it('seeks a range on the field after the equality prefix', async () => {
    const filter = { userId: 1, at: { $gte: day(10), $lt: day(31) } };
    const explained = await items.find(filter).explain('executionStats');
    const [scan] = named(planOf(explained), 'IXSCAN');
    expect(scan?.indexName).toBe('userId_1_at_1');
    expect(scan?.indexBounds).toEqual({
      userId: ['[1, 1]'],
      at: [`[new Date(${day(10).getTime()}), new Date(${day(31).getTime()}))`],
    });
    // The bounds answer the filter: FETCH has nothing left to check.
    expect(named(planOf(explained), 'FETCH')[0]?.filter).toBeUndefined();
    const stats = explained.executionStats as Document;
    expect(stats.nReturned).toBe(7);
    expect(stats.totalDocsExamined).toBe(7);
    const found = await items.find(filter).toArray();
    expect(found.map((doc) => doc.n)).toEqual([10, 13, 16, 19, 22, 25, 28]);
  });

  it('keeps the rest of the filter for FETCH when the bounds do not answer it', async () => {
    const explained = await items.find({ userId: 2, other: 'odd', n: { $lt: 30 } }).explain();
    const plan = planOf(explained);
    expect(named(plan, 'IXSCAN')).toHaveLength(1);
    expect(named(plan, 'FETCH')[0]?.filter).toBeDefined();
  });

  it('prints type-bracketed bounds for one-sided ranges', async () => {
    const strings = planOf(await items.find({ s: { $gt: 's50' } }).explain());
    expect(named(strings, 'IXSCAN')[0]?.indexBounds).toEqual({ s: ['("s50", {})'] });
    const numbers = planOf(await items.find({ userId: 0, n: { $gt: 40 } }).explain());
    // n is descending in the index: its interval reads from the top.
    expect(named(numbers, 'IXSCAN')[0]?.indexBounds).toEqual({
      userId: ['[0, 0]'],
      n: ['[inf.0, 40)'],
    });
    expect(await items.countDocuments({ userId: 0, n: { $gt: 40 } })).toBe(6);
  });

  it('uses one bound of a range on a multikey field', async () => {
    const filter = { userId: 1, 'interviews.date': { $gte: day(20), $lte: day(25) } };
    const [scan] = named(planOf(await applications.find(filter).explain()), 'IXSCAN');
    expect(scan?.indexName).toBe('userId_1_interviews.date_1');
    expect(scan?.isMultiKey).toBe(true);
    // An application with interviews on days 5 and 45 matches (each bound by another
    // interview), so the two bounds cannot be intersected.
    expect((scan?.indexBounds as Document)['interviews.date']).toHaveLength(1);
    expect((scan?.indexBounds as Document)['interviews.date'][0]).not.toBe(
      `[new Date(${day(20).getTime()}), new Date(${day(25).getTime()})]`,
    );
    // Each bound may be met by another interview: every second interview (day i + 40) is
    // after day 20, so every application of user 1 with a first interview by day 25 matches.
    const found = await applications.find(filter).toArray();
    expect(found).toHaveLength(13);
  });

  it('serves each $or branch from its own index and returns each document once', async () => {
    const filter = { $or: [{ s: { $lt: 's05' } }, { userId: 0, at: { $lt: day(9) } }] };
    const plan = planOf(await items.find(filter).explain());
    const or = named(plan, 'OR')[0];
    expect(or).toBeDefined();
    expect(named(plan, 'COLLSCAN')).toHaveLength(0);
    expect(named(plan, 'IXSCAN').map((scan) => scan.indexName)).toEqual(['s_1', 'userId_1_at_1']);
    const found = await items.find(filter).toArray();
    // s00..s04 and userId 0 on days 0, 3, 6 (0 and 3 in both branches).
    expect(found.map((doc) => doc.n).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 6]);
  });

  it('lets the index give a sort, forward or backward, and a limit stop the scan', async () => {
    const descending = await items
      .find({ userId: 2 })
      .sort({ n: -1 })
      .limit(3)
      .explain('executionStats');
    let plan = planOf(descending);
    expect(named(plan, 'SORT')).toHaveLength(0);
    expect(named(plan, 'IXSCAN')[0]).toMatchObject({ indexName: 'userId_1_n_-1' });
    expect(named(plan, 'IXSCAN')[0]?.direction).toBe('forward');
    expect((descending.executionStats as Document).totalDocsExamined).toBe(3);

    const ascending = await items.find({ userId: 2 }).sort({ n: 1 }).limit(3).explain();
    plan = planOf(ascending);
    expect(named(plan, 'SORT')).toHaveLength(0);
    expect(named(plan, 'IXSCAN')[0]?.direction).toBe('backward');
    const found = await items.find({ userId: 2 }).sort({ n: 1 }).limit(3).toArray();
    expect(found.map((doc) => doc.n)).toEqual([2, 5, 8]);

    // Equality on the leading field, sort on the next: {other, s}.
    const next = planOf(await items.find({ other: 'even' }).sort({ s: -1 }).explain());
    expect(named(next, 'SORT')).toHaveLength(0);
    const evens = await items.find({ other: 'even' }).sort({ s: -1 }).limit(2).toArray();
    expect(evens.map((doc) => doc.n)).toEqual([58, 56]);
  });

  it('sorts in memory when no index gives the order', async () => {
    const plan = planOf(await items.find({ userId: 1 }).sort({ other: 1 }).explain());
    expect(named(plan, 'SORT')).toHaveLength(1);
  });
});
