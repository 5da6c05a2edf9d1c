// `career profile show|update|delete` end to end, in this process (test/helpers/in-process.ts);
// delete is checked on a database shared with another user, whose data must survive.
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProfileDeleteJson } from '../../src/commands/profile/delete.js';
import type { ProfileShowJson } from '../../src/commands/profile/show.js';
import type { ProfileUpdateJson } from '../../src/commands/profile/update.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let server: IsolatedDatabase;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  server = await isolatedDatabase({ transport: 'tcp' });
  client = await MongoClient.connect(server.uri);
  db = client.db('career');
});

afterAll(async () => {
  await client.close();
  await server.close();
  removeTempDirs();
});

/** Every collection that holds a user's records, keyed by userId. */
const OWNED_COLLECTIONS = [
  'jobs',
  'applications',
  'contacts',
  'connections',
  'developmentactivities',
  'conversations',
  'reminders',
  'sessions',
];

async function userIdOf(account: TestAccount): Promise<ObjectId> {
  const user = await db.collection('users').findOne({ email: account.email });
  if (!user) throw new Error(`no user ${account.email}`);
  return user._id;
}

/** Records for every collection, written directly (the test is about deleting them). */
async function seedRecords(userId: ObjectId): Promise<void> {
  for (const name of OWNED_COLLECTIONS.filter((collection) => collection !== 'sessions')) {
    // Fresh references, so unique indexes such as (userId, contactId) never clash.
    await db.collection(name).insertMany(
      [1, 2].map((n) => ({
        userId,
        jobId: new ObjectId(),
        contactId: new ObjectId(),
        note: `${name} ${n}`,
        // reminders are unique by (userId, key).
        key: `${name} ${n}`,
      })),
    );
  }
}

async function countsFor(userId: ObjectId): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of [...OWNED_COLLECTIONS, 'users']) {
    counts[name] = await db
      .collection(name)
      .countDocuments(name === 'users' ? { _id: userId } : { userId });
  }
  return counts;
}

/** Runs each argv in turn (in-process runs take turns anyway). */
async function runEach<const T extends ReadonlyArray<readonly string[]>>(
  account: TestAccount,
  argvs: T,
): Promise<{ [K in keyof T]: InProcessResult }> {
  const results: InProcessResult[] = [];
  for (const argv of argvs) results.push(await account.run([...argv]));
  return results as { [K in keyof T]: InProcessResult };
}

describe('career profile', () => {
  it('shows and updates the profile, validating every flag first', async () => {
    const account = await signedInAccount('Katherine Johnson', { dbUri: server.uri });
    const update = await account.run([
      '--json',
      'profile',
      'update',
      '--title',
      'Analyst',
      '--goal',
      'skill-development',
      '--skills',
      'math, fortran',
      '--no-email-updates',
    ]);
    expect(update.code, update.stderr).toBe(0);
    expect(JSON.parse(update.stdout) as ProfileUpdateJson).toMatchObject({
      currentTitle: 'Analyst',
      goalType: 'skill-development',
      skills: ['math', 'fortran'],
      preferences: { notifications: true, emailUpdates: false },
    });

    const [badGoal, badNetworking, nothing, takenEmail, both] = await runEach(account, [
      ['profile', 'update', '--goal', 'retire', '--title', 'Never'],
      ['profile', 'update', '--networking', 'extreme'],
      ['profile', 'update'],
      ['profile', 'update', '--email', 'Taken@example.com'],
      ['profile', 'update', '--skills', 'a', '--add-skills', 'b'],
    ]);
    expect(badGoal.code).toBe(2);
    expect(badGoal.stderr).toContain("--goal: 'retire' is not allowed");
    expect(badGoal.stderr).toContain('new-job, promotion, skill-development');
    expect(badNetworking.code).toBe(2);
    expect(badNetworking.stderr).toContain('low, moderate, high');
    expect(nothing.code).toBe(2);
    expect(both.code).toBe(2);
    // No account uses that email yet, so the change works and is stored lowercased.
    expect(takenEmail.code, takenEmail.stderr).toBe(0);

    const other = await signedInAccount('Dorothy Vaughan', { dbUri: server.uri });
    const clash = await other.run(['profile', 'update', '--email', 'TAKEN@example.com']);
    expect(clash.code).toBe(5);

    const skills = await account.run([
      '--json',
      'profile',
      'update',
      '--add-skills',
      'orbital mechanics,math',
      '--remove-skills',
      'fortran',
    ]);
    expect(skills.code, skills.stderr).toBe(0);
    expect(JSON.parse(skills.stdout) as ProfileUpdateJson).toMatchObject({
      skills: ['math', 'orbital mechanics'],
    });

    const [json, table] = await runEach(account, [
      ['--json', 'profile', 'show'],
      ['profile', 'show'],
    ]);
    const shown = JSON.parse(json.stdout) as ProfileShowJson;
    expect(shown).toMatchObject({
      name: 'Katherine Johnson',
      email: 'taken@example.com',
      currentTitle: 'Analyst',
      skills: ['math', 'orbital mechanics'],
    });
    expect(shown).not.toHaveProperty('password');
    expect(shown).not.toHaveProperty('security');
    expect(shown._id).toMatch(/^[0-9a-f]{24}$/);
    expect(table.stdout).toMatch(/Title:\s+Analyst/);
    expect(table.stdout).toMatch(/Email updates:\s+off/);
  });

  it('deletes every record of the user and nothing of anyone else', async () => {
    const leaving = await signedInAccount('Leaving', { dbUri: server.uri });
    const staying = await signedInAccount('Staying', { dbUri: server.uri });
    const leavingId = await userIdOf(leaving);
    const stayingId = await userIdOf(staying);
    await seedRecords(leavingId);
    await seedRecords(stayingId);
    const stayingBefore = await countsFor(stayingId);

    const refused = await leaving.run(['profile', 'delete']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect((await countsFor(leavingId)).users).toBe(1);

    const deleted = await leaving.run(['--json', 'profile', 'delete', '--yes']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(JSON.parse(deleted.stdout) as ProfileDeleteJson).toMatchObject({
      deleted: true,
      jobs: 2,
      applications: 2,
      contacts: 2,
      connections: 2,
      activities: 2,
      conversations: 2,
      reminders: 2,
      sessions: 1,
      // The engine is a replica set member: the deletion is one transaction (a standalone
      // mongod, the other test backend, has none).
      transaction: server.backend === 'engine',
    });
    expect(Object.values(await countsFor(leavingId)).every((count) => count === 0)).toBe(true);
    expect(await countsFor(stayingId)).toEqual(stayingBefore);

    const gone = await leaving.run(['auth', 'whoami']);
    const stillHere = await staying.run(['auth', 'whoami']);
    expect(gone.code).toBe(6);
    expect(stillHere.code).toBe(0);
  });
});
