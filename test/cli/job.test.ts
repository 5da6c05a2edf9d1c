// `career job ...` end to end, in this process (test/helpers/in-process.ts) against the embedded
// engine; job-process.test.ts keeps a child-process smoke test of the built CLI.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobAddJson } from '../../src/commands/job/add.js';
import type { JobListJson } from '../../src/commands/job/list.js';
import type { JobRemoveJson } from '../../src/commands/job/remove.js';
import type { JobShowJson } from '../../src/commands/job/show.js';
import type { JobUpdateJson } from '../../src/commands/job/update.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { sharedPrefix } from '../helpers/ids.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

afterAll(removeTempDirs);

const HEX_ID = /^[0-9a-f]{24}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function json<T>(result: InProcessResult): T {
  expect(result.stderr).not.toMatch(/^error:/m);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

describe('career job', () => {
  let ada: TestAccount;

  beforeAll(async () => {
    ada = await signedInAccount('Ada Lovelace');
  });

  it('adds, lists, filters, shows, updates and removes jobs (--json)', async () => {
    const acme = json<JobAddJson>(
      await ada.run([
        'job',
        'add',
        '--json',
        '--company',
        'ACME',
        '--title',
        'Engineer',
        '--location',
        'Berlin',
        '--url',
        'https://acme.example/jobs/1',
        '--source',
        'LinkedIn',
        '--salary-min',
        '50000',
        '--salary-max',
        '70000',
        '--currency',
        'eur',
        '--work-mode',
        'remote',
        '--description',
        'Build things',
        '--tags',
        'ts, node,ts',
      ]),
    );
    expect(acme).toMatchObject({
      company: 'ACME',
      title: 'Engineer',
      location: 'Berlin',
      source: 'LinkedIn',
      workMode: 'remote',
      salary: { min: 50000, max: 70000, currency: 'EUR' },
      tags: ['ts', 'node'],
    });
    expect(acme._id).toMatch(HEX_ID);
    expect(acme.userId).toMatch(HEX_ID);
    expect(acme.createdAt).toMatch(ISO_DATE);

    const globex = json<JobAddJson>(
      await ada.run([
        'job',
        'add',
        '--json',
        '--company',
        'Globex',
        '--title',
        'Developer',
        '--work-mode',
        'hybrid',
        '--tags',
        'python',
      ]),
    );
    // Regex metacharacters in a company name are matched literally by --company.
    const dotted = json<JobAddJson>(
      await ada.run(['job', 'add', '--json', '--company', 'A.C.M.E (EU)', '--title', 'Analyst']),
    );

    const all = json<JobListJson>(await ada.run(['job', 'list', '--json']));
    expect(Array.isArray(all)).toBe(true);
    // Newest first by default.
    expect(all.map((job) => job._id)).toEqual([dotted._id, globex._id, acme._id]);

    const byCompany = json<JobListJson>(
      await ada.run(['job', 'list', '--json', '--company', 'acm']),
    );
    expect(byCompany.map((job) => job.company)).toEqual(['ACME']);
    const literal = json<JobListJson>(
      await ada.run(['job', 'list', '--json', '--company', '(eu)']),
    );
    expect(literal.map((job) => job._id)).toEqual([dotted._id]);
    expect(json<JobListJson>(await ada.run(['job', 'list', '--json', '--company', '.*']))).toEqual(
      [],
    );

    const byTag = json<JobListJson>(await ada.run(['job', 'list', '--json', '--tag', 'python']));
    expect(byTag.map((job) => job._id)).toEqual([globex._id]);
    const byMode = json<JobListJson>(
      await ada.run(['job', 'list', '--json', '--work-mode', 'remote']),
    );
    expect(byMode.map((job) => job._id)).toEqual([acme._id]);

    const sorted = json<JobListJson>(await ada.run(['job', 'list', '--json', '--sort', 'company']));
    expect(sorted.map((job) => job.company)).toEqual(['A.C.M.E (EU)', 'ACME', 'Globex']);
    const page2 = json<JobListJson>(
      await ada.run([
        'job',
        'list',
        '--json',
        '--sort',
        'title:desc',
        '--limit',
        '1',
        '--page',
        '2',
      ]),
    );
    expect(page2.map((job) => job.title)).toEqual(['Developer']);

    const table = await ada.run(['job', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(acme._id.slice(0, 8));
    // The harness gives each run its own ObjectId process bytes, as separate processes have,
    // so the table shortens ids here too (job-process.test.ts checks it across processes).
    expect(table.stdout).not.toContain(acme._id);
    expect(table.stdout).toContain('Berlin');

    const shown = json<JobShowJson>(
      await ada.run(['job', 'show', '--json', acme._id.slice(0, 10)]),
    );
    expect(shown).toMatchObject({ _id: acme._id, company: 'ACME', applications: [] });

    const updated = json<JobUpdateJson>(
      await ada.run([
        'job',
        'update',
        '--json',
        acme._id,
        '--location',
        '',
        '--salary-max',
        '80000',
        '--title',
        'Senior Engineer',
      ]),
    );
    expect(updated).toMatchObject({
      _id: acme._id,
      title: 'Senior Engineer',
      salary: { min: 50000, max: 80000, currency: 'EUR' },
    });
    expect(updated.location).toBeUndefined();

    const human = await ada.run(['job', 'update', globex._id, '--location', 'Remote']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`Updated job ${globex._id.slice(0, 8)}`);

    const removed = json<JobRemoveJson>(
      await ada.run(['job', 'remove', '--json', '--yes', dotted._id]),
    );
    expect(removed).toMatchObject({ _id: dotted._id, removedApplications: 0 });
    const left = json<JobListJson>(await ada.run(['job', 'list', '--json']));
    expect(left.map((job) => job._id).sort()).toEqual([acme._id, globex._id].sort());
  });

  it('rejects bad input with exit 2 and writes nothing', async () => {
    const bob = await signedInAccount('Bob');
    const missing = await bob.run(['job', 'add', '--title', 'Engineer']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--company');

    const mode = await bob.run([
      'job',
      'add',
      '--company',
      'A',
      '--title',
      'B',
      '--work-mode',
      'moon',
    ]);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain('remote, hybrid, onsite');

    const salary = await bob.run([
      'job',
      'add',
      '--company',
      'A',
      '--title',
      'B',
      '--salary-min',
      '9',
      '--salary-max',
      '1',
    ]);
    expect(salary.code).toBe(2);
    expect(salary.stderr).toMatch(/minimum salary/);

    const notNumber = await bob.run([
      'job',
      'add',
      '--company',
      'A',
      '--title',
      'B',
      '--salary-min',
      'lots',
    ]);
    expect(notNumber.code).toBe(2);

    const sort = await bob.run(['job', 'list', '--sort', 'salary']);
    expect(sort.code).toBe(2);
    expect(sort.stderr).toContain('company, title, createdAt');

    expect(json<JobListJson>(await bob.run(['job', 'list', '--json']))).toEqual([]);

    const empty = await bob.run(['job', 'update', 'abcd']);
    expect(empty.code).toBe(3);
  });

  it('refuses to remove a job with applications unless --force, and asks for --yes', async () => {
    const job = json<JobAddJson>(
      await ada.run(['job', 'add', '--json', '--company', 'Initech', '--title', 'Tester']),
    );
    json(await ada.run(['apply', 'add', '--json', '--job', job._id]));

    const refused = await ada.run(['job', 'remove', '--yes', job._id]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/1 application.*not removed/);
    expect(refused.stderr).toContain('--force');

    const unconfirmed = await ada.run(['job', 'remove', '--force', job._id]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');

    const shown = json<JobShowJson>(await ada.run(['job', 'show', '--json', job._id]));
    expect(shown.applications).toHaveLength(1);

    const forced = await ada.run(['job', 'remove', '--force', '--yes', job._id]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('Removed 1 application');
    expect((await ada.run(['job', 'show', job._id])).code).toBe(3);
  });

  it('resolves unique id prefixes and reports ambiguous ones (exit 4)', async () => {
    const carol = await signedInAccount('Carol');
    const ids: string[] = [];
    for (const title of ['One', 'Two', 'Three']) {
      ids.push(
        json<JobAddJson>(
          await carol.run(['job', 'add', '--json', '--company', 'X', '--title', title]),
        )._id,
      );
    }
    const prefix = sharedPrefix(ids);
    expect(prefix.length).toBeGreaterThanOrEqual(4);
    const ambiguous = await carol.run(['job', 'show', prefix.slice(0, Math.min(prefix.length, 8))]);
    expect(ambiguous.code).toBe(4);
    expect(ambiguous.stderr).toMatch(/matches [23] jobs/);

    const tooShort = await carol.run(['job', 'show', 'abc']);
    expect(tooShort.code).toBe(2);
  });
});

describe('career job with two users on one database', () => {
  let server: IsolatedDatabase;
  let owner: TestAccount;
  let other: TestAccount;

  beforeAll(async () => {
    server = await isolatedDatabase({ transport: 'tcp' });
    owner = await signedInAccount('Owner', { dbUri: server.uri });
    other = await signedInAccount('Other', { dbUri: server.uri });
  });

  afterAll(async () => {
    await server?.close();
  });

  it("another user's job is not found (exit 3), by full id or prefix, and stays unchanged", async () => {
    const job = json<JobAddJson>(
      await owner.run(['job', 'add', '--json', '--company', 'Secret Co', '--title', 'Spy']),
    );
    for (const args of [
      ['job', 'show', job._id],
      ['job', 'show', job._id.slice(0, 12)],
      ['job', 'update', job._id, '--title', 'Hacked'],
      ['job', 'remove', '--yes', '--force', job._id],
      ['apply', 'add', '--job', job._id],
    ]) {
      const result = await other.run(args);
      expect(result.code, args.join(' ')).toBe(3);
    }
    expect(json<JobListJson>(await other.run(['job', 'list', '--json']))).toEqual([]);
    const after = json<JobShowJson>(await owner.run(['job', 'show', '--json', job._id]));
    expect(after).toMatchObject({ title: 'Spy', applications: [] });
  });
});
