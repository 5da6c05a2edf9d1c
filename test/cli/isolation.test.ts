// The cross-user security sweep: two accounts on ONE database. Whatever user B types - A's
// full ids or their 8-character prefixes, on every command that takes an id - the answer is
// "not found" (exit 3), nothing of A's changes, and B's lists never show A's records. Runs in
// this process (test/helpers/in-process.ts), one command at a time (in-process runs take
// turns).
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

let database: IsolatedDatabase;
let alice: TestAccount;
let bob: TestAccount;

/** A's records: the ids B will try, and the commands that show A's side of each. */
interface AliceData {
  job: string;
  application: string;
  interview: string;
  contact: string;
  connection: string;
  followUp: string;
  activity: string;
}
let aliceData: AliceData;
/** Everything A's own show and list commands print (compared before and after B's attempts). */
let aliceViewBefore: Record<string, string>;
/** B's own record ids (B must still be able to use those). */
let bobJob: string;
let bobActivity: string;

// Distinctive text only A's records contain: none of B's output may mention it.
const SECRET = 'Zanzibar';

function idOf(result: InProcessResult, what: string): string {
  if (result.code !== 0) throw new Error(`${what} failed (${result.code}): ${result.stderr}`);
  const id = (JSON.parse(result.stdout) as { _id?: unknown })._id;
  if (typeof id !== 'string' || !/^[0-9a-f]{24}$/.test(id)) {
    throw new Error(`${what} printed no _id: ${result.stdout}`);
  }
  return id;
}

const ALICE_VIEWS: ReadonlyArray<readonly [name: string, args: (data: AliceData) => string[]]> = [
  ['job show', (d) => ['job', 'show', d.job]],
  ['apply show', (d) => ['apply', 'show', d.application]],
  ['contact show', (d) => ['contact', 'show', d.contact]],
  ['connect show', (d) => ['connect', 'show', d.connection]],
  ['learn show', (d) => ['learn', 'show', d.activity]],
  ['job list', () => ['job', 'list']],
  ['apply list', () => ['apply', 'list']],
  ['contact list', () => ['contact', 'list']],
  ['connect list', () => ['connect', 'list']],
  ['learn list', () => ['learn', 'list']],
  ['profile show', () => ['profile', 'show']],
];

/** A's --json view of all their data, one entry per command. */
async function aliceView(): Promise<Record<string, string>> {
  const view: Record<string, string> = {};
  for (const [name, args] of ALICE_VIEWS) {
    const result = await alice.run(['--json', ...args(aliceData)]);
    if (result.code !== 0) throw new Error(`A's ${name} failed: ${result.stderr}`);
    view[name] = result.stdout;
  }
  return view;
}

/** Runs `work` over `items`, `size` at a time (1 in process: runs take turns). */
async function inPool<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: size }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  alice = await signedInAccount('Alice Example', { dbUri: database.uri });
  bob = await signedInAccount('Bob Example', { dbUri: database.uri });

  // B's own records come first: ObjectIds start with their creation second, so after the
  // pause below none of B's ids can share an 8-character prefix with one of A's.
  bobJob = idOf(
    await bob.run(['--json', 'job', 'add', '--company', 'Bobco', '--title', 'Baker']),
    'B job add',
  );
  bobActivity = idOf(
    await bob.run(['--json', 'learn', 'add', '--title', 'Bread 101', '--type', 'course']),
    'B learn add',
  );
  await sleep(1_100);

  const job = idOf(
    await alice.run(['--json', 'job', 'add', '--company', `${SECRET} Labs`, '--title', 'Engineer']),
    'job add',
  );
  const application = idOf(
    await alice.run([
      '--json',
      'apply',
      'add',
      '--company',
      `${SECRET} Bank`,
      '--title',
      'Analyst',
    ]),
    'apply add',
  );
  const interview = idOf(
    await alice.run([
      '--json',
      'apply',
      'interview',
      'add',
      application,
      '--date',
      '2026-06-01T10:00',
      '--type',
      'video',
    ]),
    'apply interview add',
  );
  const contact = idOf(
    await alice.run(['--json', 'contact', 'add', '--name', `Ada ${SECRET}`]),
    'contact add',
  );
  const connection = idOf(await alice.run(['--json', 'connect', 'add', contact]), 'connect add');
  const planned = await alice.run([
    '--json',
    'connect',
    'followup',
    'add',
    connection,
    '--due',
    '2026-06-10',
    '--type',
    'call',
  ]);
  // A follow-up write answers with its connection, the follow-up on top.
  const followUp = idOf(
    {
      ...planned,
      stdout: JSON.stringify((JSON.parse(planned.stdout) as { followUp?: unknown }).followUp ?? {}),
    },
    'connect followup add',
  );
  const activity = idOf(
    await alice.run([
      '--json',
      'learn',
      'add',
      '--title',
      `${SECRET} course`,
      '--type',
      'course',
      '--skills',
      'secrets',
    ]),
    'learn add',
  );
  aliceData = { job, application, interview, contact, connection, followUp, activity };
  aliceViewBefore = await aliceView();
});

afterAll(async () => {
  await database?.close();
  removeTempDirs();
});

