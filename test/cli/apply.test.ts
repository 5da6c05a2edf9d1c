// `career apply ...` end to end: applications, the status pipeline and interviews, run in this
// process (test/helpers/in-process.ts) against the embedded engine.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApplyAddJson } from '../../src/commands/apply/add.js';
import type { ApplyInterviewAddJson } from '../../src/commands/apply/interview/add.js';
import type { ApplyInterviewListJson } from '../../src/commands/apply/interview/list.js';
import type { ApplyInterviewUpdateJson } from '../../src/commands/apply/interview/update.js';
import type { ApplyListJson } from '../../src/commands/apply/list.js';
import type { ApplyNoteJson } from '../../src/commands/apply/note.js';
import type { ApplyRemoveJson } from '../../src/commands/apply/remove.js';
import type { ApplyShowJson } from '../../src/commands/apply/show.js';
import type { ApplyStatusJson } from '../../src/commands/apply/status.js';
import type { ApplyUpdateJson } from '../../src/commands/apply/update.js';
import type { JobAddJson } from '../../src/commands/job/add.js';
import type { JobListJson } from '../../src/commands/job/list.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
} from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { sharedPrefix, uniquePrefix } from '../helpers/ids.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

afterAll(removeTempDirs);

const HEX_ID = /^[0-9a-f]{24}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The ISO form of a local date-time, as `--date 2026-03-01` means local midnight. */
function localIso(text: string): string {
  return new Date(text).toISOString();
}

