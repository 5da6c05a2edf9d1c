// `career job add --from-url/--from-file` and `apply add --from-url`, in this process
// (test/helpers/in-process.ts), two users on one database, pages from a local server
// (test/helpers/posting-server.ts). job-capture-process.test.ts checks the exit codes of the
// built CLI in a child process.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApplyAddJson } from '../../src/commands/apply/add.js';
import type { ApplyListJson } from '../../src/commands/apply/list.js';
import type { JobAddJson } from '../../src/commands/job/add.js';
import type { JobListJson } from '../../src/commands/job/list.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount,
  type InProcessAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import {
  closedPortUrl,
  postingFile,
  postingText,
  startPostingServer,
  type PostingServer,
} from '../helpers/posting-server.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let database: IsolatedDatabase;
let server: PostingServer;
let ada: InProcessAccount;
let bob: InProcessAccount;

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  server = await startPostingServer();
  ada = await inProcessAccount('Ada', { dbUri: database.uri });
  bob = await inProcessAccount('Bob', { dbUri: database.uri });
});

afterAll(async () => {
  await server?.close();
  await database?.close();
  removeTempDirs();
});

function json<T>(result: InProcessResult): T {
  expect(result.stderr).not.toMatch(/^error:/m);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

// eslint-disable-next-line no-control-regex -- raw control characters must never be printed
const RAW_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

describe('career job add --from-url', () => {
  it("fills the job from the page's JobPosting; the page is its url, the host its source", async () => {
    const url = server.url('/postings/greenhouse-like.html');
    const job = json<JobAddJson>(await ada.run(['job', 'add', '--json', '--from-url', url]));
    expect(job).toMatchObject({
      company: 'Initech',
      title: 'Senior Backend Engineer',
      location: 'Berlin, DE',
      url,
      source: '127.0.0.1',
      salary: { min: 70000, max: 90000, currency: 'EUR', period: 'year' },
      employmentType: 'full-time',
      postedAt: '2026-11-20T00:00:00.000Z',
      validThrough: '2027-01-31T23:59:59.000Z',
      tags: ['TypeScript', 'Node.js', 'MongoDB'],
      description:
        "We're building the TPS report platform.\n\nWhat you'll do\n\n- Design APIs\n- Run services",
    });
    const shown = await ada.run(['job', 'show', job._id]);
    expect(shown.stdout).toMatch(/Salary: +70000-90000 EUR a year/);
    expect(shown.stdout).toMatch(/Employment: +full-time/);
    expect(shown.stdout).toMatch(/Posted: +2026-11-20/);
    expect(shown.stdout).toMatch(/Open until: +2027-01-31/);
    expect(shown.stdout).toContain('- Design APIs');
  });

  it('lets the flags given next to it win, and says what came from the page', async () => {
    const added = await ada.run([
      'job',
      'add',
      '--from-url',
      server.url('/postings/workday-like.html'),
      '--title',
      'Senior Data Analyst',
      '--location',
      'Remote',
      '--tags',
      'sql',
      '--salary-period',
      'hour',
    ]);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(
      /^✓ Added job [0-9a-f]{8,}: Senior Data Analyst at Umbrella Corporation\nRead from http:\/\/127\.0\.0\.1:\d+\/postings\/workday-like\.html \(schema\.org JobPosting\): company, salary, employment type, description, date posted\.\n$/,
    );
    const jobs = json<JobListJson>(
      await ada.run(['job', 'list', '--json', '--company', 'umbrella']),
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      title: 'Senior Data Analyst',
      location: 'Remote',
      tags: ['sql'],
      salary: { min: 45.5, max: 45.5, currency: 'USD', period: 'hour' },
    });
  });

  it('reads a saved page from a file or stdin (microdata, OpenGraph, JSON-LD)', async () => {
    const fromFile = json<JobAddJson>(
      await ada.run(['job', 'add', '--json', '--from-file', postingFile('microdata.html')]),
    );
    expect(fromFile).toMatchObject({ title: 'Mobile Developer', company: 'Stark Industries' });
    // A saved page says nothing of where it was: no url, no source (microdata gave none).
    expect(fromFile.url).toBeUndefined();
    const fromStdin = json<JobAddJson>(
      await ada.run(['job', 'add', '--json', '--from-file', '-'], {
        stdin: postingText('opengraph.html'),
      }),
    );
    expect(fromStdin).toMatchObject({
      title: 'QA Engineer',
      company: 'Wayne Enterprises',
      url: 'https://careers.wayne.example/jobs/qa-engineer',
      source: 'careers.wayne.example',
    });
    const jsonLd = json<JobAddJson>(
      await ada.run(['job', 'add', '--json', '--from-url', server.url('/posting.jsonld')]),
    );
    expect(jsonLd).toMatchObject({ title: 'Linked Data Engineer', company: 'Soylent' });
  });

  it("prints a hostile page's text harmlessly, capped, and stores no javascript: URL", async () => {
    const added = await ada.run(['job', 'add', '--from-file', postingFile('hostile.html')]);
    expect(added.code).toBe(0);
    const id = /Added job ([0-9a-f]+)/.exec(added.stdout)?.[1] ?? '';
    const shown = await ada.run(['job', 'show', id]);
    for (const output of [added.stdout, added.stderr, shown.stdout, shown.stderr]) {
      expect(output).not.toMatch(RAW_CONTROLS);
    }
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Evil31m Corp');
    const stored = json<JobListJson>(await ada.run(['job', 'list', '--json', '--company', 'evil']));
    expect(stored[0]?.title.length).toBeLessThanOrEqual(200);
    expect(stored[0]?.url).toBeUndefined();
    expect(stored[0]?.salary).toBeUndefined();
  });

  it('fails with one clear line and its exit code, writing nothing', async () => {
    const closed = await closedPortUrl();
    const cases: Array<[args: string[], code: number, error: RegExp]> = [
      [
        ['--from-url', server.url('/postings/no-posting.html')],
        3,
        /^error: no job posting on http/,
      ],
      [
        ['--from-url', server.url('/postings/title-only.html')],
        3,
        /only a page titled 'Welcome to our site'/,
      ],
      [['--from-url', server.url('/json')], 13, /is not a web page \(application\/json\)$/m],
      [['--from-url', server.url('/loop/a')], 13, /^error: redirect loop: /],
      [['--from-url', server.url('/missing')], 13, /answered HTTP 404 Not Found$/m],
      [['--from-url', server.url('/declared-huge')], 13, /is larger than 5 MB: it was not read$/m],
      [
        ['--from-url', server.url('/slow'), '--timeout', '0.3'],
        12,
        /did not answer within 0\.3 s\nhint: .*--timeout/,
      ],
      [
        ['--from-url', closed],
        14,
        /^error: cannot reach 127\.0\.0\.1:\d+: the connection was refused$/m,
      ],
      [['--from-url', 'javascript:alert(1)'], 2, /^error: --from-url: only http and https pages/],
      [['--from-url', 'jobs.example/1'], 2, /^error: --from-url: 'jobs.example\/1' is not a URL/],
      [
        ['--from-url', server.url('/json'), '--from-file', '-'],
        2,
        /^error: give --from-url or --from-file, not both$/m,
      ],
      [
        ['--from-url', server.url('/json'), '--timeout', 'soon'],
        2,
        /^error: --timeout must be a number of seconds/,
      ],
      [
        ['--from-file', '/nonexistent/page.html'],
        2,
        /^error: cannot read \/nonexistent\/page\.html: no such file$/m,
      ],
      [
        ['--from-file', postingFile('greenhouse-like.html'), '--currency', 'EURO'],
        2,
        /^error: --currency must be a 3-letter code/,
      ],
    ];
    for (const [args, code, error] of cases) {
      const result = await ada.run(['job', 'add', ...args]);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr, args.join(' ')).toMatch(error);
      expect(result.stdout, args.join(' ')).toBe('');
    }
    // The page's title is enough once a company is given.
    const titled = json<JobAddJson>(
      await ada.run([
        'job',
        'add',
        '--json',
        '--from-url',
        server.url('/postings/title-only.html'),
        '--company',
        'Acme',
      ]),
    );
    expect(titled).toMatchObject({
      company: 'Acme',
      title: 'Welcome to our site',
      source: '127.0.0.1',
    });
  });
});

