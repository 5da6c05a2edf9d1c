// The reminder rules against real repositories on an isolated database: the due items and
// their keys, two overlapping runs on two connections (one gives each item), pruning of old
// reminders (those still due are kept), and two users kept apart.
import { MongoClient, ObjectId } from 'mongodb';
import { describe, expect, it, vi } from 'vitest';
import type { Repositories, UserProfile } from '../../src/repositories/index.js';
import {
  dueReminders,
  REMINDER_MEMORY_DAYS,
  reminderKey,
  takeReminders,
} from '../../src/services/remind-service.js';
import { buildAgenda } from '../../src/services/agenda-service.js';
import { withWorkspace } from '../../src/services/workspace.js';
import { awayFromMidnight } from '../helpers/agenda-dataset.js';
import { DAY, seedOneFollowUp, seedReminders } from '../helpers/remind-dataset.js';
import { useIsolatedDatabase } from '../helpers/suites.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const database = useIsolatedDatabase('career-remind-svc-');
let counter = 0;

function makeUser(repositories: Repositories, name: string): Promise<UserProfile> {
  return repositories.users.create({
    name,
    email: `${name.toLowerCase()}${++counter}-${process.pid}@example.com`,
    passwordHash: 'not-a-real-hash',
  });
}

/** Two workspaces on the same database: two connections, as two cron runs would have. */
function withTwoConnections(
  work: (first: Repositories, second: Repositories) => Promise<void>,
): Promise<void> {
  const options = { dbUri: database().uri };
  return withWorkspace(options, (one) =>
    withWorkspace(options, (two) => work(one.repositories, two.repositories)),
  );
}

async function reminderRows(userId: ObjectId) {
  const client = new MongoClient(database().uri);
  try {
    return await client
      .db('career')
      .collection<{ key: string; remindedAt: Date }>('reminders')
      .find({ userId })
      .toArray();
  } finally {
    await client.close();
  }
}

describe('remind service', () => {
  it('finds the due items of each kind, keyed by kind, id and due time; stalled ones are not reminders', async () => {
    await withTwoConnections(async (repositories) => {
      const user = await makeUser(repositories, 'Ada');
      await awayFromMidnight();
      const now = new Date();
      const ids = await seedReminders(database().uri, user._id.toHexString(), now);
      const due = await dueReminders(repositories.forUser(user._id), now);
      expect(due.map((item) => [item.kind, item.id])).toEqual(
        expect.arrayContaining([
          ['follow-up', ids.email],
          ['interview', ids.technical],
          ['offer', ids.offerToday],
          ['keep-in-touch', ids.keepInTouch],
          ['learning', ids.lateCourse],
        ]),
      );
      expect(due).toHaveLength(5);
      // The agenda has the stalled application; reminders leave it out.
      const agenda = await buildAgenda(repositories.forUser(user._id), {
        days: 0,
        stalledAfterDays: 14,
        now,
      });
      expect(agenda.items.filter((item) => item.kind === 'stalled')).toHaveLength(1);
      for (const item of due) expect(item.key).toBe(reminderKey(item));
      expect(due[0]?.key).toMatch(/^keep-in-touch:[0-9a-f]{24}:\d{4}-\d\d-\d\dT/);
      // Most urgent first, as the agenda orders them.
      const dues = due.map((item) => item.due.getTime());
      expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    });
  });

  it('two overlapping runs give each item once between them', async () => {
    await withTwoConnections(async (first, second) => {
      const user = await makeUser(first, 'Ada');
      const other = await makeUser(first, 'Bob');
      const now = new Date();
      await seedReminders(database().uri, user._id.toHexString(), now);
      await seedOneFollowUp(database().uri, other._id.toHexString(), now);
      const [a, b] = await Promise.all([
        takeReminders(first.forUser(user._id), user, { now }),
        takeReminders(second.forUser(user._id), user, { now }),
      ]);
      const given = [...a.items, ...b.items].map((item) => item.key);
      expect(new Set(given).size).toBe(given.length);
      expect(given).toHaveLength(5);
      expect((await reminderRows(user._id)).map((row) => row.key).sort()).toEqual(given.sort());

      // Claims racing on the same keys from both connections: each key won exactly once.
      const claims = Array.from({ length: 40 }, (_, n) => ({
        key: `follow-up:${new ObjectId().toHexString()}:${n}`,
        kind: 'follow-up' as const,
        due: now,
      }));
      const [left, right] = await Promise.all([
        first.forUser(user._id).reminders.claim(claims, now),
        second.forUser(user._id).reminders.claim([...claims].reverse(), now),
      ]);
      expect(left.size + right.size).toBe(claims.length);
      expect([...left].filter((key) => right.has(key))).toEqual([]);

      // The other user was not touched, and gets their own.
      expect(await reminderRows(other._id)).toEqual([]);
      const bobs = await takeReminders(first.forUser(other._id), other, { now });
      expect(bobs.items.map((item) => item.kind)).toEqual(['follow-up']);
    });
  });

  it('forgets reminders older than the memory, except those of items still due, and only its user’s', async () => {
    await withTwoConnections(async (repositories) => {
      const user = await makeUser(repositories, 'Ada');
      const other = await makeUser(repositories, 'Bob');
      const now = new Date();
      await seedOneFollowUp(database().uri, user._id.toHexString(), now);
      const data = repositories.forUser(user._id);
      const [item] = (await takeReminders(data, user, { now })).items;
      if (!item) throw new Error('no reminder');
      const old = new Date(now.getTime() - (REMINDER_MEMORY_DAYS + 1) * DAY);
      const recent = new Date(now.getTime() - (REMINDER_MEMORY_DAYS - 1) * DAY);
      const client = new MongoClient(database().uri);
      try {
        const reminders = client.db('career').collection('reminders');
        // The still-due item was reminded of long ago.
        await reminders.updateOne(
          { userId: user._id, key: item.key },
          { $set: { remindedAt: old } },
        );
        await reminders.insertMany([
          {
            userId: user._id,
            key: 'follow-up:stale:old',
            kind: 'follow-up',
            due: old,
            remindedAt: old,
          },
          {
            userId: user._id,
            key: 'follow-up:recent:x',
            kind: 'follow-up',
            due: recent,
            remindedAt: recent,
          },
          {
            userId: other._id,
            key: 'follow-up:bobs:old',
            kind: 'follow-up',
            due: old,
            remindedAt: old,
          },
        ]);
      } finally {
        await client.close();
      }
      const run = await takeReminders(data, user, { now });
      expect(run).toMatchObject({ items: [], pruned: 1, alreadyReminded: 1 });
      expect((await reminderRows(user._id)).map((row) => row.key).sort()).toEqual(
        [item.key, 'follow-up:recent:x'].sort(),
      );
      expect((await reminderRows(other._id)).map((row) => row.key)).toEqual(['follow-up:bobs:old']);
    });
  });

  it('a dry run stores nothing; notifications off gives nothing', async () => {
    await withTwoConnections(async (repositories) => {
      const user = await makeUser(repositories, 'Ada');
      const now = new Date();
      await seedOneFollowUp(database().uri, user._id.toHexString(), now);
      const data = repositories.forUser(user._id);
      const dry = await takeReminders(data, user, { now, dryRun: true });
      expect(dry.items).toHaveLength(1);
      expect(await reminderRows(user._id)).toEqual([]);
      const off = { ...user, preferences: { notifications: false, emailUpdates: true } };
      expect(await takeReminders(data, off, { now })).toMatchObject({
        items: [],
        skipped: 'notifications-off',
      });
      expect(await reminderRows(user._id)).toEqual([]);
    });
  });
});
