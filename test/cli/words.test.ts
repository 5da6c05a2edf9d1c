// a/an and singular/plural in what career prints: counts of one are singular, and the
// article fits the noun ("an application id", "a job id").
import { afterAll, describe, expect, it, vi } from 'vitest';
import { plural, withArticle } from '../../src/domain/phrases.js';
import { inProcessAccount } from '../helpers/in-process.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

describe('words', () => {
  it('plural and withArticle', () => {
    expect([plural(0, 'day'), plural(1, 'day'), plural(2, 'activity', 'activities')]).toEqual([
      '0 days',
      '1 day',
      '2 activities',
    ]);
    expect(['application', 'interview', 'job', 'follow-up', 'Offer'].map(withArticle)).toEqual([
      'an application',
      'an interview',
      'a job',
      'a follow-up',
      'an Offer',
    ]);
  });

  it('says "an application id", and counts of one in the singular', async () => {
    const ada = await inProcessAccount();
    await ada.run([
      'profile',
      'update',
      '--goal',
      'promotion',
      '--timeframe',
      '1-year',
      '--networking',
      'low',
    ]);
    // Something tracked, so the agenda is not a new account's first steps.
    await ada.run(['apply', 'add', '--company', 'ACME', '--title', 'Engineer']);
    const [badId, progress, agenda] = await Promise.all([
      ada.run(['apply', 'show', 'zzzz']),
      ada.run(['coach', 'how am I doing?']),
      ada.run(['agenda', '--days', '1']),
    ]);
    expect(badId.stderr).toMatch(/^error: 'zzzz' is not an application id\n/);
    expect(progress.stdout).toContain('0 of 1 application, 0 of 1 follow-up.');
    expect(progress.stdout).toContain('Targets: 1 application a week (');
    expect(progress.stdout).toContain('1 follow-up a week (networking low)');
    expect(agenda.stdout).toContain('Nothing overdue, and nothing due today or tomorrow.');
  });
});
