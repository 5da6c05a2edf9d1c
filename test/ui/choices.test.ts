// The one matcher of fixed-list values (src/domain/choices.ts): case, spaces, dashes and
// underscores ignored, a unique start accepted, an ambiguous start refused naming what it
// could be, and a near miss refused with "did you mean".
import { describe, expect, it } from 'vitest';
import { wordError } from '../../src/commands/error-wording.js';
import { findChoice, matchChoice, normaliseChoice } from '../../src/domain/choices.js';
import { FieldError } from '../../src/domain/field-error.js';
import { APPLICATION_STATUSES } from '../../src/domain/pipeline.js';
import { ACTIVITY_STATUSES, TIMEFRAMES } from '../../src/models/index.js';

function thrown(run: () => unknown): FieldError {
  try {
    run();
  } catch (error) {
    if (error instanceof FieldError) return error;
    throw error;
  }
  throw new Error('expected a FieldError');
}

describe('matchChoice', () => {
  it('takes any case, spaces, dashes and underscores', () => {
    expect(normaliseChoice(' To-Apply_now ')).toBe('toapplynow');
    for (const typed of ['toApply', 'Applied', 'APPLIED', 'to apply', 'to-apply', 'TO_APPLY']) {
      expect(APPLICATION_STATUSES).toContain(matchChoice(typed, APPLICATION_STATUSES, 'status'));
    }
    expect(matchChoice('to apply', APPLICATION_STATUSES, 'status')).toBe('toApply');
    expect(matchChoice('Applied', APPLICATION_STATUSES, 'status')).toBe('applied');
    expect(matchChoice('In Progress', ACTIVITY_STATUSES, 'status')).toBe('in-progress');
    expect(matchChoice('inprogress', ACTIVITY_STATUSES, 'status')).toBe('in-progress');
    expect(matchChoice('6 months', TIMEFRAMES, 'timeframe')).toBe('6-months');
    expect(matchChoice('1year', TIMEFRAMES, 'timeframe')).toBe('1-year');
  });

  it('takes a unique start of a choice', () => {
    expect(matchChoice('interview', APPLICATION_STATUSES, 'status')).toBe('interviewing');
    expect(matchChoice('Rej', APPLICATION_STATUSES, 'status')).toBe('rejected');
    expect(matchChoice('to', APPLICATION_STATUSES, 'status')).toBe('toApply');
    expect(matchChoice('in prog', ACTIVITY_STATUSES, 'status')).toBe('in-progress');
  });

  it('refuses an ambiguous start, naming the choices it could be', () => {
    const modes = ['remote', 'review', 'hybrid'] as const;
    expect(findChoice('re', modes)).toEqual({
      kind: 'ambiguous',
      candidates: ['remote', 'review'],
    });
    const error = thrown(() => matchChoice('Re', modes, 'mode'));
    expect(error).toMatchObject({
      field: 'mode',
      problem: 'ambiguous',
      value: 'Re',
      message: "mode: 'Re' could be remote or review",
      hint: 'use one of: remote, review, hybrid',
      exitCode: 2,
    });
    // Three or more: "a, b or c".
    expect(thrown(() => matchChoice('a', ['ab', 'ac', 'ad'], 'x')).message).toBe(
      "x: 'a' could be ab, ac or ad",
    );
  });

  it('an exact choice wins over its being the start of another', () => {
    expect(matchChoice('low', ['low', 'lower'], 'x')).toBe('low');
    expect(matchChoice('LOW', ['low', 'lower'], 'x')).toBe('low');
  });

  it('refuses a near miss with "did you mean", and anything else with the list', () => {
    const typo = thrown(() => matchChoice('aplied', APPLICATION_STATUSES, 'status'));
    expect(typo).toMatchObject({
      problem: 'not-allowed',
      value: 'aplied',
      message: "status: 'aplied' is not allowed",
      hint: 'did you mean applied? (use one of: toApply, applied, interviewing, offer, rejected)',
    });
    expect(findChoice('intervewing', APPLICATION_STATUSES)).toEqual({
      kind: 'unknown',
      suggestions: ['interviewing'],
    });
    // A typo in the start of a choice is a near miss too.
    expect(findChoice('interveiw', APPLICATION_STATUSES)).toEqual({
      kind: 'unknown',
      suggestions: ['interviewing'],
    });
    expect(findChoice('rejcted', APPLICATION_STATUSES)).toEqual({
      kind: 'unknown',
      suggestions: ['rejected'],
    });
    const far = thrown(() => matchChoice('maybe', APPLICATION_STATUSES, 'status'));
    expect(far.hint).toBe('use one of: toApply, applied, interviewing, offer, rejected');
    expect(findChoice('', APPLICATION_STATUSES)).toEqual({ kind: 'unknown', suggestions: [] });
    expect(findChoice(' - ', APPLICATION_STATUSES)).toEqual({ kind: 'unknown', suggestions: [] });
  });

  it('is a FieldError: the command layer names the flag or the positional argument', () => {
    const error = thrown(() => matchChoice('aplied', APPLICATION_STATUSES, 'status'));
    expect(wordError(error, ['apply', 'list'])).toMatchObject({
      message: "--status: 'aplied' is not allowed",
    });
    expect(wordError(error, ['apply', 'status'])).toMatchObject({
      message: "STATUS: 'aplied' is not allowed",
    });
  });
});
