// `career search`, in process: words found across jobs, applications (their own notes and
// their job's words), contacts, connections (their own notes and their contact's words) and
// learning, ranked by MongoDB's text score; --type, --limit, --json, the empty states, the
// terminal safety of excerpts, and two users on one database never finding each other's.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchJson } from '../../src/commands/search/report.js';
import { inProcessAccount, type InProcessAccount } from '../helpers/in-process.js';
import { withClient } from '../helpers/driver.js';
import { jsonOutput } from '../helpers/json-output.js';
import { useIsolatedDatabase } from '../helpers/suites.js';

const NOW = new Date('2026-12-02T10:00:00Z');
const ID = /^[0-9a-f]{24}$/;

async function idOf(account: InProcessAccount, args: string[]): Promise<string> {
  const result = await account.run([...args, '--json'], { now: NOW });
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { _id: string })._id;
}

async function search(account: InProcessAccount, args: string[]): Promise<SearchJson> {
  return jsonOutput<SearchJson>(await account.run(['search', '--json', ...args], { now: NOW }));
}

describe('career search', () => {
  const database = useIsolatedDatabase('career-search-');
  let ada: InProcessAccount;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ada = await inProcessAccount('Ada Lovelace', { dbUri: database().uri });
    ids.job = await idOf(ada, [
      'job',
      'add',
      '--company',
      'Acme Robotics',
      '--title',
      'Platform Engineer',
      '--description',
      'Runs Kubernetes clusters for the robot fleet',
      '--tags',
      'golang,k8s',
    ]);
    ids.otherJob = await idOf(ada, [
      'job',
      'add',
      '--company',
      'Initech',
      '--title',
      'Kubernetes Administrator',
    ]);
    ids.application = await idOf(ada, [
      'apply',
      'add',
      '--job',
      ids.job,
      '--notes',
      'Sent the portfolio',
    ]);
    ids.noteApplication = await idOf(ada, [
      'apply',
      'add',
      '--company',
      'Globex',
      '--title',
      'Analyst',
      '--notes',
      'Mentioned zeppelins',
    ]);
    const interview = await ada.run(
      [
        'apply',
        'interview',
        'add',
        ids.noteApplication,
        '--date',
        '2026-11-20',
        '--notes',
        'Whiteboard about dirigibles',
      ],
      { now: NOW },
    );
    expect(interview.code, interview.stderr).toBe(0);
    ids.contact = await idOf(ada, [
      'contact',
      'add',
      '--name',
      'Grace Hopper',
      '--company',
      'US Navy',
      '--tags',
      'mentor',
      '--notes',
      'Knows the Acme hiring manager',
    ]);
    ids.connection = await idOf(ada, [
      'connect',
      'add',
      ids.contact,
      '--type',
      'mentor',
      '--notes',
      'Monthly calls',
    ]);
    const followUp = await ada.run(
      [
        'connect',
        'followup',
        'add',
        ids.connection,
        '--due',
        '2026-12-10',
        '--type',
        'call',
        '--notes',
        'Ask about compilers',
      ],
      { now: NOW },
    );
    expect(followUp.code, followUp.stderr).toBe(0);
    ids.activity = await idOf(ada, [
      'learn',
      'add',
      '--title',
      'Kubernetes fundamentals',
      '--type',
      'course',
      '--provider',
      'Linux Foundation',
      '--skills',
      'kubernetes,helm',
    ]);
  });

  it('finds a word in titles, descriptions and tags across kinds, best first, as {type, _id, title, snippet, score}', async () => {
    const found = await search(ada, ['kubernetes']);
    expect(found.map((result) => [result.type, result._id])).toEqual([
      // Title (weight 10) and skills: the activity; the job titled with it; then descriptions.
      ['activity', ids.activity],
      ['job', ids.otherJob],
      ['job', ids.job],
      ['application', ids.application],
    ]);
    for (const result of found) {
      expect(result._id).toMatch(ID);
      expect(result.score).toBeGreaterThan(0);
      expect(Object.keys(result).sort()).toEqual([
        '_id',
        'field',
        'score',
        'snippet',
        'title',
        'type',
      ]);
    }
    const scores = found.map((result) => result.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(found[2]).toMatchObject({
      title: 'Platform Engineer at Acme Robotics',
      field: 'description',
      snippet: 'Runs Kubernetes clusters for the robot fleet',
    });
  });

  it('finds an application by its job (same score as the job) and by its own and interview notes', async () => {
    const byJob = await search(ada, ['acme', '--type', 'jobs,applications']);
    const job = byJob.find((result) => result._id === ids.job);
    const application = byJob.find((result) => result._id === ids.application);
    expect(application).toMatchObject({
      type: 'application',
      title: 'Platform Engineer at Acme Robotics (toApply)',
      field: 'job.company',
    });
    expect(application?.score).toBe(job?.score);

    expect(await search(ada, ['zeppelin'])).toEqual([
      expect.objectContaining({ type: 'application', _id: ids.noteApplication, field: 'notes' }),
    ]);
    expect(await search(ada, ['dirigible'])).toEqual([
      expect.objectContaining({
        _id: ids.noteApplication,
        field: 'interviews.notes',
        snippet: 'Whiteboard about dirigibles',
      }),
    ]);
  });

  it('finds a connection by its contact and by its follow-up notes', async () => {
    const byName = await search(ada, ['hopper']);
    expect(byName.map((result) => [result.type, result._id])).toEqual([
      ['contact', ids.contact],
      ['connection', ids.connection],
    ]);
    expect(byName[1]).toMatchObject({
      title: 'Grace Hopper (US Navy): mentor, pending',
      field: 'contact.name',
    });
    expect(await search(ada, ['compilers'])).toEqual([
      expect.objectContaining({ type: 'connection', field: 'followUps.notes' }),
    ]);
  });

  it('compares words as the index does: any case, stemmed, stop words left out', async () => {
    expect((await search(ada, ['KUBERNETES'])).length).toBe(4);
    const stemmed = await search(ada, ['clustering']);
    expect(stemmed.map((result) => result._id)).toEqual([ids.job, ids.application]);
    expect(await search(ada, ['the'])).toEqual([]);
  });

  it('takes MongoDB search strings: "a phrase" must appear, -word must not', async () => {
    const phrase = await search(ada, ['"robot fleet"']);
    expect(phrase.map((result) => result._id)).toEqual([ids.job, ids.application]);
    // The excerpt shows the phrase, not "Robotics" (which is stemmed to "robot" too).
    expect(phrase[0]).toMatchObject({ field: 'description' });
    // Words need no quotes: any of them.
    expect((await search(ada, ['zeppelin', 'compilers'])).map((result) => result.type)).toEqual([
      'application',
      'connection',
    ]);
    const without = await search(ada, ['kubernetes', '--', '-robot']);
    expect(without.map((result) => result._id)).toEqual([ids.activity, ids.otherJob]);
  });

  it('--type keeps some kinds (read as every choice is); a wrong one is a usage error', async () => {
    const jobs = await search(ada, ['kubernetes', '--type', 'job']);
    expect(new Set(jobs.map((result) => result.type))).toEqual(new Set(['job']));
    const learning = await search(ada, ['kubernetes', '--type', 'Activities,app']);
    expect(learning.map((result) => result.type)).toEqual(['activity', 'application']);
    const wrong = await ada.run(['search', 'kubernetes', '--type', 'jobs,emails']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("error: --type: 'emails' is not allowed");
    expect(wrong.stderr).toContain(
      'hint: use one of: jobs, applications, contacts, connections, activities',
    );
  });

  it('--limit keeps the best N of all kinds; a bad one is a usage error', async () => {
    const all = await search(ada, ['kubernetes']);
    expect(await search(ada, ['kubernetes', '--limit', '2'])).toEqual(all.slice(0, 2));
    const bad = await ada.run(['search', 'kubernetes', '--limit', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit must be a whole number from 1 to 500');
  });

  it('prints a table with short ids and the commands that open each kind (at a terminal)', async () => {
    const result = await ada.run(['search', 'hopper'], { tty: true, columns: 160, now: NOW });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/│ ID +│ Type +│ Title +│ In +│ Match +│/);
    expect(result.stdout).toContain(`│ ${ids.contact?.slice(0, 8)}`);
    expect(result.stdout).toContain('Grace Hopper (US Navy)');
    expect(result.stderr).toContain('Open one: career contact show ID · career connect show ID');
    const piped = await ada.run(['search', 'hopper'], { now: NOW });
    expect(piped.stdout.split('\n')[0]).toMatch(
      /^[0-9a-f]{8,}\tcontact\tGrace Hopper \(US Navy\)\tname\tGrace Hopper$/,
    );
    expect(piped.stderr).toBe('');
  });

  it('says so when nothing matches (exit 0), and --json gives []', async () => {
    const none = await ada.run(['search', 'xylophone'], { now: NOW });
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('Nothing found for "xylophone" in your records.\n');
    expect(none.stderr).toContain('Try other or fewer words.');
    const typed = await ada.run(['search', 'xylophone', '--type', 'contacts'], { now: NOW });
    expect(typed.stdout).toBe('Nothing found for "xylophone" in contacts.\n');
    expect(typed.stderr).toContain('or leave out --type');
    expect(await search(ada, ['xylophone'])).toEqual([]);
  });

  it('refuses an empty search', async () => {
    const empty = await ada.run(['search', '  ']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('error: TEXT cannot be empty');
  });

  it('shows control characters of the data as escapes in the excerpt, in the table and in --json', async () => {
    await idOf(ada, [
      'contact',
      'add',
      '--name',
      'Eve Mallory',
      '--notes',
      'Quasar \u001b[2Jcleared \u202eevil',
    ]);
    const found = await search(ada, ['quasar']);
    expect(found[0]?.snippet).toBe('Quasar \\x1b[2Jcleared \\u202eevil');
    const table = await ada.run(['search', 'quasar'], { tty: true, columns: 160, now: NOW });
    expect(table.stdout).not.toContain('\u001b[2J');
    expect(table.stdout).not.toContain('\u202e');
    expect(table.stdout).toContain('\\x1b[2Jcleared');
  });

  it('a new account gets its first steps instead', async () => {
    const fresh = await inProcessAccount('New Person', { dbUri: database().uri });
    const result = await fresh.run(['search', 'kubernetes']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Nothing to search yet. Start with:');
  });

  it("two users on one database never find each other's records", async () => {
    const bob = await inProcessAccount('Bob', { dbUri: database().uri });
    // Nothing of Ada's, whatever the words.
    for (const words of ['kubernetes', 'acme', 'hopper', 'zeppelin', 'dirigible', 'compilers']) {
      expect(await search(bob, [words])).toEqual([]);
    }
    const bobsJob = await idOf(bob, [
      'job',
      'add',
      '--company',
      'Acme Robotics',
      '--title',
      'Kubernetes Engineer',
    ]);
    const bobsFound = await search(bob, ['kubernetes acme']);
    expect(bobsFound.map((result) => result._id)).toEqual([bobsJob]);
    const adasFound = await search(ada, ['kubernetes acme']);
    expect(adasFound.map((result) => result._id)).not.toContain(bobsJob);
    expect(adasFound.length).toBeGreaterThan(0);
  });

  it('a database made before search gets its text indexes at the next command', async () => {
    // As a database of the previous index set: no text indexes, its marker at version 3.
    await withClient(database().uri, async (client) => {
      const db = client.db('career');
      for (const name of [
        'jobs',
        'applications',
        'contacts',
        'connections',
        'developmentactivities',
      ]) {
        await db.collection(name).dropIndex('search');
      }
      await db
        .collection<{ _id: string; version: number }>('schema_version')
        .updateOne({ _id: 'indexes' }, { $set: { version: 3 } });
    });
    expect((await search(ada, ['kubernetes'])).length).toBe(4);
    await withClient(database().uri, async (client) => {
      const indexes = await client.db('career').collection('contacts').listIndexes().toArray();
      expect(indexes.find((index) => index.name === 'search')).toMatchObject({
        key: { userId: 1, _fts: 'text', _ftsx: 1 },
        weights: { name: 10, company: 5, title: 3, tags: 3, notes: 1 },
      });
    });
  });
});
