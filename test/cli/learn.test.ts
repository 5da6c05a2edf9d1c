// `career learn ...` end to end, in this process (test/helpers/in-process.ts) against a real
// (embedded) database.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LearnAddJson } from '../../src/commands/learn/add.js';
import type { LearnCompleteJson } from '../../src/commands/learn/complete.js';
import type { LearnListJson } from '../../src/commands/learn/list.js';
import type { LearnRemoveJson } from '../../src/commands/learn/remove.js';
import type { LearnShowJson } from '../../src/commands/learn/show.js';
import type { LearnStartJson } from '../../src/commands/learn/start.js';
import type { LearnUpdateJson } from '../../src/commands/learn/update.js';
import type { ProfileShowJson } from '../../src/commands/profile/show.js';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

const OBJECT_ID = /^[0-9a-f]{24}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The one `error:` line and the exit code of a failed command. */
function failure(result: InProcessResult): { code: number | null; error: string } {
  const error = result.stderr.split('\n').find((line) => line.startsWith('error:')) ?? '';
  return { code: result.code, error };
}

/** Midnight local time of a YYYY-MM-DD day, as the CLI stores a bare date. */
function day(text: string): string {
  return new Date(`${text}T00:00:00`).toISOString();
}

let account: TestAccount;

beforeAll(async () => {
  account = await signedInAccount('Grace Hopper');
});

async function add(args: string[]): Promise<LearnAddJson> {
  return json<LearnAddJson>(await account.run(['--json', 'learn', 'add', ...args]));
}

