// Nothing doubled under concurrency: CLI processes racing on one data directory (each with
// the embedded engine in-process, on the same SQLite file, as cron and a person at a terminal
// would) store each natural key once. The unique naturalKey index decides; the loser answers
// "already there": an import counts the row as existing (and updates it), an add is the same
// conflict (exit 5, naming the stored record) as when it comes second.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedInAccount, type TestAccount } from '../helpers/accounts.js';
import { isolatedDatabase, testBackend } from '../helpers/database.js';
import type { CliResult } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

interface Summary {
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  related: Record<string, { inserted: number; updated: number }>;
  transaction: boolean;
}

/**
 * Each import batch in one transaction on the engine and on a replica set (both one-member
 * replica sets): the two imports conflict and run their batches again; mongodb-memory-server
 * is a standalone mongod, without transactions.
 */
const TRANSACTIONS = testBackend() !== 'mongodb-memory-server';

let dir: string;

beforeAll(() => {
  dir = makeTempDir('career-concurrent-');
});

afterAll(() => removeTempDirs());

function parsed<T>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

interface CollectionStatus {
  name: string;
  documents: number;
  indexes: Array<{ name: string; key: Record<string, unknown>; unique: boolean }>;
}

/** Documents per collection, as `career db status` counts them. */
async function counts(account: TestAccount): Promise<Record<string, number>> {
  const status = parsed<{ collections: Array<{ name: string; documents: number }> }>(
    await account.run(['--json', 'db', 'status']),
  );
  return Object.fromEntries(status.collections.map((entry) => [entry.name, entry.documents]));
}

/**
 * Runs the same command in `processes` processes at once. Each may take a while on a busy
 * machine (the helper's default kills a child after 20 s): what is checked is the outcome.
 */
function atOnce(account: TestAccount, processes: number, args: string[]): Promise<CliResult[]> {
  return Promise.all(
    Array.from({ length: processes }, () => account.run(args, { timeoutMs: 150_000 })),
  );
}

// Measured on the code before the keys (2-core machine): 2 imports of these 3,000 rows
// stored 6,000 contacts; of the 4,000 applications (800 jobs), 8,000 applications and 1,600
// jobs; of the 1,500 LinkedIn connections, 3,000 contacts and 3,000 connections.
const CONTACT_ROWS = 3_000;
const APPLICATION_ROWS = 4_000;
const JOBS = 800;
const CONNECTION_ROWS = 1_500;