describe('career apply', () => {
  let ada: TestAccount;

  beforeAll(async () => {
    ada = await signedInAccount('Ada Lovelace');
  });

  it('adds applications, finding or creating the job, with status history and dates', async () => {
    const first = json<ApplyAddJson>(
      await ada.run([
        'apply',
        'add',
        '--json',
        '--company',
        'ACME',
        '--title',
        'Engineer',
        '--notes',
        'Referral from Bob',
        '--resume',
        'https://cv.example/ada.pdf',
      ]),
    );
    expect(first._id).toMatch(HEX_ID);
    expect(first.jobId).toMatch(HEX_ID);
    expect(first).toMatchObject({
      status: 'toApply',
      notes: 'Referral from Bob',
      documents: { resumeUrl: 'https://cv.example/ada.pdf' },
      interviews: [],
      job: { _id: first.jobId, company: 'ACME', title: 'Engineer' },
    });
    expect(first.applicationDate).toBeUndefined();
    expect(first.statusHistory).toHaveLength(1);
    expect(first.statusHistory[0]?.status).toBe('toApply');
    expect(first.statusHistory[0]?.at).toMatch(ISO_DATE);
    expect(first.createdAt).toMatch(ISO_DATE);

    // Company and title match the existing job ignoring case (exactly, not as a substring).
    const second = json<ApplyAddJson>(
      await ada.run([
        'apply',
        'add',
        '--json',
        '--company',
        'acme',
        '--title',
        'ENGINEER',
        '--status',
        'applied',
        '--date',
        '2026-03-01',
      ]),
    );
    expect(second.jobId).toBe(first.jobId);
    expect(second.status).toBe('applied');
    expect(second.applicationDate).toBe(localIso('2026-03-01T00:00:00'));
    expect(second.statusHistory.map((change) => change.status)).toEqual(['applied']);

    // Applied without --date: the application date is now.
    const before = Date.now();
    const third = json<ApplyAddJson>(
      await ada.run([
        'apply',
        'add',
        '--json',
        '--company',
        'ACME',
        '--title',
        'Engineer II',
        '--status',
        'applied',
      ]),
    );
    expect(third.jobId).not.toBe(first.jobId);
    expect(Date.parse(third.applicationDate ?? '')).toBeGreaterThanOrEqual(before - 5_000);

    // An operator-looking title is an ordinary string, stored and matched literally.
    const literal = json<ApplyAddJson>(
      await ada.run(['apply', 'add', '--json', '--company', 'ACME', '--title', '{"$gt":""}']),
    );
    expect(literal.job?.title).toBe('{"$gt":""}');
    expect([first.jobId, third.jobId]).not.toContain(literal.jobId);
    // (Sent today: the job's one undated application is `literal`.)
    const again = json<ApplyAddJson>(
      await ada.run([
        'apply',
        'add',
        '--json',
        '--company',
        'acme',
        '--title',
        '{"$gt":""}',
        '--status',
        'applied',
      ]),
    );
    expect(again.jobId).toBe(literal.jobId);
    // A second undated application of that job is the first: a conflict naming it.
    const twice = await ada.run(['apply', 'add', '--company', 'ACME', '--title', '{"$gt":""}']);
    expect([twice.code, twice.stderr]).toEqual([
      5,
      `error: {"$gt":""} at ACME already has an undated application: ${literal._id}\n` +
        `hint: see it with \`career apply show ${literal._id}\`, or give this one another date (--date)\n`,
    ]);
    const jobs = json<JobListJson>(await ada.run(['job', 'list', '--json', '--sort', 'createdAt']));
    expect(jobs.map((job) => job.title)).toEqual(['Engineer', 'Engineer II', '{"$gt":""}']);

    // By job id (prefix), with the human output.
    const byJob = await ada.run([
      'apply',
      'add',
      '--job',
      uniquePrefix(
        first.jobId,
        jobs.map((job) => job._id),
        20,
      ),
      '--status',
      'rejected',
      '--cover-letter',
      'https://cv.example/letter.pdf',
    ]);
    expect(byJob.code).toBe(0);
    expect(byJob.stdout).toMatch(
      /Added application [0-9a-f]{8,} for Engineer at ACME \(rejected\)/,
    );
    expect(byJob.stdout).not.toContain('Added job');
  });

  it('moves through statuses, recording history and the application date', async () => {
    const app = json<ApplyAddJson>(
      await ada.run(['apply', 'add', '--json', '--company', 'Globex', '--title', 'Dev']),
    );
    const ids = json<ApplyListJson>(await ada.run(['apply', 'list', '--json'])).map((a) => a._id);
    // Jumping past applied sets the application date to the change's date.
    const interviewing = json<ApplyStatusJson>(
      await ada.run([
        'apply',
        'status',
        '--json',
        uniquePrefix(app._id, ids, 12),
        'interviewing',
        '--date',
        '2026-03-10',
      ]),
    );
    expect(interviewing.status).toBe('interviewing');
    expect(interviewing.applicationDate).toBe(localIso('2026-03-10T00:00:00'));
    expect(interviewing.statusHistory.map((change) => [change.status, change.at])).toEqual([
      ['toApply', app.statusHistory[0]?.at],
      ['interviewing', localIso('2026-03-10T00:00:00')],
    ]);

    // The same status again changes nothing and says so.
    const same = await ada.run(['apply', 'status', '--json', app._id, 'interviewing']);
    expect(same.code).toBe(0);
    expect(same.stderr).toContain('already interviewing; nothing changed');
    expect((JSON.parse(same.stdout) as ApplyStatusJson).statusHistory).toHaveLength(2);

    // A later status keeps the first application date.
    const offer = await ada.run(['apply', 'status', app._id, 'offer', '--date', '2026-04-01']);
    expect(offer.code).toBe(0);
    expect(offer.stdout).toContain('from interviewing to offer');

    const noted1 = json<ApplyNoteJson>(
      await ada.run(['apply', 'note', '--json', app._id, 'Called HR']),
    );
    expect(noted1.notes).toMatch(/^\[\d{4}-\d{2}-\d{2}\] Called HR$/);
    const noted2 = json<ApplyNoteJson>(
      await ada.run(['apply', 'note', '--json', app._id, 'Signed']),
    );
    expect(noted2.notes?.split('\n')).toHaveLength(2);
    expect(noted2.notes).toMatch(/Called HR\n\[\d{4}-\d{2}-\d{2}\] Signed$/);

    const shown = json<ApplyShowJson>(await ada.run(['apply', 'show', '--json', app._id]));
    expect(shown.status).toBe('offer');
    expect(shown.applicationDate).toBe(localIso('2026-03-10T00:00:00'));
    expect(shown.statusHistory.map((change) => change.status)).toEqual([
      'toApply',
      'interviewing',
      'offer',
    ]);
    expect(shown.job).toMatchObject({ _id: app.jobId, company: 'Globex', title: 'Dev' });

    const human = await ada.run(['apply', 'show', app._id]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Status history');
    expect(human.stdout).toContain('Globex');
    expect(human.stdout).toContain('2026-03-10 00:00');

    // update: date, documents, notes cleared, another job.
    const other = json<JobAddJson>(
      await ada.run(['job', 'add', '--json', '--company', 'Globex', '--title', 'Lead']),
    );
    const updated = json<ApplyUpdateJson>(
      await ada.run([
        'apply',
        'update',
        '--json',
        app._id,
        '--date',
        '2026-03-09',
        '--notes',
        '',
        '--resume',
        'https://cv.example/r.pdf',
        '--job',
        other._id,
      ]),
    );
    expect(updated).toMatchObject({
      applicationDate: localIso('2026-03-09T00:00:00'),
      documents: { resumeUrl: 'https://cv.example/r.pdf' },
      jobId: other._id,
      job: { title: 'Lead' },
    });
    expect(updated.notes).toBeUndefined();
    expect(updated.status).toBe('offer');

    const removeUnconfirmed = await ada.run(['apply', 'remove', app._id]);
    expect(removeUnconfirmed.code).toBe(2);
    expect(removeUnconfirmed.stderr).toContain('--yes');
    const removed = json<ApplyRemoveJson>(
      await ada.run(['apply', 'remove', '--json', '--yes', app._id]),
    );
    expect(removed._id).toBe(app._id);
    expect((await ada.run(['apply', 'show', app._id])).code).toBe(3);
  });

  it('rejects bad input (exit 2) and writes nothing', async () => {
    const bob = await signedInAccount('Bob');
    const badStatus = await bob.run([
      'apply',
      'add',
      '--company',
      'A',
      '--title',
      'B',
      '--status',
      'hired',
    ]);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('toApply, applied, interviewing, offer, rejected');

    const badDate = await bob.run([
      'apply',
      'add',
      '--company',
      'A',
      '--title',
      'B',
      '--date',
      'when pigs fly',
    ]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--date');
    // Days that do not exist are refused, not rolled over (2026-02-30 was stored as 03-02),
    // and so are years outside 1900-2200.
    const run = (date: string) =>
      bob.run(['apply', 'add', '--company', 'A', '--title', 'B', '--date', date]);
    // One after the other: in-process runs take turns anyway.
    const noSuchDay = await run('2026-02-30');
    const farYear = await run('102026-01-01');
    expect(noSuchDay.code).toBe(2);
    expect(noSuchDay.stderr).toContain(
      "error: --date: '2026-02-30' is not a date: February 2026 has 28 days",
    );
    expect(farYear.code).toBe(2);
    expect(farYear.stderr).toContain('is outside the years 1900 to 2200');

    const noCompany = await bob.run(['apply', 'add', '--title', 'B']);
    expect(noCompany.code).toBe(2);
    expect(noCompany.stderr).toContain('missing --company');

    const badSince = await bob.run(['apply', 'list', '--since', 'whenever']);
    expect(badSince.code).toBe(2);

    const badSort = await bob.run(['apply', 'list', '--sort', 'salary']);
    expect(badSort.code).toBe(2);

    expect(json<ApplyListJson>(await bob.run(['apply', 'list', '--json']))).toEqual([]);
    expect(json<unknown[]>(await bob.run(['job', 'list', '--json']))).toEqual([]);

    const app = json<ApplyAddJson>(
      await bob.run(['apply', 'add', '--json', '--company', 'A', '--title', 'B']),
    );
    const wrongStatus = await bob.run(['apply', 'status', app._id, 'won']);
    expect(wrongStatus.code).toBe(2);
    expect(wrongStatus.stderr).toContain('use one of: toApply, applied');
    const wrongDate = await bob.run(['apply', 'interview', 'add', app._id, '--date', 'someday']);
    expect(wrongDate.code).toBe(2);
    const noDate = await bob.run(['apply', 'interview', 'add', app._id]);
    expect(noDate.code).toBe(2);
    expect(noDate.stderr).toContain('--date');
    const unchanged = json<ApplyShowJson>(await bob.run(['apply', 'show', '--json', app._id]));
    expect(unchanged).toMatchObject({ status: 'toApply', interviews: [] });
    expect(unchanged.statusHistory).toHaveLength(1);
  });

  it('filters, pages and sorts the list', async () => {
    const carol = await signedInAccount('Carol');
    const add = async (company: string, status: string, date?: string) =>
      json<ApplyAddJson>(
        await carol.run([
          'apply',
          'add',
          '--json',
          '--company',
          company,
          '--title',
          'Engineer',
          '--status',
          status,
          ...(date ? ['--date', date] : []),
        ]),
      );
    const initech = await add('Initech', 'applied', '2026-01-15');
    const acme = await add('ACME', 'interviewing', '2026-02-10');
    const acmeLabs = await add('Acme Labs', 'applied', '2026-03-05');
    const umbrella = await add('Umbrella', 'toApply');

    const list = async (...args: string[]) =>
      json<ApplyListJson>(await carol.run(['apply', 'list', '--json', ...args])).map((a) => a._id);

    // Default: most recently changed first.
    expect(await list()).toEqual([umbrella._id, acmeLabs._id, acme._id, initech._id]);
    expect(await list('--status', 'applied')).toEqual([acmeLabs._id, initech._id]);
    expect(await list('--company', 'acme', '--sort', 'company')).toEqual([acme._id, acmeLabs._id]);
    expect(await list('--company', 'nobody')).toEqual([]);
    expect(await list('--since', '2026-02-01', '--sort', 'applicationDate')).toEqual([
      acme._id,
      acmeLabs._id,
    ]);
    expect(
      await list(
        '--since',
        '2026-01-01',
        '--until',
        '2026-02-10',
        '--sort',
        'applicationDate:desc',
      ),
    ).toEqual([acme._id, initech._id]);
    // Descending company: Umbrella, Initech, Acme Labs, ACME.
    expect(await list('--sort', 'company:desc', '--limit', '2', '--page', '2')).toEqual([
      acmeLabs._id,
      acme._id,
    ]);
    // Two are applied: a tie is broken by id (ids made in one second are in no set order).
    const firstApplied = [initech._id, acmeLabs._id].sort()[0];
    expect(await list('--sort', 'status', '--limit', '1')).toEqual([firstApplied]);

    const listed = json<ApplyListJson>(
      await carol.run(['apply', 'list', '--json', '--limit', '1']),
    );
    expect(listed[0]?.job).toMatchObject({ company: 'Umbrella', title: 'Engineer' });

    const table = await carol.run(['apply', 'list', '--status', 'applied']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Acme Labs');
    expect(table.stdout).toContain('2026-03-05');
    expect(table.stdout).not.toContain('Umbrella');
  });

  it('schedules, lists and updates interviews', async () => {
    const dave = await signedInAccount('Dave');
    const applied = json<ApplyAddJson>(
      await dave.run([
        'apply',
        'add',
        '--json',
        '--company',
        'Hooli',
        '--title',
        'SRE',
        '--status',
        'applied',
        '--date',
        '2026-01-01',
      ]),
    );
    const offered = json<ApplyAddJson>(
      await dave.run([
        'apply',
        'add',
        '--json',
        '--company',
        'Pied Piper',
        '--title',
        'CTO',
        '--status',
        'offer',
      ]),
    );

    const first = await dave.run([
      'apply',
      'interview',
      'add',
      uniquePrefix(applied._id, [offered._id], 16),
      '--date',
      '2099-05-02T10:00',
      '--type',
      'phone',
      '--notes',
      'Recruiter screen',
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Moved the application from applied to interviewing');

    const second = json<ApplyInterviewAddJson>(
      await dave.run([
        'apply',
        'interview',
        'add',
        '--json',
        applied._id,
        '--date',
        '2020-01-01T09:00',
        '--type',
        'video',
      ]),
    );
    expect(second._id).toMatch(HEX_ID);
    expect(second).toMatchObject({
      date: localIso('2020-01-01T09:00'),
      type: 'video',
      status: 'scheduled',
      applicationId: applied._id,
      applicationStatus: 'interviewing',
    });

    const onsite = await dave.run([
      'apply',
      'interview',
      'add',
      offered._id,
      '--date',
      '2099-01-01T15:30',
      '--type',
      'onsite',
    ]);
    expect(onsite.code).toBe(0);
    expect(onsite.stdout).not.toContain('Moved');

    const shown = json<ApplyShowJson>(await dave.run(['apply', 'show', '--json', applied._id]));
    expect(shown.status).toBe('interviewing');
    expect(shown.statusHistory.map((change) => change.status)).toEqual(['applied', 'interviewing']);
    expect(shown.interviews).toHaveLength(2);
    const stillOffer = json<ApplyShowJson>(
      await dave.run(['apply', 'show', '--json', offered._id]),
    );
    expect(stillOffer.status).toBe('offer');

    const agenda = json<ApplyInterviewListJson>(
      await dave.run(['apply', 'interview', 'list', '--json']),
    );
    expect(agenda.map((entry) => [entry.date, entry.job?.company])).toEqual([
      [localIso('2020-01-01T09:00'), 'Hooli'],
      [localIso('2099-01-01T15:30'), 'Pied Piper'],
      [localIso('2099-05-02T10:00'), 'Hooli'],
    ]);
    const upcoming = json<ApplyInterviewListJson>(
      await dave.run(['apply', 'interview', 'list', '--json', '--upcoming']),
    );
    expect(upcoming).toHaveLength(2);
    const ofOne = json<ApplyInterviewListJson>(
      await dave.run(['apply', 'interview', 'list', '--json', offered._id]),
    );
    expect(ofOne.map((entry) => entry.type)).toEqual(['onsite']);
    const table = await dave.run(['apply', 'interview', 'list', '--upcoming']);
    expect(table.stdout).toContain('2099-01-01 15:30');
    expect(table.stdout).toContain('Pied Piper');

    // The two interviews of one application, by a shared prefix and by a unique one.
    const ids = shown.interviews.map((interview) => interview._id);
    const common = sharedPrefix(ids);
    if (common.length >= 4) {
      const ambiguous = await dave.run([
        'apply',
        'interview',
        'update',
        applied._id,
        common.slice(0, 8),
        '--status',
        'done',
      ]);
      expect(ambiguous.code).toBe(4);
    }
    const target = ids[1] ?? '';
    const unique = target.slice(0, Math.max(common.length + 1, 4));
    const updated = json<ApplyInterviewUpdateJson>(
      await dave.run([
        'apply',
        'interview',
        'update',
        '--json',
        applied._id,
        unique,
        '--status',
        'done',
        '--notes',
        'Went well',
        '--date',
        '2020-01-02T11:00',
      ]),
    );
    expect(updated).toMatchObject({
      _id: target,
      status: 'done',
      notes: 'Went well',
      date: localIso('2020-01-02T11:00'),
      type: 'video',
    });
    const missing = await dave.run([
      'apply',
      'interview',
      'update',
      applied._id,
      'ffffffff',
      '--status',
      'done',
    ]);
    expect(missing.code).toBe(3);
  });

  it('resolves application id prefixes and reports ambiguous ones (exit 4)', async () => {
    const erin = await signedInAccount('Erin');
    const ids: string[] = [];
    for (const company of ['A', 'B', 'C']) {
      ids.push(
        json<ApplyAddJson>(
          await erin.run(['apply', 'add', '--json', '--company', company, '--title', 'T']),
        )._id,
      );
    }
    const prefix = sharedPrefix(ids);
    expect(prefix.length).toBeGreaterThanOrEqual(4);
    const ambiguous = await erin.run(['apply', 'status', prefix.slice(0, 8), 'applied']);
    expect(ambiguous.code).toBe(4);
    expect(ambiguous.stderr).toMatch(/matches [23] applications/);
    const unchanged = json<ApplyListJson>(await erin.run(['apply', 'list', '--json']));
    expect(unchanged.every((application) => application.status === 'toApply')).toBe(true);
  });
});

describe('career apply with two users on one database', () => {
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

  it("another user's application is not found (exit 3) and stays unchanged", async () => {
    const app = json<ApplyAddJson>(
      await owner.run([
        'apply',
        'add',
        '--json',
        '--company',
        'Secret',
        '--title',
        'Agent',
        '--status',
        'applied',
      ]),
    );
    json(await owner.run(['apply', 'interview', 'add', '--json', app._id, '--date', '2099-01-01']));
    const before = json<ApplyShowJson>(await owner.run(['apply', 'show', '--json', app._id]));

    for (const args of [
      ['apply', 'show', app._id],
      ['apply', 'show', app._id.slice(0, 10)],
      ['apply', 'status', app._id, 'rejected'],
      ['apply', 'update', app._id, '--notes', 'mine now'],
      ['apply', 'note', app._id, 'hello'],
      ['apply', 'remove', '--yes', app._id],
      ['apply', 'interview', 'add', app._id, '--date', '2099-02-02'],
      ['apply', 'interview', 'list', app._id],
      ['apply', 'interview', 'update', app._id, before.interviews[0]?._id ?? '', '--status', 'x'],
    ]) {
      const result = await other.run(args);
      expect(result.code, args.join(' ')).toBe(3);
    }
    // Their own lists and the agenda do not show it, even filtered by its company.
    expect(
      json<unknown[]>(await other.run(['apply', 'list', '--json', '--company', 'secret'])),
    ).toEqual([]);
    expect(json<unknown[]>(await other.run(['apply', 'interview', 'list', '--json']))).toEqual([]);
    // Moving one's own application onto the other user's job is not possible either.
    const own = json<ApplyAddJson>(
      await other.run(['apply', 'add', '--json', '--company', 'Mine', '--title', 'Job']),
    );
    const steal = await other.run(['apply', 'update', own._id, '--job', app.jobId]);
    expect(steal.code).toBe(3);

    const after = json<ApplyShowJson>(await owner.run(['apply', 'show', '--json', app._id]));
    expect(after).toEqual(before);
  });
});