describe('the fields a posting brought, set by hand', () => {
  it('job add and update take --employment-type and --salary-period, checked as choices', async () => {
    const job = json<JobAddJson>(
      await ada.run([
        'job',
        'add',
        '--json',
        '--company',
        'Hand Made',
        '--title',
        'Welder',
        '--employment-type',
        'part time',
        '--salary-min',
        '30',
        '--salary-period',
        'hour',
      ]),
    );
    expect(job).toMatchObject({ employmentType: 'part-time', salary: { min: 30, period: 'hour' } });
    const updated = json<JobAddJson>(
      await ada.run([
        'job',
        'update',
        '--json',
        job._id,
        '--employment-type',
        'contract',
        '--salary-period',
        'mon',
      ]),
    );
    expect(updated).toMatchObject({
      employmentType: 'contract',
      salary: { min: 30, period: 'month' },
    });
    const cleared = json<JobAddJson>(
      await ada.run(['job', 'update', '--json', job._id, '--employment-type', '']),
    );
    expect(cleared.employmentType).toBeUndefined();
    const bad = await ada.run(['job', 'update', job._id, '--employment-type', 'forever']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^error: --employment-type: 'forever' is not allowed\nhint: use one of: full-time, part-time/,
    );
    // Bob cannot change Ada's job (not found), whatever he sets.
    const other = await bob.run(['job', 'update', job._id, '--employment-type', 'other']);
    expect(other.code).toBe(3);
  });
});