describe('concurrent writers store each natural key once', () => {
  it('two imports of one contacts file at once', async () => {
    const account = await signedInAccount('Ada Lovelace');
    const file = path.join(dir, 'contacts.csv');
    const lines = ['Name,Email,Company,Title'];
    for (let i = 0; i < CONTACT_ROWS; i++) {
      lines.push(`Person ${i},person${i}@example.com,Company ${i % 50},Engineer`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);

    const runs = await atOnce(account, 2, ['--json', 'import', file, '--type', 'contacts']);
    const summaries = runs.map((run) => parsed<Summary>(run));
    expect((await counts(account)).contacts).toBe(CONTACT_ROWS);
    // Every row is in one summary as new, and in the other as already there.
    const inserted = summaries.reduce((sum, summary) => sum + summary.inserted, 0);
    const existing = summaries.reduce((sum, summary) => sum + summary.skipped + summary.updated, 0);
    expect([inserted, existing]).toEqual([CONTACT_ROWS, CONTACT_ROWS]);
    expect(summaries.map((summary) => summary.rejected)).toEqual([0, 0]);
    expect(summaries.map((summary) => summary.transaction)).toEqual([TRANSACTIONS, TRANSACTIONS]);
  });

  it('two imports of one applications file at once (jobs and applications)', async () => {
    const account = await signedInAccount('Ada Lovelace');
    const file = path.join(dir, 'applications.csv');
    // Each job sent to on five days: a job comes back 800 rows later, in the same batch
    // (1,000 rows) or the next. A row whose job an earlier row of its batch inserted must
    // follow that job to the one holding its key when the insert is refused (4,200
    // applications, 200 of them naming a job that is not there, when it did not).
    const lines = ['Company,Title,Status,Applied On'];
    for (let i = 0; i < APPLICATION_ROWS; i++) {
      lines.push(`Company ${i % JOBS},Engineer,applied,2026-02-0${Math.floor(i / JOBS) + 1}`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);

    const runs = await atOnce(account, 2, ['--json', 'import', file, '--type', 'applications']);
    const summaries = runs.map((run) => parsed<Summary>(run));
    const stored = await counts(account);
    expect([stored.jobs, stored.applications]).toEqual([JOBS, APPLICATION_ROWS]);
    const inserted = summaries.reduce((sum, summary) => sum + summary.inserted, 0);
    const jobsInserted = summaries.reduce((sum, s) => sum + (s.related.jobs?.inserted ?? 0), 0);
    expect([inserted, jobsInserted]).toEqual([APPLICATION_ROWS, JOBS]);
    expect(summaries.map((summary) => summary.rejected)).toEqual([0, 0]);
    expect(summaries.map((summary) => summary.transaction)).toEqual([TRANSACTIONS, TRANSACTIONS]);
    // Every application names a job that is there.
    const exported = await account.run(['export', '--type', 'applications', '--format', 'ndjson'], {
      timeoutMs: 150_000,
    });
    const jobs = exported.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { job: { company?: string } }).job.company);
    expect(jobs.filter((company) => company === undefined)).toEqual([]);
    expect(new Set(jobs).size).toBe(JOBS);

    // Run again, alone: every row is there already.
    const again = parsed<Summary>(
      await account.run(['--json', 'import', file, '--type', 'applications'], {
        timeoutMs: 150_000,
      }),
    );
    expect(again).toMatchObject({ inserted: 0, updated: 0, skipped: APPLICATION_ROWS });
  });

  it('two imports of one LinkedIn Connections.csv at once (contacts and connections)', async () => {
    const account = await signedInAccount('Ada Lovelace');
    const file = path.join(dir, 'Connections.csv');
    const lines = ['First Name,Last Name,URL,Email Address,Company,Position,Connected On'];
    for (let i = 0; i < CONNECTION_ROWS; i++) {
      // Half with an email (their key), half keyed by their profile's URL.
      const email = i % 2 === 0 ? `p${i}@example.com` : '';
      lines.push(`P,${i},https://www.linkedin.com/in/p${i},${email},Co ${i % 9},Dev,12 Jan 2024`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);

    const runs = await atOnce(account, 2, ['--json', 'import', file]);
    const summaries = runs.map((run) => parsed<Summary>(run));
    const stored = await counts(account);
    expect([stored.contacts, stored.connections]).toEqual([CONNECTION_ROWS, CONNECTION_ROWS]);
    const inserted = summaries.reduce((sum, summary) => sum + summary.inserted, 0);
    expect(inserted).toBe(CONNECTION_ROWS);
    expect(summaries.map((summary) => summary.rejected)).toEqual([0, 0]);
    expect(summaries.map((summary) => summary.transaction)).toEqual([TRANSACTIONS, TRANSACTIONS]);
  });

  it('six `contact add` of one email at once store one; the others name it (exit 5)', async () => {
    const account = await signedInAccount('Ada Lovelace');
    const runs = await atOnce(account, 6, [
      '--json',
      'contact',
      'add',
      '--name',
      'Grace Hopper',
      '--email',
      'grace@navy.mil',
    ]);
    const added = runs.filter((run) => run.code === 0);
    expect(added).toHaveLength(1);
    const id = (JSON.parse((added[0] as CliResult).stdout) as { _id: string })._id;
    const refused = runs.filter((run) => run.code !== 0);
    expect(refused.map((run) => [run.code, run.stderr])).toEqual(
      refused.map(() => [
        5,
        `error: a contact with email grace@navy.mil already exists: Grace Hopper (${id})\n` +
          `hint: see it with \`career contact show ${id}\`\n`,
      ]),
    );
    expect((await counts(account)).contacts).toBe(1);
  });

  it('four `apply add` of one job at once: one job, one application, the others name it', async () => {
    const account = await signedInAccount('Ada Lovelace');
    const runs = await atOnce(account, 4, [
      '--json',
      'apply',
      'add',
      '--company',
      'Globex',
      '--title',
      'Platform Engineer',
    ]);
    const added = runs.filter((run) => run.code === 0);
    expect(added).toHaveLength(1);
    const id = (JSON.parse((added[0] as CliResult).stdout) as { _id: string })._id;
    for (const run of runs.filter((each) => each.code !== 0)) {
      expect([run.code, run.stderr]).toEqual([
        5,
        expect.stringContaining(
          `error: Platform Engineer at Globex already has an undated application: ${id}\n`,
        ),
      ]);
    }
    expect(await counts(account)).toMatchObject({ jobs: 1, applications: 1 });
  });

  it('four first messages to the coach at once make one conversation, held by a unique index', async () => {
    // On a database server of its own: with CAREER_TEST_BACKEND=mongodb-memory-server a real
    // mongod, where two upserts finding nothing both insert unless the index refuses one (the
    // engine runs each write command whole, so there the index only has to exist).
    const database = await isolatedDatabase();
    try {
      const account = await signedInAccount('Ada Lovelace', { dbUri: database.uri });
      const runs = await atOnce(account, 4, ['coach', 'what should I do next?']);
      expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 0]);
      const status = parsed<{ collections: CollectionStatus[] }>(
        await account.run(['--json', 'db', 'status']),
      );
      const conversations = status.collections.find((entry) => entry.name === 'conversations');
      expect(conversations?.documents).toBe(1);
      expect(conversations?.indexes).toContainEqual({
        name: 'userId_1_naturalKey_1',
        key: { userId: 1, naturalKey: 1 },
        unique: true,
      });
      // Every exchange is in it, each question followed by its answer.
      const history = parsed<Array<{ sender: string }>>(
        await account.run(['--json', 'coach', 'history', '--limit', '100']),
      );
      expect(history.map((message) => message.sender)).toEqual(
        Array.from({ length: 4 }, () => ['user', 'assistant']).flat(),
      );
    } finally {
      await database.close();
    }
  });
});
