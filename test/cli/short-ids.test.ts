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
});
