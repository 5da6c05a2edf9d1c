// `career undo`: every change a command makes is one step of the user's journal, reversed by
// `undo` (newest first, refused when a record was changed since outside the journal, unless
// --force); `undo --list` shows the steps. Two users on one database: neither sees nor undoes
// the other's steps. In process (test/helpers/in-process.ts) against an isolated engine.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UndoJson, UndoListJson } from '../../src/commands/undo/index.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount,
  type InProcessAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

let database: IsolatedDatabase;
let client: MongoClient;
let alice: InProcessAccount;
let bob: InProcessAccount;

function ok(result: InProcessResult, what: string): InProcessResult {
  if (result.code !== 0) throw new Error(`${what} failed (${result.code}): ${result.stderr}`);
  return result;
}

function json<T>(result: InProcessResult, what: string): T {
  return JSON.parse(ok(result, what).stdout) as T;
}

async function idOf(account: InProcessAccount, args: string[]): Promise<string> {
  return json<{ _id: string }>(await account.run(['--json', ...args]), args.join(' '))._id;
}

async function steps(account: InProcessAccount): Promise<UndoListJson> {
  return json<UndoListJson>(await account.run(['--json', 'undo', '--list']), 'undo --list');
}

/** The --json output of each view, to compare before a change and after its undo. */
async function views(account: InProcessAccount, all: string[][]): Promise<string[]> {
  const seen: string[] = [];
  for (const args of all) {
    const result = await account.run(['--json', ...args]);
    seen.push(`${result.code} ${result.stdout}`);
  }
  return seen;
}

/** How many of `words` name the command ("apply interview add": 3, "apply status": 2). */
function commandLength(words: readonly string[]): number {
  return ['interview', 'followup'].includes(words[1] ?? '') ? 3 : 2;
}

/**
 * Runs `change`, checks it changed what `watched` shows and that it is the newest step, then
 * undoes it: `watched` shows exactly what it showed before.
 */
async function undoesExactly(
  account: InProcessAccount,
  change: string[],
  watched: string[][],
  records: UndoListJson[number]['records'],
): Promise<void> {
  const before = await views(account, watched);
  ok(await account.run(change), change.join(' '));
  expect(await views(account, watched), change.join(' ')).not.toEqual(before);
  const newest = (await steps(account))[0];
  // The step is named by the command's words, never its arguments.
  const words = change.filter((word) => /^[a-z]+$/.test(word) && !word.startsWith('-'));
  expect(newest?.command, change.join(' ')).toBe(words.slice(0, commandLength(words)).join(' '));
  expect(newest?.records, change.join(' ')).toEqual(records);
  const undone = json<UndoJson>(await account.run(['--json', 'undo']), 'undo');
  expect(undone.undone).toHaveLength(1);
  expect(await views(account, watched), change.join(' ')).toEqual(before);
}

beforeAll(async () => {
  database = await isolatedDatabase();
  client = await MongoClient.connect(database.uri);
  alice = await inProcessAccount('Alice Example', { dbUri: database.uri });
  bob = await inProcessAccount('Bob Example', { dbUri: database.uri });
});

afterAll(async () => {
  await client.close();
  await database.close();
  removeTempDirs();
});

/** The database career uses (the only one on the isolated server but admin's). */
async function careerDb() {
  const { databases } = await client.db().admin().listDatabases();
  const name = databases
    .map((db) => db.name)
    .find((db) => !['admin', 'local', 'config'].includes(db));
  if (name === undefined) throw new Error('no career database');
  return client.db(name);
}