/** Every command B tries on A's records, for an id form ("full" id or 8-char "prefix"). */
function attempts(id: (full: string) => string): string[][] {
  const d = aliceData;
  return [
    ['job', 'show', id(d.job)],
    ['job', 'update', id(d.job), '--title', 'Hacked'],
    ['job', 'remove', id(d.job), '--yes'],
    ['apply', 'show', id(d.application)],
    ['apply', 'update', id(d.application), '--notes', 'hacked'],
    ['apply', 'status', id(d.application), 'rejected'],
    ['apply', 'note', id(d.application), 'hacked'],
    ['apply', 'remove', id(d.application), '--yes'],
    ['apply', 'interview', 'add', id(d.application), '--date', '2026-07-01T09:00'],
    ['apply', 'interview', 'list', id(d.application)],
    ['apply', 'interview', 'update', id(d.application), id(d.interview), '--notes', 'hacked'],
    ['contact', 'show', id(d.contact)],
    ['contact', 'update', id(d.contact), '--name', 'Hacked'],
    ['contact', 'remove', id(d.contact), '--yes'],
    ['connect', 'add', id(d.contact)],
    ['connect', 'show', id(d.connection)],
    ['connect', 'update', id(d.connection), '--notes', 'hacked'],
    ['connect', 'status', id(d.connection), 'rejected'],
    ['connect', 'remove', id(d.connection), '--yes'],
    ['connect', 'followup', 'add', id(d.connection), '--due', '2026-07-01', '--type', 'email'],
    ['connect', 'followup', 'list', id(d.connection)],
    ['connect', 'followup', 'done', id(d.connection), id(d.followUp)],
    ['connect', 'followup', 'done', id(d.followUp)],
    ['connect', 'followup', 'update', id(d.followUp), '--notes', 'hacked'],
    ['connect', 'followup', 'snooze', id(d.followUp), '3d'],
    ['connect', 'followup', 'remove', id(d.followUp), '--yes'],
    ['connect', 'followup', 'add', id(d.contact), '--due', '2026-07-01', '--type', 'email'],
    ['learn', 'show', id(d.activity)],
    ['learn', 'update', id(d.activity), '--title', 'Hacked'],
    ['learn', 'start', id(d.activity)],
    ['learn', 'complete', id(d.activity), '--add-skills'],
    ['learn', 'remove', id(d.activity), '--yes'],
  ];
}

describe("another user's records", () => {
  it.each([
    ['full ids', (full: string) => full],
    ['8-character prefixes', (full: string) => full.slice(0, 8)],
  ])('are not found by %s, for every command, and stay unchanged', async (_form, id) => {
    const tries = attempts(id);
    const results = await inPool(tries, 1, (args) => bob.run(['--json', ...args]));
    const wrong = results
      .map((result, index) => ({ command: (tries[index] ?? []).join(' '), result }))
      .filter(({ result }) => result.code !== 3)
      .map(({ command, result }) => `${command} -> exit ${result.code}: ${result.stderr.trim()}`);
    expect(wrong, 'commands that did not answer "not found"').toEqual([]);
    for (const result of results) {
      expect(result.stdout + result.stderr).not.toContain(SECRET);
    }

    expect(await aliceView()).toEqual(aliceViewBefore);
  });

  it("never appear in the other user's lists", async () => {
    const lists = [
      ['job', 'list'],
      ['apply', 'list'],
      ['apply', 'interview', 'list'],
      ['contact', 'list'],
      ['connect', 'list'],
      ['connect', 'followup', 'list'],
      ['learn', 'list'],
      ['learn', 'list', '--skill', 'secrets'],
    ];
    const results = await inPool(lists, 1, (args) => bob.run(['--json', ...args]));
    const aliceIds = Object.values(aliceData);
    results.forEach((result, index) => {
      const command = (lists[index] ?? []).join(' ');
      expect(result.code, `${command}: ${result.stderr}`).toBe(0);
      expect(Array.isArray(JSON.parse(result.stdout)), command).toBe(true);
      expect(result.stdout, command).not.toContain(SECRET);
      for (const id of aliceIds) expect(result.stdout, command).not.toContain(id);
    });
    // B's own records are there, and B can still act on them.
    expect(results[0]?.stdout).toContain(bobJob);
    expect(results[6]?.stdout).toContain(bobActivity);
    const started = await bob.run(['--json', 'learn', 'start', bobActivity.slice(0, 8)]);
    expect(started.code, started.stderr).toBe(0);
  });

  it("never links B's new application to A's job of the same company and title", async () => {
    // `apply add` finds or creates the job by company and title: it must look in B's jobs only.
    const application = await bob.run([
      '--json',
      'apply',
      'add',
      '--company',
      `${SECRET} Labs`,
      '--title',
      'Engineer',
    ]);
    expect(application.code, application.stderr).toBe(0);
    const { jobId } = JSON.parse(application.stdout) as { jobId?: string };
    expect(jobId).toMatch(/^[0-9a-f]{24}$/);
    expect(jobId).not.toBe(aliceData.job);
    expect((await bob.run(['job', 'show', jobId ?? ''])).code).toBe(0);

    expect(await aliceView()).toEqual(aliceViewBefore);
  });
});