describe('career apply add --from-url', () => {
  it('adds the job from the page and the application; again, the same job is used', async () => {
    const url = server.url('/postings/lever-like.html');
    const first = await ada.run([
      'apply',
      'add',
      '--from-url',
      url,
      '--status',
      'applied',
      '--date',
      '2026-11-30',
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /✓ Added job [0-9a-f]{8,}: Platform Engineer at Globex\nRead from /,
    );
    expect(first.stdout).toMatch(
      /✓ Added application [0-9a-f]{8,} for Platform Engineer at Globex \(applied\)/,
    );
    const again = await ada.run([
      'apply',
      'add',
      '--json',
      '--from-url',
      url,
      '--date',
      '2026-12-01',
    ]);
    expect(again.stderr).toMatch(
      /^Using your existing job [0-9a-f]{8,}: Platform Engineer at Globex\.$/m,
    );
    const application = json<ApplyAddJson>(again);
    expect(application.job).toMatchObject({ company: 'Globex', title: 'Platform Engineer' });
    const jobs = json<JobListJson>(await ada.run(['job', 'list', '--json', '--company', 'globex']));
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ workMode: 'remote', employmentType: 'contract', url });
    const refused = await ada.run(['apply', 'add', '--job', jobs[0]?._id ?? '', '--from-url', url]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: give --job or a page to read/);
    const none = await ada.run([
      'apply',
      'add',
      '--from-url',
      server.url('/postings/no-posting.html'),
    ]);
    expect(none.code).toBe(3);
  });

  it("keeps each user's captured jobs apart on one database", async () => {
    const url = server.url('/postings/lever-like.html');
    // Bob captures the page Ada did: his own job, no conflict with hers.
    const bobs = json<ApplyAddJson>(await bob.run(['apply', 'add', '--json', '--from-url', url]));
    expect(bobs.job).toMatchObject({ company: 'Globex', title: 'Platform Engineer' });
    const bobJobs = json<JobListJson>(await bob.run(['job', 'list', '--json']));
    expect(bobJobs.map((job) => job.title)).toEqual(['Platform Engineer']);
    const adaJobs = json<JobListJson>(
      await ada.run(['job', 'list', '--json', '--company', 'globex']),
    );
    expect(adaJobs).toHaveLength(1);
    expect(adaJobs[0]?._id).not.toBe(bobs.job?._id);
    const bobApplications = json<ApplyListJson>(await bob.run(['apply', 'list', '--json']));
    expect(bobApplications).toHaveLength(1);
    const adaApplications = json<ApplyListJson>(
      await ada.run(['apply', 'list', '--json', '--company', 'globex']),
    );
    expect(adaApplications).toHaveLength(2);
  });
});

describe('captured jobs through export and import', () => {
  it("keeps the posting's fields in a CSV export that another user imports", async () => {
    const url = server.url('/postings/greenhouse-like.html?round=trip');
    const job = json<JobAddJson>(
      await ada.run(['job', 'add', '--json', '--from-url', url, '--title', 'Round Trip Engineer']),
    );
    const csv = await ada.run(['export', '--type', 'jobs', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const header = csv.stdout.split('\n')[0] ?? '';
    expect(header).toContain('salary.period,workMode,employmentType,postedAt,validThrough');
    const imported = await bob.run(['import', '-', '--type', 'jobs'], { stdin: csv.stdout });
    expect(imported.stderr).not.toMatch(/^error:/m);
    const bobs = json<JobListJson>(
      await bob.run(['job', 'list', '--json', '--company', 'initech']),
    );
    const copy = bobs.find((item) => item.title === 'Round Trip Engineer');
    expect(copy).toMatchObject({
      salary: job.salary,
      employmentType: job.employmentType,
      postedAt: job.postedAt,
      validThrough: job.validThrough,
      description: job.description,
    });
  });
});
