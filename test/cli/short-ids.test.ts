// Ids that always work (issue 12, bullet 4): a printed id is a prefix no other record of
// that kind of the user's shares, whether or not the other record is on the page, at least
// 8 characters, and never lengthened by another user's records.
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobListJson } from '../../src/commands/job/list.js';
import { idLengthsByRange } from '../../src/repositories/ids.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { inProcessAccount, type InProcessAccount } from '../helpers/in-process.js';
import { jsonOutput } from '../helpers/json-output.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

// Two of Ada's jobs share their first 10 characters; Eve's shares 14 with the first.
const FIRST = '6b0f150dab0000000000000a';
const SECOND = '6b0f150dabf00000000000b0';
const EVES = '6b0f150dab0000f0000000c0';

let server: IsolatedDatabase;
let client: MongoClient;
let ada: InProcessAccount;
let eve: InProcessAccount;

async function careerDb(): Promise<Db> {
  const { databases } = await client.db().admin().listDatabases();
  for (const { name } of databases) {
    const names = (await client.db(name).listCollections().toArray()).map((c) => c.name);
    if (names.includes('jobs')) return client.db(name);
  }
  throw new Error('no database with a jobs collection');
}

/** Adds a job through the CLI, then gives it the id `id` (the same document otherwise). */
async function addJobWithId(account: InProcessAccount, company: string, id: string): Promise<void> {
  const added = jsonOutput<{ _id: string }>(
    await account.run(['job', 'add', '--company', company, '--title', 'Engineer', '--json']),
  );
  const jobs = (await careerDb()).collection('jobs');
  const stored = await jobs.findOne({ _id: new ObjectId(added._id) });
  await jobs.deleteOne({ _id: new ObjectId(added._id) });
  await jobs.insertOne({ ...stored, _id: new ObjectId(id) });
}

beforeAll(async () => {
  server = await isolatedDatabase({ transport: 'tcp' });
  client = await MongoClient.connect(server.uri);
  ada = await inProcessAccount('Ada Lovelace', { dbUri: server.uri });
  eve = await inProcessAccount('Eve', { dbUri: server.uri });
  await addJobWithId(ada, 'Alpha', FIRST);
  await addJobWithId(ada, 'Beta', SECOND);
  await addJobWithId(eve, 'Gamma', EVES);
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  removeTempDirs();
});

