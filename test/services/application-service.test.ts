// The rules of jobs, applications and interviews (status pipeline, application dates,
// find-or-create of jobs, removal with applications, interview ids), run in-process against
// real repositories on an isolated database.
import { describe, expect, it, vi } from 'vitest';
import { wordError } from '../../src/commands/error-wording.js';
import type { UserRepositories } from '../../src/repositories/index.js';
import {
  addApplication,
  addNote,
  changeStatus,
  listApplications,
  statusMove,
  updateApplication,
} from '../../src/services/application-service.js';
import {
  addInterview,
  listInterviews,
  resolveInterview,
  updateInterview,
} from '../../src/services/interview-service.js';
import {
  addJob,
  jobChangesFromFlags,
  listJobs,
  removeJob,
  showJob,
  updateJob,
} from '../../src/services/job-service.js';
import { withWorkspace } from '../../src/services/workspace.js';
import {
  AmbiguousIdError,
  ConflictError,
  NotFoundError,
  UsageError,
} from '../../src/domain/errors.js';
import { useIsolatedDatabase } from '../helpers/suites.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const database = useIsolatedDatabase('career-svc-');

let counter = 0;

/** Runs `work` with a fresh user and a second one (to check isolation). */
function withUser(
  work: (data: UserRepositories, other: UserRepositories) => Promise<void>,
): Promise<void> {
  return withWorkspace({ dbUri: database().uri }, async ({ repositories }) => {
    const make = (name: string) =>
      repositories.users.create({
        name,
        email: `${name.toLowerCase()}${++counter}@example.com`,
        passwordHash: 'not-a-real-hash',
      });
    const user = await make('Ada');
    const other = await make('Eve');
    await work(repositories.forUser(user._id), repositories.forUser(other._id));
  });
}

const at = (text: string) => new Date(`${text}T12:00:00Z`);

describe('statusMove', () => {
  it('records the change and sets the application date once the application is sent', () => {
    for (const status of ['applied', 'interviewing', 'offer', 'rejected'] as const) {
      expect(statusMove({}, status, at('2026-02-01'))).toEqual({
        status,
        at: at('2026-02-01'),
        applicationDate: at('2026-02-01'),
      });
    }
  });

  it('keeps a known application date and sets none for toApply', () => {
    const applied = { applicationDate: at('2026-01-05') };
    expect(statusMove(applied, 'offer', at('2026-03-01'))).toEqual({
      status: 'offer',
      at: at('2026-03-01'),
    });
    expect(statusMove({}, 'toApply', at('2026-03-01')).applicationDate).toBeUndefined();
  });
});

describe('jobChangesFromFlags', () => {
  it('trims, parses the salary and tags, and clears optional fields given empty', () => {
    expect(
      jobChangesFromFlags({
        company: ' ACME ',
        title: 'Dev',
        location: '',
        salaryMin: '10',
        currency: 'usd',
        tags: 'a, b,,a',
      }),
    ).toEqual({
      set: {
        company: 'ACME',
        title: 'Dev',
        salary: { min: 10, currency: 'USD' },
        tags: ['a', 'b'],
      },
      unset: ['location'],
    });
  });

  it('refuses bad values before anything is written', () => {
    expect(() => jobChangesFromFlags({ company: '  ' })).toThrow(UsageError);
    expect(() => jobChangesFromFlags({ workMode: 'mars' })).toThrow(
      expect.objectContaining({ hint: 'use one of: remote, hybrid, onsite' }),
    );
    expect(() => jobChangesFromFlags({ salaryMin: '-1' })).toThrow(UsageError);
    expect(() => jobChangesFromFlags({ salaryMin: '5', salaryMax: '4' })).toThrow(/minimum/);
    expect(() => jobChangesFromFlags({ currency: 'euro' })).toThrow(/3-letter/);
  });
});