describe('undo', () => {
  it('undoes an added job, then says there is nothing to undo', async () => {
    const job = await idOf(alice, ['job', 'add', '--company', 'Acme', '--title', 'Engineer']);
    const listed = await steps(alice);
    expect(listed[0]).toMatchObject({ command: 'job add', undoable: true });
    expect(listed[0]?.records).toEqual([{ kind: 'job', count: 1 }]);
    const undone = await alice.run(['undo']);
    expect(undone.code).toBe(0);
    expect(undone.stdout).toMatch(/^✓ Undid `job add` \(\d{4}-\d\d-\d\d \d\d:\d\d\): 1 job\n$/);
    expect((await alice.run(['job', 'show', job])).code).toBe(3);
    const again = await alice.run(['undo']);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('error: nothing to undo');
    expect((await alice.run(['undo', '--list'])).stdout).toContain('Nothing to undo.');
  });

  it('undoes each kind of change, leaving the records exactly as they were', async () => {
    const application = await idOf(alice, [
      'apply',
      'add',
      '--company',
      'Globex',
      '--title',
      'Dev',
    ]);
    const contact = await idOf(alice, ['contact', 'add', '--name', 'Grace Hopper']);
    const connection = await idOf(alice, ['connect', 'add', contact]);
    const activity = await idOf(alice, ['learn', 'add', '--title', 'Rust', '--type', 'course']);
    const app = ['apply', 'show', application];
    const conn = ['connect', 'show', connection];
    const profile = ['profile', 'show'];
    // Each change below is undone at once: its step is the newest.
    await undoesExactly(
      alice,
      ['apply', 'status', application, 'applied'],
      [app],
      [{ kind: 'application', count: 1 }],
    );
    await undoesExactly(
      alice,
      ['apply', 'note', application, 'Called them'],
      [app],
      [{ kind: 'application', count: 1 }],
    );
    await undoesExactly(
      alice,
      ['apply', 'interview', 'add', application, '--date', '2026-12-20 10:00', '--type', 'video'],
      [app],
      [{ kind: 'application', count: 1 }],
    );
    await undoesExactly(
      alice,
      ['apply', 'link', application, contact, '--role', 'recruiter'],
      [app],
      [{ kind: 'application', count: 1 }],
    );
    await undoesExactly(
      alice,
      ['apply', 'offer', application, '--base', '90k', '--currency', 'EUR'],
      [app],
      [{ kind: 'application', count: 1 }],
    );
    await undoesExactly(
      alice,
      ['apply', 'archive', application],
      [app],
      [{ kind: 'application', count: 1 }],
    );
    await undoesExactly(
      alice,
      ['connect', 'followup', 'add', connection, '--due', '2026-12-24', '--type', 'email'],
      [conn],
      [{ kind: 'connection', count: 1 }],
    );
    await undoesExactly(
      alice,
      ['learn', 'start', activity],
      [['learn', 'show', activity]],
      [{ kind: 'learning activity', count: 1 }],
    );
    await undoesExactly(
      alice,
      ['profile', 'update', '--title', 'Staff Engineer'],
      [profile],
      [{ kind: 'profile', count: 1 }],
    );
    // A removal takes what hangs on it along: undone, all of it is back.
    ok(await alice.run(['apply', 'link', application, contact, '--role', 'referrer']), 'link');
    await undoesExactly(
      alice,
      ['contact', 'remove', contact, '--yes'],
      [app, conn, ['contact', 'show', contact]],
      [
        { kind: 'application', count: 1 },
        { kind: 'connection', count: 1 },
        { kind: 'contact', count: 1 },
      ],
    );
  });

  it('undoes a profile change but never a password changed since', async () => {
    const before = await views(alice, [['profile', 'show']]);
    ok(await alice.run(['profile', 'update', '--company', 'Initech']), 'profile update');
    const newPassword = 'a brand new passphrase 42';
    ok(
      await alice.run(['auth', 'passwd', '--password-stdin'], {
        stdin: `correct horse battery staple\n${newPassword}\n`,
      }),
      'passwd',
    );
    const journal = JSON.stringify(await (await careerDb()).collection('journal').find().toArray());
    expect(journal).not.toContain('$2b$');
    ok(await alice.run(['undo']), 'undo');
    expect(await views(alice, [['profile', 'show']])).toEqual(before);
    ok(await alice.run(['auth', 'logout']), 'logout');
    ok(
      await alice.run(['auth', 'login', '--email', alice.email], {
        env: { CAREER_PASSWORD: newPassword },
      }),
      'login with the new password',
    );
    ok(
      await alice.run(['auth', 'passwd', '--password-stdin'], {
        stdin: `${newPassword}\ncorrect horse battery staple\n`,
      }),
      'passwd back',
    );
  });

  it('undoes an import as one step, and --steps N the newest N', async () => {
    const file = path.join(makeTempDir('career-undo-import-'), 'jobs.csv');
    writeFileSync(file, 'company,title\nInitech,Tester\nHooli,SRE\nPied Piper,CTO\n');
    const before = await views(alice, [['job', 'list']]);
    ok(await alice.run(['import', file, '--type', 'jobs']), 'import');
    ok(await alice.run(['job', 'add', '--company', 'Umbrella', '--title', 'Chemist']), 'job add');
    const [newest, import_] = await steps(alice);
    expect(newest?.command).toBe('job add');
    expect(import_).toMatchObject({ command: 'import', records: [{ kind: 'job', count: 3 }] });
    const tooMany = await alice.run(['undo', '--steps', '100']);
    expect(tooMany.code).toBe(3);
    expect(tooMany.stderr).toMatch(/error: only \d+ steps can be undone/);
    const undone = json<UndoJson>(await alice.run(['--json', 'undo', '--steps', '2']), 'undo');
    expect(undone.undone.map((step) => step.command)).toEqual(['job add', 'import']);
    expect(await views(alice, [['job', 'list']])).toEqual(before);
    expect((await alice.run(['undo', '--steps', '0'])).code).toBe(2);
  });

  it('undoes the updates of an import too, and refuses when an imported record changed since', async () => {
    const job = await idOf(alice, ['job', 'add', '--company', 'Initech', '--title', 'Tester']);
    const before = await views(alice, [
      ['job', 'list'],
      ['job', 'show', job],
    ]);
    const file = path.join(makeTempDir('career-undo-import-'), 'jobs.csv');
    writeFileSync(file, 'company,title,location\nInitech,Tester,Austin\nHooli,SRE,Palo Alto\n');
    const imported = json<{ inserted: number; updated: number }>(
      await alice.run(['--json', 'import', file, '--type', 'jobs']),
      'import',
    );
    expect(imported).toMatchObject({ inserted: 1, updated: 1 });
    const hooli = json<Array<{ _id: string; company: string }>>(
      await alice.run(['--json', 'job', 'list']),
      'job list',
    ).find((item) => item.company === 'Hooli');
    expect(hooli).toBeDefined();
    const db = await careerDb();
    await db
      .collection('jobs')
      .updateOne({ _id: new ObjectId(hooli?._id) }, { $set: { location: 'Mountain View' } });
    const refused = await alice.run(['undo']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain(`job ${hooli?._id.slice(0, 8)} was changed since \`import\``);
    ok(await alice.run(['undo', '--force']), 'undo --force');
    expect(
      await views(alice, [
        ['job', 'list'],
        ['job', 'show', job],
      ]),
    ).toEqual(before);
    ok(await alice.run(['undo']), 'undo job add');
  });

  it('keeps no step for a change that failed', async () => {
    ok(await alice.run(['job', 'add', '--company', 'Soylent', '--title', 'Cook']), 'job add');
    const before = await steps(alice);
    const duplicate = await alice.run(['job', 'add', '--company', 'soylent', '--title', 'cook']);
    expect(duplicate.code).toBe(5);
    expect(await steps(alice)).toEqual(before);
    ok(await alice.run(['undo']), 'undo');
  });

  it('refuses a record changed since outside career, unless --force', async () => {
    const job = await idOf(alice, ['job', 'add', '--company', 'Tyrell', '--title', 'Designer']);
    const db = await careerDb();
    await db.collection('jobs').updateOne({ _id: new ObjectId(job) }, { $set: { location: 'LA' } });
    const refused = await alice.run(['undo']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^error: job ${job.slice(0, 8)} was changed since \`job add\` \\(.+\\); nothing was undone\\nhint: pass --force to undo it anyway`,
      ),
    );
    expect((await alice.run(['job', 'show', job])).code).toBe(0);
    const forced = await alice.run(['undo', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('1 record was changed since; those changes are gone');
    expect((await alice.run(['job', 'show', job])).code).toBe(3);
  });

  it("never shows nor undoes another user's steps", async () => {
    const aliceJob = await idOf(alice, ['job', 'add', '--company', 'Zanzibar', '--title', 'Spy']);
    const aliceSteps = await steps(alice);
    expect(await steps(bob)).toEqual([]);
    const nothing = await bob.run(['undo']);
    expect(nothing.code).toBe(3);
    expect(nothing.stdout).toBe('');
    const bobJob = await idOf(bob, ['job', 'add', '--company', 'Bobco', '--title', 'Baker']);
    const bobSteps = await steps(bob);
    expect(bobSteps.map((step) => step.command)).toEqual(['job add']);
    expect(JSON.stringify(bobSteps)).not.toContain(aliceSteps[0]?.id);
    ok(await bob.run(['undo']), 'B undo');
    expect((await bob.run(['job', 'show', bobJob])).code).toBe(3);
    expect((await alice.run(['job', 'show', aliceJob])).code).toBe(0);
    expect(await steps(alice)).toEqual(aliceSteps);
    ok(await alice.run(['undo']), 'A undo');
  });

  it('leaves the journal out of backups; a restore empties it', async () => {
    ok(await alice.run(['job', 'add', '--company', 'Wonka', '--title', 'Taster']), 'job add');
    expect(await steps(alice)).not.toEqual([]);
    const created = json<{
      file: string;
      manifest?: unknown;
      collections?: Record<string, number>;
    }>(await alice.run(['--json', 'backup', 'create']), 'backup create');
    expect(Object.keys(created.collections ?? {})).toContain('jobs');
    expect(Object.keys(created.collections ?? {})).not.toContain('journal');
    ok(await alice.run(['job', 'add', '--company', 'Wayne', '--title', 'Butler']), 'job add');
    ok(await alice.run(['backup', 'restore', created.file, '--drop', '--yes']), 'restore');
    // The restore signed everyone out: sign in again.
    ok(
      await alice.run(['auth', 'login', '--email', alice.email], {
        env: { CAREER_PASSWORD: 'correct horse battery staple' },
      }),
      'login',
    );
    expect(await steps(alice)).toEqual([]);
    expect((await alice.run(['undo'])).code).toBe(3);
  });

  it('a deleted profile leaves no journal behind', async () => {
    const carol = await inProcessAccount('Carol Example', { dbUri: database.uri });
    const id = await idOf(carol, ['profile', 'show']);
    ok(await carol.run(['job', 'add', '--company', 'Cyberdyne', '--title', 'Guard']), 'job add');
    const journal = (await careerDb()).collection('journal');
    expect(await journal.countDocuments({ userId: new ObjectId(id) })).toBe(1);
    ok(await carol.run(['profile', 'delete', '--yes']), 'profile delete');
    expect(await journal.countDocuments({ userId: new ObjectId(id) })).toBe(0);
  });
});