describe('printed ids', () => {
  it('tell a record apart from every other of the user, not only from those listed', async () => {
    const listed = await ada.run(['job', 'list', '--company', 'Alpha']);
    expect(listed.code, listed.stderr).toBe(0);
    const printed = listed.stdout.split('\t')[0] ?? '';
    // 10 characters shared with Beta (not listed): 11 printed; Eve's job does not count.
    expect(printed).toBe(FIRST.slice(0, 11));
    const shown = await ada.run(['job', 'show', printed, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(jsonOutput<{ _id: string }>(shown)._id).toBe(FIRST);
  });

  it('are the same in a listing of both, and at least 8 characters for the others', async () => {
    const all = jsonOutput<JobListJson>(await ada.run(['job', 'list', '--json']));
    expect(all.map((job) => job._id).sort()).toEqual([FIRST, SECOND]);
    const lines = (await ada.run(['job', 'list'])).stdout.trimEnd().split('\n');
    const ids = lines.map((line) => line.split('\t')[0]).sort();
    expect(ids).toEqual([FIRST.slice(0, 11), SECOND.slice(0, 11)]);
    const eves = (await eve.run(['job', 'list'])).stdout.split('\t')[0];
    expect(eves).toBe(EVES.slice(0, 8));
  });

  it('print as long in a success line', async () => {
    const added = await ada.run(['apply', 'add', '--job', FIRST.slice(0, 11)]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/Added application [0-9a-f]{8,} for Engineer at Alpha/);
  });
});

// Pairs sharing their first 10 characters: applications (on Alpha and Beta), activities,
// follow-ups (with two contacts).
const APP_A = '6b0f160dab0000000000000a';
const APP_B = '6b0f160dabf00000000000b0';
const ACT_A = '6b0f170dab0000000000000a';
const ACT_B = '6b0f170dabf00000000000b0';
const FU_A = '6b0f180dab0000000000000a';
const FU_B = '6b0f180dabf00000000000b0';
const eleven = (id: string) => id.slice(0, 11);

/** Gives the stored record `from` of `collection` the id `to` (the same document otherwise). */
async function reId(collection: string, from: string, to: string): Promise<void> {
  const records = (await careerDb()).collection(collection);
  const stored = await records.findOne({ _id: new ObjectId(from) });
  await records.deleteOne({ _id: new ObjectId(from) });
  await records.insertOne({ ...stored, _id: new ObjectId(to) });
}

/** Adds through the CLI and returns the --json answer's `_id`. */
async function addedId(args: string[]): Promise<string> {
  return jsonOutput<{ _id: string }>(await ada.run([...args, '--json']))._id;
}

/** A contact with a connection and one follow-up whose id becomes `followUpId`. */
async function followUpWithId(name: string, followUpId: string): Promise<string> {
  const contact = await addedId(['contact', 'add', '--name', name]);
  const connection = await addedId(['connect', 'add', contact]);
  const planned = jsonOutput<{ followUp: { _id: string } }>(
    await ada.run([
      'connect',
      'followup',
      'add',
      connection,
      '--due',
      'in 3 days',
      '--type',
      'email',
      '--json',
    ]),
  );
  const connections = (await careerDb()).collection('connections');
  const stored = await connections.findOne({ _id: new ObjectId(connection) });
  const followUps = (stored?.followUps as { _id: ObjectId }[]).map((followUp) =>
    followUp._id.toHexString() === planned.followUp._id
      ? { ...followUp, _id: new ObjectId(followUpId) }
      : followUp,
  );
  await connections.updateOne({ _id: new ObjectId(connection) }, { $set: { followUps } });
  return contact;
}

describe('every command that prints an id', () => {
  let grace = '';

  beforeAll(async () => {
    await reId(
      'applications',
      await addedId(['apply', 'add', '--job', FIRST, '--date', 'yesterday']),
      APP_A,
    );
    await reId('applications', await addedId(['apply', 'add', '--job', SECOND]), APP_B);
    const rust = await addedId(['learn', 'add', '--title', 'Rust', '--type', 'course']);
    await reId('developmentactivities', rust, ACT_A);
    const go = await addedId(['learn', 'add', '--title', 'Go', '--type', 'course']);
    await reId('developmentactivities', go, ACT_B);
    grace = await followUpWithId('Grace Hopper', FU_A);
    await followUpWithId('Alan Turing', FU_B);
  });

  it('apply status, update and show print ids that work', async () => {
    const moved = await ada.run(['apply', 'status', eleven(APP_A), 'applied']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain(`Moved application ${eleven(APP_A)} from`);
    const updated = await ada.run(['apply', 'update', eleven(APP_A), '--notes', 'Sent']);
    expect(updated.stdout).toContain(`Updated application ${eleven(APP_A)} for`);
    const shown = jsonOutput<{ _id: string }>(
      await ada.run(['apply', 'show', eleven(APP_A), '--json']),
    );
    expect(shown._id).toBe(APP_A);
    // Alpha's applications table shows one of the pair: still as long as among all of them.
    const job = await ada.run(['job', 'show', eleven(FIRST)]);
    expect(job.stdout).toMatch(new RegExp(`^${eleven(APP_A)}\t`, 'm'));
  });

  it('learn start and complete print ids that work', async () => {
    const started = await ada.run(['learn', 'start', eleven(ACT_A)]);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain(`Started: Rust (${eleven(ACT_A)})`);
    const completed = await ada.run(['learn', 'complete', eleven(ACT_A), '--no-add-skills']);
    expect(completed.stdout).toContain(`Completed: Rust (${eleven(ACT_A)})`);
    const shown = jsonOutput<{ _id: string }>(
      await ada.run(['learn', 'show', eleven(ACT_A), '--json']),
    );
    expect(shown._id).toBe(ACT_A);
  });

  it('follow-up verbs and the show tables print ids that work', async () => {
    const contact = await ada.run(['contact', 'show', grace]);
    expect(contact.stdout).toMatch(new RegExp(`^${eleven(FU_A)}\t`, 'm'));
    const snoozed = await ada.run(['connect', 'followup', 'snooze', eleven(FU_A), '1w']);
    expect(snoozed.code, snoozed.stderr).toBe(0);
    expect(snoozed.stdout).toContain(`(${eleven(FU_A)})`);
    const done = await ada.run(['connect', 'followup', 'done', eleven(FU_A)]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`Done: email with Grace Hopper (${eleven(FU_A)})`);
    const again = await ada.run(['connect', 'followup', 'done', eleven(FU_A)]);
    expect(again.stderr).toContain(`Follow-up ${eleven(FU_A)} was already done`);
  });

  it('a removed record is printed as long as no remaining one shares it', async () => {
    const removed = await ada.run(['learn', 'remove', eleven(ACT_B), '--yes']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain(`Removed: Go (${eleven(ACT_B)})`);
    expect((await ada.run(['learn', 'show', eleven(ACT_B)])).code).toBe(3);
    // Alone in its second now: 8 characters name it.
    const shown = jsonOutput<{ _id: string }>(
      await ada.run(['learn', 'show', ACT_A.slice(0, 8), '--json']),
    );
    expect(shown._id).toBe(ACT_A);
  });
});

describe('idLengthsByRange', () => {
  /** A user's ids as a sorted list, answering range queries as an _id index would. */
  function between(ids: readonly string[]) {
    const sorted = [...ids].sort();
    let queries = 0;
    const query = (lo: string, hi: string, limit: number): Promise<string[]> => {
      queries++;
      return Promise.resolve(sorted.filter((id) => id >= lo && id <= hi).slice(0, limit));
    };
    return { query, queries: () => queries };
  }

  it('asks once per second when no other record shares it', async () => {
    const ids = ['6b0f150d0000000000000001', '6b0f150e0000000000000001'];
    const store = between([...ids, '6b0f150f0000000000000001']);
    const lengths = await idLengthsByRange(ids, store.query);
    expect([...lengths.values()]).toEqual([8, 8]);
    expect(store.queries()).toBe(2);
  });

  it('finds the length among a burst of records made in one second', async () => {
    const burst = Array.from(
      { length: 500 },
      (_, index) => `6b0f150d${index.toString(16).padStart(4, '0')}${'0'.repeat(12)}`,
    );
    const target = burst[0x123] as string;
    const lengths = await idLengthsByRange([target], between(burst).query);
    // 6b0f150d0123... shares 11 characters with 6b0f150d0120...-0122...: 12 needed.
    expect(lengths.get(target)).toBe(12);
  });

  it('reads a second once when it holds up to 20 times the ids printed, with the same lengths', async () => {
    const burst = Array.from(
      { length: 300 },
      (_, index) =>
        `6b0f150d${((index * 7919) % 65536).toString(16).padStart(4, '0')}${'0'.repeat(12)}`,
    );
    const page = burst.filter((_, index) => index % 3 === 0);
    const store = between(burst);
    const lengths = await idLengthsByRange(page, store.query);
    expect(store.queries()).toBe(1);
    // The same as probing one id at a time: the longest prefix shared with any other id, + 1.
    for (const id of page) {
      const probed = await idLengthsByRange([id], between(burst).query);
      expect(lengths.get(id), id).toBe(probed.get(id));
    }
  });

  it('lists 50,000 ids made in one second with one query', async () => {
    const burst = Array.from(
      { length: 50_000 },
      (_, index) => `6b0f150d${index.toString(16).padStart(6, '0')}${'0'.repeat(10)}`,
    );
    const store = between(burst);
    const lengths = await idLengthsByRange(burst, store.query);
    expect(store.queries()).toBe(1);
    expect(lengths.get(burst[0x1234] as string)).toBe(14);
  });

  it('probes id by id in a second too big to read whole', async () => {
    const burst = Array.from(
      { length: 5_000 },
      (_, index) => `6b0f150d${index.toString(16).padStart(6, '0')}${'0'.repeat(10)}`,
    );
    const store = between(burst);
    const lengths = await idLengthsByRange([burst[0x1234] as string], store.query);
    expect(lengths.get(burst[0x1234] as string)).toBe(14);
    // The second's first 21 ids, then a few probes: never the whole second.
    expect(store.queries()).toBeGreaterThan(1);
    expect(store.queries()).toBeLessThan(10);
  });

  it('tells an id no longer stored apart from those that are', async () => {
    const removed = '6b0f150dab0000000000000a';
    const lengths = await idLengthsByRange([removed], between(['6b0f150dab0000f0000000c0']).query);
    expect(lengths.get(removed)).toBe(15);
  });
});
