// The rules that keep a person's data from being quietly rewritten (issue 12, bullet 8): a
// planned start kept by `learn start`, skills and tags removed whatever their case, moves
// back in the pipeline confirmed, and no twin jobs. In process, each test its own account.
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ApplyAddJson } from '../../src/commands/apply/add.js';
import type { ApplyShowJson } from '../../src/commands/apply/show.js';
import type { ApplyStatusJson } from '../../src/commands/apply/status.js';
import type { ContactAddJson } from '../../src/commands/contact/add.js';
import type { ContactUpdateJson } from '../../src/commands/contact/update.js';
import type { JobAddJson } from '../../src/commands/job/add.js';
import type { JobListJson } from '../../src/commands/job/list.js';
import type { LearnAddJson } from '../../src/commands/learn/add.js';
import type { LearnStartJson } from '../../src/commands/learn/start.js';
import type { ProfileUpdateJson } from '../../src/commands/profile/update.js';
import {
  inProcessAccount,
  type InProcessAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

afterAll(() => removeTempDirs());

function failure(result: InProcessResult): { code: number; error: string; hint: string } {
  const lines = result.stderr.split('\n');
  return {
    code: result.code,
    error: lines.find((line) => line.startsWith('error:')) ?? '',
    hint: lines.find((line) => line.startsWith('hint:')) ?? '',
  };
}

function localDay(iso: string | null | undefined): string {
  const date = new Date(iso ?? '');
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

describe('learn start', () => {
  it('keeps a planned start date once reached, even past the expected end', async () => {
    const ada = await inProcessAccount('Ada');
    const added = json<LearnAddJson>(
      await ada.run([
        '--json',
        ...['learn', 'add', '--title', 'Rust', '--type', 'course'],
        ...['--start', '2026-11-01', '--expected-end', '2026-11-20'],
      ]),
    );
    expect(added.status).toBe('planned');
    const started = await ada.run(['--json', 'learn', 'start', added._id]);
    const activity = json<LearnStartJson>(started);
    expect(activity.status).toBe('in-progress');
    expect(localDay(activity.startDate)).toBe('2026-11-01');
    expect(started.stderr).toContain('Kept its planned start date; pass --date to set another.');
  });

  it('starts now when nothing is planned or the plan is still ahead; --date sets one', async () => {
    const ada = await inProcessAccount('Ada');
    const add = async (...extra: string[]) =>
      json<LearnAddJson>(
        await ada.run(['--json', 'learn', 'add', '--title', 'T', '--type', 'project', ...extra]),
      );
    const start = async (...args: string[]) =>
      json<LearnStartJson>(await ada.run(['--json', 'learn', 'start', ...args])).startDate;
    const before = Date.now();
    const unplanned = await start((await add('--title', 'Unplanned'))._id);
    const early = await start((await add('--title', 'Early', '--start', '2099-01-01'))._id);
    for (const date of [unplanned, early]) {
      expect(new Date(date ?? '').getTime()).toBeGreaterThanOrEqual(before);
      expect(new Date(date ?? '').getTime()).toBeLessThanOrEqual(Date.now());
    }
    const planned = await add('--title', 'Dated', '--start', '2026-10-01');
    expect(localDay(await start(planned._id, '--date', '2026-10-15'))).toBe('2026-10-15');
  });
});

describe('removing skills and tags by name', () => {
  it('ignores case: --remove-skills spark removes "Spark"', async () => {
    const ada = await inProcessAccount('Ada');
    await ada.run(['profile', 'update', '--add-skills', 'Spark,Scala,SQL']);
    const updated = json<ProfileUpdateJson>(
      await ada.run(['--json', 'profile', 'update', '--remove-skills', 'spark, sql ']),
    );
    expect(updated.skills).toEqual(['Scala']);
  });

  it('ignores case: --remove-tags mentor removes "Mentor" from a contact', async () => {
    const ada = await inProcessAccount('Ada');
    const contact = json<ContactAddJson>(
      await ada.run(['--json', 'contact', 'add', '--name', 'Grace', '--tags', 'Mentor,Navy']),
    );
    const updated = json<ContactUpdateJson>(
      await ada.run(['--json', 'contact', 'update', contact._id, '--remove-tags', 'MENTOR']),
    );
    expect(updated.tags).toEqual(['Navy']);
  });
});

describe('apply status: moves back in the pipeline', () => {
  async function application(ada: InProcessAccount, status: string): Promise<ApplyAddJson> {
    return json<ApplyAddJson>(
      await ada.run([
        '--json',
        ...['apply', 'add', '--company', `Co ${status}`, '--title', 'Engineer'],
        ...['--status', status, '--date', '2026-11-02'],
      ]),
    );
  }

  const show = async (ada: InProcessAccount, id: string) =>
    json<ApplyShowJson>(await ada.run(['--json', 'apply', 'show', id]));

  it('need --force in a script (rejected -> offer, offer -> applied, anything -> toApply)', async () => {
    const ada = await inProcessAccount('Ada');
    for (const [from, to] of [
      ['rejected', 'offer'],
      ['offer', 'applied'],
      ['interviewing', 'toApply'],
    ] as const) {
      const app = await application(ada, from);
      const refused = failure(await ada.run(['apply', 'status', app._id, to]));
      expect(refused.code, `${from} -> ${to}`).toBe(2);
      expect(refused.error).toBe(
        `error: moving an application back from ${from} to ${to} needs confirmation`,
      );
      expect(refused.hint).toContain('--force');
      expect((await show(ada, app._id)).status).toBe(from);
      const forced = json<ApplyStatusJson>(
        await ada.run(['--json', 'apply', 'status', app._id, to, '--force']),
      );
      expect(forced.status).toBe(to);
    }
  });

  it('forward moves need nothing (applied -> interviewing -> offer -> rejected)', async () => {
    const ada = await inProcessAccount('Ada');
    const app = await application(ada, 'applied');
    for (const status of ['interviewing', 'offer', 'rejected']) {
      const moved = await ada.run(['apply', 'status', app._id, status]);
      expect(moved.code, moved.stderr).toBe(0);
    }
    expect((await show(ada, app._id)).status).toBe('rejected');
  });

  it('back to toApply clears the application date', async () => {
    const ada = await inProcessAccount('Ada');
    const app = await application(ada, 'applied');
    expect(localDay(app.applicationDate)).toBe('2026-11-02');
    const moved = await ada.run(['apply', 'status', app._id, 'toApply', '--force']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stderr).toContain('Application date cleared');
    const shown = await show(ada, app._id);
    expect(shown.status).toBe('toApply');
    expect(shown.applicationDate).toBeUndefined();
    // Sent again: dated again.
    await ada.run(['apply', 'status', app._id, 'applied']);
    expect((await show(ada, app._id)).applicationDate).toBeDefined();
  });

  it('ask at a terminal: no changes nothing, yes moves it', async () => {
    const ada = await inProcessAccount('Ada');
    const app = await application(ada, 'rejected');
    const declined = await ada.run(['apply', 'status', app._id, 'offer'], {
      tty: true,
      stdin: 'n\n',
    });
    expect(declined.code, declined.stderr).toBe(0);
    expect(declined.stdout).toContain('Move this application back from rejected to offer?');
    expect(declined.stderr).toContain('Nothing changed.');
    expect((await show(ada, app._id)).status).toBe('rejected');
    const confirmed = await ada.run(['apply', 'status', app._id, 'offer'], {
      tty: true,
      stdin: 'y\n',
    });
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toContain('Moved application');
    expect((await show(ada, app._id)).status).toBe('offer');
  });
});

describe('no twin jobs', () => {
  it('job add finds the job with that company and title (any case) and says so', async () => {
    const ada = await inProcessAccount('Ada');
    const job = json<JobAddJson>(
      await ada.run(['--json', 'job', 'add', '--company', 'ACME', '--title', 'Engineer']),
    );
    const twin = failure(
      await ada.run(['job', 'add', '--company', ' acme ', '--title', 'ENGINEER']),
    );
    expect(twin.code).toBe(5);
    expect(twin.error).toBe(`error: a job Engineer at ACME already exists: ${job._id}`);
    expect(twin.hint).toContain(`career job show ${job._id}`);
    expect(twin.hint).toContain('a title that tells them apart');
    expect(json<JobListJson>(await ada.run(['--json', 'job', 'list']))).toHaveLength(1);
  });

  it('apply add --company --title uses the existing job and says so', async () => {
    const ada = await inProcessAccount('Ada');
    const job = json<JobAddJson>(
      await ada.run(['--json', 'job', 'add', '--company', 'ACME', '--title', 'Engineer']),
    );
    const added = await ada.run(['apply', 'add', '--company', 'acme', '--title', 'engineer']);
    expect(added.code, added.stderr).toBe(0);
    // The printed id is 8 characters or more (more when another job shares them).
    expect(added.stderr).toMatch(
      new RegExp(`Using your existing job ${job._id.slice(0, 8)}[0-9a-f]*: Engineer at ACME\\.`),
    );
    expect(added.stdout).not.toContain('Added job');
    const fresh = await ada.run(['apply', 'add', '--company', 'Initech', '--title', 'Engineer']);
    expect(fresh.stderr).not.toContain('Using your existing job');
    expect(fresh.stdout).toContain('Added job');
    expect(json<JobListJson>(await ada.run(['--json', 'job', 'list']))).toHaveLength(2);
  });
});