describe('jobs', () => {
  it('merges a salary update with the stored one and checks min <= max across both', async () => {
    await withUser(async (data) => {
      const job = await addJob(data, {
        company: 'A',
        title: 'B',
        salaryMin: '100',
        salaryMax: '200',
      });
      const updated = await updateJob(data, job._id.toHexString(), { salaryMax: '300' });
      expect(updated.salary).toMatchObject({ min: 100, max: 300 });
      await expect(updateJob(data, job._id.toHexString(), { salaryMin: '400' })).rejects.toThrow(
        /minimum salary \(400\) is above the maximum \(300\)/,
      );
      await expect(updateJob(data, job._id.toHexString(), {})).rejects.toThrow(/nothing to update/);
    });
  });

  it('removes a job with applications only when forced, together with them', async () => {
    await withUser(async (data, other) => {
      const { job } = await addApplication(data, { company: 'A', title: 'B' });
      await expect(removeJob(data, job._id, { force: false })).rejects.toThrow(ConflictError);
      expect((await showJob(data, job._id.toHexString())).applications).toHaveLength(1);
      // Another user cannot remove it even when forcing.
      await expect(removeJob(other, job._id, { force: true })).rejects.toThrow(NotFoundError);
      expect(await removeJob(data, job._id, { force: true })).toEqual({ removedApplications: 1 });
      expect((await listJobs(data, {})).items).toEqual([]);
      expect((await listApplications(data, {})).items).toEqual([]);
    });
  });

  it('matches --company literally, whatever characters it holds', async () => {
    await withUser(async (data) => {
      await addJob(data, { company: 'a+b', title: 'X' });
      await addJob(data, { company: 'aab', title: 'Y' });
      expect((await listJobs(data, { company: 'A+B' })).items.map((job) => job.title)).toEqual([
        'X',
      ]);
      expect((await listJobs(data, { company: '[' })).items).toEqual([]);
    });
  });
});

describe('applications', () => {
  it('finds the job by company and title ignoring case, exactly, or creates it', async () => {
    await withUser(async (data, other) => {
      const first = await addApplication(data, { company: 'ACME', title: 'Engineer' });
      expect(first.jobCreated).toBe(true);
      const second = await addApplication(data, {
        company: 'acme',
        title: 'engineer',
        status: 'applied',
        date: new Date('2026-01-05T10:00:00Z'),
      });
      expect(second.jobCreated).toBe(false);
      expect(second.job._id).toEqual(first.job._id);
      // The natural key is job + day: a second undated application of the job is the first.
      await expect(addApplication(data, { company: 'Acme', title: 'ENGINEER' })).rejects.toThrow(
        `Engineer at ACME already has an undated application: ${first.application._id.toHexString()}`,
      );
      const third = await addApplication(data, { company: 'ACME', title: 'Engineer II' });
      expect(third.jobCreated).toBe(true);
      const regexLike = await addApplication(data, { company: 'ACME', title: 'Engineer.*' });
      expect(regexLike.jobCreated).toBe(true);
      // Another user's job with the same name is never reused.
      const theirs = await addApplication(other, { company: 'ACME', title: 'Engineer' });
      expect(theirs.jobCreated).toBe(true);
      // The service names the field; `career apply add` words it as --company.
      const missing = await addApplication(data, { title: 'X' }).catch((error: unknown) => error);
      expect(missing).toMatchObject({ field: 'company', problem: 'missing' });
      expect(wordError(missing, ['apply', 'add'])).toMatchObject({
        message: 'missing --company: the company is required',
      });
      await expect(
        addApplication(data, { job: first.job._id.toHexString(), company: 'ACME' }),
      ).rejects.toThrow(UsageError);
    });
  });

  it('records status changes, ignores a repeated status and dates the application once', async () => {
    await withUser(async (data) => {
      const { application } = await addApplication(
        data,
        { company: 'A', title: 'B' },
        at('2026-01-01'),
      );
      const id = application._id.toHexString();
      const same = await changeStatus(data, id, 'toApply', at('2026-01-02'));
      expect(same.changed).toBe(false);
      expect(same.application.statusHistory).toHaveLength(1);
      const applied = await changeStatus(data, id, 'applied', at('2026-01-03'));
      expect(applied.applicationDateSet).toEqual(at('2026-01-03'));
      const rejected = await changeStatus(data, id, 'rejected', at('2026-01-09'));
      expect(rejected.applicationDateSet).toBeUndefined();
      expect(rejected.application.applicationDate).toEqual(at('2026-01-03'));
      expect(rejected.application.statusHistory.map((change) => change.status)).toEqual([
        'toApply',
        'applied',
        'rejected',
      ]);
      await expect(changeStatus(data, id, 'won')).rejects.toThrow(
        expect.objectContaining({ hint: expect.stringContaining('toApply, applied') }),
      );
    });
  });

  it('records both of two concurrent status changes, one after the other', async () => {
    await withUser(async (data) => {
      const { application } = await addApplication(data, { company: 'A', title: 'B' });
      const id = application._id.toHexString();
      // Both read 'toApply'; the move is a compare-and-set, so the loser re-reads and moves
      // from the winner's status instead of overwriting its history entry.
      const results = await Promise.all([
        changeStatus(data, id, 'applied', at('2026-01-03')),
        changeStatus(data, id, 'interviewing', at('2026-01-04')),
        addInterview(data, id, { date: at('2026-02-01') }, at('2026-01-05')),
      ]);
      const final = await changeStatus(data, id, 'offer', at('2026-01-06'));
      const history = final.application.statusHistory.map((change) => change.status);
      expect(history[0]).toBe('toApply');
      expect(history.at(-1)).toBe('offer');
      // Every change that reported `changed` is in the history exactly once.
      const changedCount = results.filter((result) => 'changed' in result && result.changed).length;
      const movedByInterview = results[2].movedFrom === undefined ? 0 : 1;
      expect(history).toHaveLength(1 + changedCount + movedByInterview + 1);
      expect(final.application.interviews).toHaveLength(1);
    });
  });

  it('appends dated notes and updates documents', async () => {
    await withUser(async (data) => {
      const { application } = await addApplication(data, { company: 'A', title: 'B', notes: 'x' });
      const id = application._id.toHexString();
      const noted = await addNote(data, id, 'called', new Date(2026, 0, 2, 9));
      expect(noted.notes).toBe('x\n[2026-01-02] called');
      const updated = await updateApplication(data, id, { resume: 'r', coverLetter: 'c' });
      expect(updated.documents).toEqual({ resumeUrl: 'r', coverLetterUrl: 'c' });
      const cleared = await updateApplication(data, id, { resume: '' });
      expect(cleared.documents).toEqual({ coverLetterUrl: 'c' });
    });
  });
});

