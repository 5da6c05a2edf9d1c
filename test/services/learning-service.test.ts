// The learning rules (dates in order, dates a status implies, skill lists, profile skills),
// run in-process against real repositories on an isolated database.
import { describe, expect, it, vi } from 'vitest';
import { wordError } from '../../src/commands/error-wording.js';
import type { UserProfile, UserRepositories } from '../../src/repositories/index.js';
import type { UserRepository } from '../../src/repositories/user-repository.js';
import {
  addActivity,
  addSkillsToProfile,
  checkDateOrder,
  completeActivity,
  editedSkills,
  getActivity,
  listActivities,
  removeActivity,
  skillsNotInProfile,
  startActivity,
  updateActivity,
} from '../../src/services/learning-service.js';
import { withWorkspace } from '../../src/services/workspace.js';
import { ConflictError, NotFoundError, UsageError } from '../../src/domain/errors.js';
import { useIsolatedDatabase } from '../helpers/suites.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

// The workspace reads a config file: CAREER_HOME is a sandbox (see useIsolatedDatabase).
const database = useIsolatedDatabase('career-svc-');

let counter = 0;

interface Session {
  user: UserProfile;
  data: UserRepositories;
  users: UserRepository;
  other: UserRepositories;
}

/** Runs `work` with a fresh user (and a second one, to check isolation). */
function withUser(work: (session: Session) => Promise<void>): Promise<void> {
  return withWorkspace({ dbUri: database().uri }, async ({ repositories }) => {
    const make = (name: string) =>
      repositories.users.create({
        name,
        email: `${name.toLowerCase()}${++counter}@example.com`,
        passwordHash: 'not-a-real-hash',
        skills: ['Go'],
      });
    const user = await make('Ada');
    const otherUser = await make('Eve');
    await work({
      user,
      data: repositories.forUser(user._id),
      users: repositories.users,
      other: repositories.forUser(otherUser._id),
    });
  });
}

const NOW = new Date('2026-03-15T12:00:00Z');
const day = (text: string) => new Date(`${text}T00:00:00Z`);

describe('checkDateOrder', () => {
  it('accepts dates in order or missing, refuses an end or completion before the start', () => {
    expect(() => checkDateOrder({})).not.toThrow();
    expect(() => checkDateOrder({ completionDate: day('2026-01-01') })).not.toThrow();
    expect(() =>
      checkDateOrder({ startDate: day('2026-01-01'), completionDate: day('2026-01-01') }),
    ).not.toThrow();
    expect(() =>
      checkDateOrder({ startDate: day('2026-02-01'), completionDate: day('2026-01-31') }),
    ).toThrow(/completion date 2026-01-31 is before the start date 2026-02-01/);
    expect(() =>
      checkDateOrder({ startDate: day('2026-02-01'), expectedEndDate: day('2026-01-31') }),
    ).toThrow(UsageError);
  });
});

describe('editedSkills', () => {
  it('leaves the list alone without flags, replaces, adds and removes ignoring case', () => {
    expect(editedSkills(['a'], {})).toBeUndefined();
    expect(editedSkills(['a', 'b'], { skills: ['c'] })).toEqual(['c']);
    expect(editedSkills(['Go', 'sql'], { addSkills: ['go', 'Rust'] })).toEqual([
      'Go',
      'sql',
      'Rust',
    ]);
    expect(editedSkills(['Go', 'sql'], { removeSkills: ['SQL', 'absent'] })).toEqual(['Go']);
    expect(
      editedSkills(['x'], { skills: ['a', 'b'], addSkills: ['c'], removeSkills: ['a'] }),
    ).toEqual(['b', 'c']);
  });
});

describe('skillsNotInProfile', () => {
  it('lists the activity skills the profile lacks, compared ignoring case', () => {
    expect(skillsNotInProfile({ skills: ['go', 'Rust', 'rust'] }, { skills: ['Go'] })).toEqual([
      'Rust',
    ]);
    expect(skillsNotInProfile({ skills: [] }, { skills: [] })).toEqual([]);
  });
});