describe('career learn', () => {
  it('adds an activity with every field and shows and lists it', async () => {
    const added = await add([
      '--title',
      'Distributed Systems',
      '--type',
      'course',
      '--provider',
      'MIT OpenCourseWare',
      '--start',
      '2026-01-05',
      '--expected-end',
      '2026-04-30',
      '--skills',
      'Go, raft, Go',
      '--notes',
      'labs every week',
      '--certificate',
      'https://example.com/cert/1',
    ]);
    expect(added._id).toMatch(OBJECT_ID);
    expect(added.userId).toMatch(OBJECT_ID);
    expect(added).toMatchObject({
      title: 'Distributed Systems',
      type: 'course',
      provider: 'MIT OpenCourseWare',
      status: 'planned',
      skills: ['Go', 'raft'],
      notes: 'labs every week',
      certificateUrl: 'https://example.com/cert/1',
      startDate: day('2026-01-05'),
      expectedEndDate: day('2026-04-30'),
    });
    expect(added.completionDate).toBeUndefined();
    expect(added.createdAt).toMatch(ISO_DATE);

    const shown = json<LearnShowJson>(await account.run(['--json', 'learn', 'show', added._id]));
    expect(shown).toEqual(added);

    const human = await account.run(['learn', 'show', added._id.slice(0, 12)]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Distributed Systems');
    expect(human.stdout).toMatch(/Started:\s+2026-01-05/);

    const table = await account.run(['learn', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(added._id.slice(0, 8));
    expect(table.stdout).not.toContain(added._id);
    expect(table.stdout).toContain('planned');
  });

  it('lists with filters, sorting and paging', async () => {
    // One after the other: in-process runs take turns anyway.
    const workshop = await add([
      '--title',
      'Kubernetes day',
      '--type',
      'workshop',
      '--skills',
      'Kubernetes,helm',
    ]);
    const project = await add([
      '--title',
      'Compiler in Rust',
      '--type',
      'project',
      '--status',
      'in-progress',
    ]);
    expect(project?.status).toBe('in-progress');
    expect(project?.startDate).toMatch(ISO_DATE); // in progress implies a start

    const workshops = json<LearnListJson>(
      await account.run(['--json', 'learn', 'list', '--type', 'workshop']),
    );
    expect(workshops.map((a) => a._id)).toEqual([workshop?._id]);

    const bySkill = json<LearnListJson>(
      await account.run(['--json', 'learn', 'list', '--skill', 'kubernetes']),
    );
    expect(bySkill.map((a) => a.title)).toEqual(['Kubernetes day']);

    const inProgress = json<LearnListJson>(
      await account.run(['--json', 'learn', 'list', '--status', 'in-progress']),
    );
    expect(inProgress.map((a) => a.title)).toEqual(['Compiler in Rust']);

    const byTitle = json<LearnListJson>(
      await account.run(['--json', 'learn', 'list', '--sort', 'title', '--limit', '2']),
    );
    expect(Array.isArray(byTitle)).toBe(true);
    expect(byTitle.map((a) => a.title)).toEqual(['Compiler in Rust', 'Distributed Systems']);
    const secondPage = json<LearnListJson>(
      await account.run([
        '--json',
        'learn',
        'list',
        '--sort',
        'title',
        '--limit',
        '2',
        '--page',
        '2',
      ]),
    );
    expect(secondPage.map((a) => a.title)).toEqual(['Kubernetes day']);
    const descending = json<LearnListJson>(
      await account.run(['--json', 'learn', 'list', '--sort', 'title:desc']),
    );
    expect(descending.map((a) => a.title)).toEqual([
      'Kubernetes day',
      'Distributed Systems',
      'Compiler in Rust',
    ]);

    expect(failure(await account.run(['learn', 'list', '--sort', 'price']))).toMatchObject({
      code: 2,
      error: "error: cannot sort by 'price'",
    });
    const badStatus = await account.run(['learn', 'list', '--status', 'done']);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('planned, in-progress, completed');
  });

  it('refuses bad input with a one-line error, exit 2, and writes nothing', async () => {
    const before = json<LearnListJson>(await account.run(['--json', 'learn', 'list']));

    const badType = await account.run(['learn', 'add', '--title', 'X', '--type', 'seminar']);
    expect(failure(badType)).toEqual({ code: 2, error: "error: --type: 'seminar' is not allowed" });
    expect(badType.stderr).toContain('course, certification, workshop, project');

    const noTitle = await account.run(['learn', 'add', '--type', 'course']);
    expect(noTitle.code).toBe(2);
    expect(noTitle.stderr).toContain('--title');

    const noType = await account.run(['learn', 'add', '--title', 'X']);
    expect(noType.code).toBe(2);
    expect(noType.stderr).toContain('--type');

    const badDate = await account.run([
      'learn',
      'add',
      '--title',
      'X',
      '--type',
      'course',
      '--start',
      'someday maybe',
    ]);
    expect(failure(badDate)).toEqual({
      code: 2,
      error: "error: --start: cannot read 'someday maybe' as a date",
    });

    const endBeforeStart = await account.run([
      'learn',
      'add',
      '--title',
      'X',
      '--type',
      'course',
      '--start',
      '2026-05-01',
      '--expected-end',
      '2026-04-01',
    ]);
    expect(failure(endBeforeStart)).toEqual({
      code: 2,
      error: 'error: the expected end 2026-04-01 is before the start date 2026-05-01',
    });

    const badUrl = await account.run([
      'learn',
      'add',
      '--title',
      'X',
      '--type',
      'course',
      '--certificate',
      'not a url',
    ]);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('--certificate');

    const after = json<LearnListJson>(await account.run(['--json', 'learn', 'list']));
    expect(after).toEqual(before);
  });

  it('starts and completes an activity, refusing a completion before the start', async () => {
    const activity = await add([
      '--title',
      'CKA',
      '--type',
      'certification',
      '--skills',
      'kubectl,Go,etcd',
    ]);

    const started = json<LearnStartJson>(
      await account.run([
        '--json',
        'learn',
        'start',
        // 8 characters are only the second the id was made in; 12 take its random part.
        activity._id.slice(0, 12),
        '--date',
        '2026-02-01',
      ]),
    );
    expect(started).toMatchObject({
      _id: activity._id,
      status: 'in-progress',
      startDate: day('2026-02-01'),
    });

    const early = await account.run(['learn', 'complete', activity._id, '--date', '2026-01-15']);
    expect(failure(early)).toEqual({
      code: 2,
      error: 'error: the completion date 2026-01-15 is before the start date 2026-02-01',
    });
    const unchanged = json<LearnShowJson>(
      await account.run(['--json', 'learn', 'show', activity._id]),
    );
    expect(unchanged).toEqual(started);

    // Without a terminal and without --add-skills the profile is left alone, with a note.
    const completed = await account.run([
      '--json',
      'learn',
      'complete',
      activity._id,
      '--date',
      '2026-03-10',
      '--certificate',
      'https://example.com/cka',
    ]);
    expect(json<LearnCompleteJson>(completed)).toMatchObject({
      status: 'completed',
      completionDate: day('2026-03-10'),
      certificateUrl: 'https://example.com/cka',
      startDate: day('2026-02-01'),
    });
    expect(completed.stderr).toContain('--add-skills');

    // Completing again keeps the date; a completed activity is not restarted.
    const again = json<LearnCompleteJson>(
      await account.run(['--json', 'learn', 'complete', activity._id, '--no-add-skills']),
    );
    expect(again.completionDate).toBe(day('2026-03-10'));
    const restart = await account.run(['learn', 'start', activity._id]);
    expect(restart.code).toBe(5);
    expect(restart.stderr).toContain('already completed');
  });

  it('adds only the new skills of a completed activity to the profile', async () => {
    const profileBefore = await profileSkills();
    expect(profileBefore).toEqual([]);
    const first = await add(['--title', 'Go tour', '--type', 'course', '--skills', 'Go,testing']);
    const firstRun = await account.run(['learn', 'complete', first._id, '--add-skills']);
    expect(firstRun.code, firstRun.stderr).toBe(0);
    expect(firstRun.stdout).toContain("Added to your profile's skills: Go, testing");
    expect(await profileSkills()).toEqual(['Go', 'testing']);

    const second = await add([
      '--title',
      'Go in depth',
      '--type',
      'course',
      '--skills',
      'go,Concurrency',
    ]);
    const secondRun = await account.run([
      '--json',
      'learn',
      'complete',
      second._id,
      '--add-skills',
    ]);
    expect(json<LearnCompleteJson>(secondRun).status).toBe('completed');
    expect(secondRun.stderr).toContain("Added to your profile's skills: Concurrency");
    expect(await profileSkills()).toEqual(['Go', 'testing', 'Concurrency']);
  });

  it("updates fields and the activity's own skills", async () => {
    const activity = await add([
      '--title',
      'SQL basics',
      '--type',
      'course',
      '--provider',
      'Coursera',
      '--skills',
      'sql,joins',
    ]);
    const updated = json<LearnUpdateJson>(
      await account.run([
        '--json',
        'learn',
        'update',
        activity._id.slice(0, 10),
        '--title',
        'SQL in practice',
        '--type',
        'workshop',
        '--provider',
        '',
        '--add-skills',
        'indexes,SQL',
        '--remove-skills',
        'JOINS',
        '--notes',
        'bring a laptop',
      ]),
    );
    expect(updated).toMatchObject({
      _id: activity._id,
      title: 'SQL in practice',
      type: 'workshop',
      skills: ['sql', 'indexes'],
      notes: 'bring a laptop',
    });
    expect(updated.provider).toBeUndefined();

    const completed = json<LearnUpdateJson>(
      await account.run(['--json', 'learn', 'update', activity._id, '--status', 'completed']),
    );
    expect(completed.completionDate).toMatch(ISO_DATE);
    const reopened = json<LearnUpdateJson>(
      await account.run(['--json', 'learn', 'update', activity._id, '--status', 'in-progress']),
    );
    expect(reopened.completionDate).toBeUndefined();
    expect(reopened.startDate).toMatch(ISO_DATE);

    const nothing = await account.run(['learn', 'update', activity._id]);
    expect(failure(nothing)).toEqual({ code: 2, error: 'error: nothing to update' });
    const badType = await account.run(['learn', 'update', activity._id, '--type', 'lecture']);
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain('course, certification, workshop, project');
  });

  it('removes with --yes only (no terminal) and then reports not found', async () => {
    const activity = await add(['--title', 'Throwaway', '--type', 'project']);
    const noYes = await account.run(['learn', 'remove', activity._id]);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('--yes');
    json<LearnShowJson>(await account.run(['--json', 'learn', 'show', activity._id]));

    const removed = json<LearnRemoveJson>(
      await account.run(['--json', 'learn', 'remove', activity._id, '--yes']),
    );
    expect(removed._id).toBe(activity._id);
    const gone = await account.run(['learn', 'show', activity._id]);
    expect(failure(gone)).toEqual({
      code: 3,
      error: `error: no learning activity with id ${activity._id}`,
    });
    expect((await account.run(['learn', 'remove', activity._id, '--yes'])).code).toBe(3);
  });

  it('resolves id prefixes: unique works, shared is ambiguous (exit 4), malformed is exit 2', async () => {
    // Created in the same second, two ObjectIds share their first 8 hex chars (the timestamp);
    // one after the other (in-process runs take turns anyway), a second apart at worst.
    const one = await add(['--title', 'Twin A', '--type', 'course']);
    const two = await add(['--title', 'Twin B', '--type', 'course']);
    const a = one?._id ?? '';
    const b = two?._id ?? '';
    let common = 0;
    while (common < a.length && a[common] === b[common]) common++;
    expect(common).toBeGreaterThanOrEqual(4);

    const ambiguous = await account.run(['learn', 'show', a.slice(0, common)]);
    expect(ambiguous.code).toBe(4);
    expect(ambiguous.stderr).toContain(a);
    expect(ambiguous.stderr).toContain(b);

    const unique = json<LearnShowJson>(
      // One more character than the twins share, and past the timestamp: the account's other
      // activities may have been made in the same second.
      await account.run(['--json', 'learn', 'show', a.slice(0, Math.max(common + 1, 12))]),
    );
    expect(unique.title).toBe('Twin A');

    expect((await account.run(['learn', 'start', 'abc'])).code).toBe(2); // too short
    expect((await account.run(['learn', 'start', 'not-an-id'])).code).toBe(2);
    expect((await account.run(['learn', 'start', 'ffffffffffffffffffffffff'])).code).toBe(3);
  });
});

/** The skills on the user's profile. */
async function profileSkills(): Promise<string[]> {
  const profile = json<ProfileShowJson>(await account.run(['--json', 'profile', 'show']));
  return profile.skills ?? [];
}
