// The archive's queries (issue 15) in process, against the embedded engine: which records a
// bulk archive finds by age (the last status change, else the last update), that it archives
// only the signed-in user's, and that adding "not archived" keeps each list query on the
// index it used before (explain's winning plan).
import { Types, type Model } from 'mongoose';
import { describe, expect, it, vi } from 'vitest';
import type { UserRepositories } from '../../src/repositories/index.js';
import { useIsolatedRepositories } from '../helpers/suites.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const repositories = useIsolatedRepositories();
const DAY = 24 * 3600 * 1000;
const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

function modelOf(data: UserRepositories, kind: 'applications' | 'connections' = 'applications') {
  return (data[kind] as unknown as { model: Model<unknown> }).model;
}

/** Stores an application as an old import would have, timestamps and history as given. */
async function stored(
  data: UserRepositories,
  userId: Types.ObjectId,
  fields: Record<string, unknown>,
): Promise<Types.ObjectId> {
  const _id = new Types.ObjectId();
  await modelOf(data).collection.insertOne({
    _id,
    userId,
    jobId: new Types.ObjectId(),
    status: 'rejected',
    interviews: [],
    statusHistory: [],
    createdAt: daysAgo(400),
    updatedAt: daysAgo(400),
    ...fields,
  });
  return _id;
}

/** The index names in a winning plan, outermost first. */
function indexesOf(plan: Record<string, unknown> | undefined): string[] {
  if (!plan) return [];
  const own = typeof plan.indexName === 'string' ? [plan.indexName] : [];
  const inputs = [plan.inputStage, ...((plan.inputStages as unknown[] | undefined) ?? [])];
  return [...own, ...inputs.flatMap((input) => indexesOf(input as Record<string, unknown>))];
}

async function planned(
  data: UserRepositories,
  kind: 'applications' | 'connections',
  filter: Record<string, unknown>,
  sort: Record<string, 1 | -1>,
): Promise<string[]> {
  const found = modelOf(data, kind).collection.find(filter).sort(sort);
  const explained = (await found.explain()) as {
    queryPlanner: { winningPlan: Record<string, unknown> };
  };
  return indexesOf(explained.queryPlanner.winningPlan);
}

describe('bulk archive by age', () => {
  it('reads the last status change, else the last update; never another user', async () => {
    const aliceId = new Types.ObjectId();
    const bobId = new Types.ObjectId();
    const alice = repositories().forUser(aliceId);
    const bob = repositories().forUser(bobId);
    const rejectedLongAgo = [{ status: 'rejected', at: daysAgo(200) }];
    const ids = {
      // Rejected long ago, a note added last week: the status is what ages.
      notedSince: await stored(alice, aliceId, {
        statusHistory: rejectedLongAgo,
        updatedAt: daysAgo(7),
      }),
      // Added today, rejected long ago (a status change dated when it happened).
      backdated: await stored(alice, aliceId, {
        statusHistory: [{ status: 'applied', at: NOW }, ...rejectedLongAgo],
        updatedAt: NOW,
      }),
      // Rejected last week.
      recent: await stored(alice, aliceId, {
        statusHistory: [...rejectedLongAgo, { status: 'rejected', at: daysAgo(7) }],
        updatedAt: daysAgo(7),
      }),
      // No history (an old import): its last update counts.
      oldImport: await stored(alice, aliceId, {}),
      newImport: await stored(alice, aliceId, { updatedAt: daysAgo(3) }),
      // Offered long ago: not a status asked for.
      offer: await stored(alice, aliceId, { status: 'offer' }),
      bobs: await stored(bob, bobId, { statusHistory: rejectedLongAgo }),
    };
    const hex = (list: ReadonlyArray<{ _id: Types.ObjectId } | Types.ObjectId>) =>
      list.map((each) => ('_id' in each ? each._id : each).toHexString()).sort();
    const expected = [ids.notedSince, ids.backdated, ids.oldImport]
      .map((id) => id.toHexString())
      .sort();

    expect(hex(await alice.applications.findStale(['rejected'], daysAgo(90)))).toEqual(expected);
    const archived = await alice.applications.archiveStale(['rejected'], daysAgo(90), NOW);
    expect(hex(archived)).toEqual(expected);
    // Once archived, never again.
    expect(await alice.applications.archiveStale(['rejected'], daysAgo(90), NOW)).toEqual([]);
    expect(await bob.applications.countArchived()).toBe(0);
    expect(await alice.applications.countArchived()).toBe(3);
    // Bob's own bulk archive finds his only.
    expect(hex(await bob.applications.archiveStale(['rejected'], daysAgo(90), NOW))).toEqual([
      ids.bobs.toHexString(),
    ]);
    expect(await alice.applications.countArchived()).toBe(3);
  });
});

describe('"not archived" keeps the list queries on their indexes', () => {
  type Kind = 'applications' | 'connections';
  const due = { followUps: { $elemMatch: { completed: { $ne: true }, dueDate: { $lte: NOW } } } };
  const cases: Array<[string, Kind, Record<string, unknown>, Record<string, 1 | -1>]> = [
    ['apply list', 'applications', {}, { updatedAt: -1, _id: -1 }],
    ['apply list --status', 'applications', { status: 'applied' }, { updatedAt: -1, _id: -1 }],
    [
      'apply list --since',
      'applications',
      { applicationDate: { $gte: daysAgo(30) } },
      { applicationDate: -1 },
    ],
    [
      'agenda interviews',
      'applications',
      { interviews: { $elemMatch: { date: { $gte: NOW } } } },
      { _id: 1 },
    ],
    ['connect list', 'connections', {}, { createdAt: -1, _id: -1 }],
    ['connect list --status', 'connections', { status: 'pending' }, { createdAt: -1, _id: -1 }],
    ['agenda follow-ups', 'connections', due, { _id: 1 }],
  ];
  for (const [name, kind, conditions, sort] of cases) {
    it(name, async () => {
      const userId = new Types.ObjectId();
      const data = repositories().forUser(userId);
      for (let i = 0; i < 50; i++) {
        const archivedAt = i % 3 ? {} : { archivedAt: NOW };
        if (kind === 'applications') {
          await stored(data, userId, { status: i % 2 ? 'applied' : 'rejected', ...archivedAt });
          continue;
        }
        await modelOf(data, kind).collection.insertOne({
          userId,
          contactId: new Types.ObjectId(),
          status: i % 2 ? 'pending' : 'accepted',
          type: 'peer',
          followUps: [{ _id: new Types.ObjectId(), type: 'call', dueDate: daysAgo(i) }],
          createdAt: daysAgo(i),
          updatedAt: daysAgo(i),
          ...archivedAt,
        });
      }
      const before = await planned(data, kind, { ...conditions, userId }, sort);
      const after = await planned(data, kind, { ...conditions, userId, archivedAt: null }, sort);
      expect(before.length).toBeGreaterThan(0);
      expect(after).toEqual(before);
    });
  }
});