describe('interviews', () => {
  it('moves toApply/applied applications to interviewing, and leaves later ones', async () => {
    await withUser(async (data) => {
      const early = await addApplication(data, { company: 'A', title: 'B' });
      const added = await addInterview(
        data,
        early.application._id.toHexString(),
        { date: at('2026-05-01'), type: 'phone' },
        at('2026-04-01'),
      );
      expect(added.movedFrom).toBe('toApply');
      expect(added.application.status).toBe('interviewing');
      expect(added.application.applicationDate).toEqual(at('2026-04-01'));
      expect(added.interview).toMatchObject({ type: 'phone', status: 'scheduled' });

      const offer = await addApplication(data, { company: 'C', title: 'D', status: 'offer' });
      const kept = await addInterview(data, offer.application._id.toHexString(), {
        date: at('2026-04-15'),
      });
      expect(kept.movedFrom).toBeUndefined();
      expect(kept.application.status).toBe('offer');

      const agenda = await listInterviews(data, {}, at('2026-04-20'));
      expect(agenda.map((entry) => entry.job?.company)).toEqual(['C', 'A']);
      const upcoming = await listInterviews(data, { upcoming: true }, at('2026-04-20'));
      expect(upcoming.map((entry) => entry.job?.company)).toEqual(['A']);

      const appId = early.application._id.toHexString();
      const changed = await updateInterview(
        data,
        appId,
        added.interview._id.toHexString().slice(0, 20),
        {
          status: 'done',
          type: '',
        },
      );
      expect(changed.interview.status).toBe('done');
      expect(changed.interview.type).toBeUndefined();
    });
  });

  it('resolves interview ids by unique prefix within the application', () => {
    const interview = (id: string) => ({ _id: { toHexString: () => id }, date: new Date() });
    const application = {
      interviews: [interview('aaaa1111bbbbccccddddeeee'), interview('aaaa2222bbbbccccddddeeee')],
    } as unknown as Parameters<typeof resolveInterview>[0];
    expect(resolveInterview(application, 'aaaa2')._id.toHexString()).toBe(
      'aaaa2222bbbbccccddddeeee',
    );
    expect(() => resolveInterview(application, 'aaaa')).toThrow(AmbiguousIdError);
    expect(() => resolveInterview(application, 'ffff')).toThrow(NotFoundError);
    expect(() => resolveInterview(application, 'aa')).toThrow(UsageError);
    expect(() => resolveInterview(application, '{"$gt":""}')).toThrow(UsageError);
  });
});