describe('learning service', () => {
  it('adds activities with the dates their status implies', () =>
    withUser(async ({ data }) => {
      const planned = await addActivity(data, { title: '  Rust  ', type: 'course' }, NOW);
      expect(planned).toMatchObject({ title: 'Rust', status: 'planned', skills: [] });
      expect(planned.startDate).toBeUndefined();

      const started = await addActivity(
        data,
        { title: 'Go', type: 'project', status: 'in-progress', skills: ['go', 'Go', ' '] },
        NOW,
      );
      expect(started.startDate).toEqual(NOW);
      expect(started.skills).toEqual(['go']);

      const done = await addActivity(
        data,
        { title: 'Old cert', type: 'certification', status: 'completed' },
        NOW,
      );
      expect(done.completionDate).toEqual(NOW);

      const untitled = await addActivity(data, { title: '  ', type: 'course' }).catch(
        (error: unknown) => error,
      );
      expect(untitled).toMatchObject({ field: 'title', problem: 'empty' });
      expect(wordError(untitled, ['learn', 'add'])).toMatchObject({
        message: '--title cannot be empty',
      });
      await expect(
        addActivity(data, { title: 'X', type: 'course', certificateUrl: 'ftp://x' }),
      ).rejects.toThrow(UsageError);
      const all = await listActivities(data, {}, {});
      expect(all.items).toHaveLength(3);
      expect(all.total).toBe(3);
    }));

  it('starts and completes, keeping dates in order and writing nothing when refused', () =>
    withUser(async ({ data }) => {
      const activity = await addActivity(
        data,
        { title: 'K8s', type: 'workshop', startDate: day('2026-04-01') },
        NOW,
      );
      // Completing "now" (before the planned start) is refused, and nothing changes.
      await expect(completeActivity(data, activity._id.toHexString(), {}, NOW)).rejects.toThrow(
        /before the start date 2026-04-01/,
      );
      expect(await getActivity(data, activity._id.toHexString())).toEqual(activity);

      const started = await startActivity(data, activity._id.toHexString(), undefined, NOW);
      expect(started).toMatchObject({ status: 'in-progress', startDate: NOW });
      // Starting again without a date keeps the start.
      const restarted = await startActivity(
        data,
        activity._id.toHexString(),
        undefined,
        day('2026-03-18'),
      );
      expect(restarted.startDate).toEqual(NOW);

      const completed = await completeActivity(
        data,
        // 8 characters are only the second the id was made in; 12 take its random part.
        activity._id.toHexString().slice(0, 12),
        { date: day('2026-03-20'), certificateUrl: 'https://example.com/c' },
        NOW,
      );
      expect(completed).toMatchObject({
        status: 'completed',
        completionDate: day('2026-03-20'),
        certificateUrl: 'https://example.com/c',
      });
      // Completing again keeps the recorded date; a completed activity is not restarted.
      const again = await completeActivity(data, activity._id.toHexString(), {}, day('2026-05-01'));
      expect(again.completionDate).toEqual(day('2026-03-20'));
      await expect(startActivity(data, activity._id.toHexString(), undefined)).rejects.toThrow(
        ConflictError,
      );
    }));

  it('updates fields, clears optional ones, and moves dates with the status', () =>
    withUser(async ({ data }) => {
      const activity = await addActivity(
        data,
        { title: 'SQL', type: 'course', provider: 'Coursera', skills: ['sql'] },
        NOW,
      );
      const id = activity._id.toHexString();
      const updated = await updateActivity(
        data,
        id,
        { provider: '', notes: 'weekly', addSkills: ['joins'] },
        NOW,
      );
      expect(updated.provider).toBeUndefined();
      expect(updated).toMatchObject({ notes: 'weekly', skills: ['sql', 'joins'] });

      const completed = await updateActivity(data, id, { status: 'completed' }, NOW);
      expect(completed.completionDate).toEqual(NOW);
      const reopened = await updateActivity(data, id, { status: 'in-progress' }, NOW);
      expect(reopened.completionDate).toBeUndefined();
      expect(reopened.startDate).toEqual(NOW);
      const replanned = await updateActivity(data, id, { status: 'planned' }, NOW);
      expect(replanned.status).toBe('planned');

      await expect(updateActivity(data, id, {})).rejects.toThrow('nothing to update');
      await expect(
        updateActivity(data, id, { expectedEndDate: day('2026-01-01') }),
      ).rejects.toThrow(/expected end 2026-01-01 is before the start date/);
      expect(await getActivity(data, id)).toEqual(replanned);
    }));

  it('lets an activity start after its expected end, and edits it afterwards', () =>
    withUser(async ({ data }) => {
      const activity = await addActivity(data, {
        title: 'Late start',
        type: 'course',
        expectedEndDate: day('2026-03-01'),
      });
      const id = activity._id.toHexString();
      const started = await startActivity(data, id, undefined, NOW);
      expect(started.startDate).toEqual(NOW);
      const renamed = await updateActivity(data, id, { title: 'Late but going' }, NOW);
      expect(renamed.title).toBe('Late but going');
      await expect(
        updateActivity(data, id, { expectedEndDate: day('2026-03-10') }, NOW),
      ).rejects.toThrow(/expected end 2026-03-10 is before the start date 2026-03-15/);
    }));

  it("adds only the activity's new skills to the profile", () =>
    withUser(async ({ user, data, users }) => {
      const activity = await addActivity(data, {
        title: 'Go deeper',
        type: 'course',
        skills: ['go', 'Concurrency', 'pprof'],
      });
      expect(await addSkillsToProfile(users, user, activity)).toEqual(['Concurrency', 'pprof']);
      const profile = await users.findProfile(user._id);
      expect(profile?.skills).toEqual(['Go', 'Concurrency', 'pprof']);
      expect(await addSkillsToProfile(users, profile ?? user, activity)).toEqual([]);
    }));

  it("never sees another user's activity, by id or by prefix", () =>
    withUser(async ({ data, other }) => {
      const activity = await addActivity(data, { title: 'Mine', type: 'course' });
      const id = activity._id.toHexString();
      for (const idOrPrefix of [id, id.slice(0, 8)]) {
        await expect(getActivity(other, idOrPrefix)).rejects.toThrow(NotFoundError);
        await expect(updateActivity(other, idOrPrefix, { title: 'Theirs' })).rejects.toThrow(
          NotFoundError,
        );
        await expect(startActivity(other, idOrPrefix, undefined)).rejects.toThrow(NotFoundError);
        await expect(completeActivity(other, idOrPrefix, {})).rejects.toThrow(NotFoundError);
        await expect(removeActivity(other, idOrPrefix)).rejects.toThrow(NotFoundError);
      }
      expect((await listActivities(other, {}, {})).items).toEqual([]);
      expect(await getActivity(data, id)).toEqual(activity);
    }));
});
