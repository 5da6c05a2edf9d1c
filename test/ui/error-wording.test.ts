// The command layer's words for errors from below it (src/commands/error-wording.ts): a field
// becomes its flag, a kind of record or a next step the command to run; the text the service
// wrote around them stays as it is. Below src/commands the same errors name no flag.
import { describe, expect, it } from 'vitest';
import { cliNames, flagFor, wordError } from '../../src/commands/error-wording.js';
import { matchChoice } from '../../src/domain/choices.js';
import {
  ConflictError,
  MalformedIdError,
  RecordNotFoundError,
  UsageError,
} from '../../src/domain/errors.js';
import { FieldError } from '../../src/domain/field-error.js';
import { field, say, step } from '../../src/domain/phrases.js';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('error wording', () => {
  it('names a field by its flag: kebab-case, or as the command spells it', () => {
    expect(flagFor('company', ['apply', 'add'])).toBe('--company');
    expect(flagFor('salaryMin', ['job', 'add'])).toBe('--salary-min');
    expect(flagFor('startDate', ['learn', 'update'])).toBe('--start');
    expect(flagFor('status', ['apply', 'status'])).toBe('STATUS');
    expect(flagFor('status', ['apply', 'list'])).toBe('--status');
  });

  it('a field error says the field below the CLI and the flag in it, with the same exit code', () => {
    const error = thrown(() => matchChoice('sent', ['applied', 'rejected'], 'status'));
    expect(error).toBeInstanceOf(FieldError);
    expect(error).toMatchObject({
      field: 'status',
      problem: 'not-allowed',
      value: 'sent',
      allowed: ['applied', 'rejected'],
      message: "status: 'sent' is not allowed",
      exitCode: 2,
    });
    const worded = wordError(error, ['apply', 'list']);
    expect(worded).toBeInstanceOf(FieldError);
    expect(worded).toMatchObject({
      message: "--status: 'sent' is not allowed",
      hint: 'use one of: applied, rejected',
      exitCode: 2,
      field: 'status',
    });
  });

  it('words phrases: fields, record steps with ids, and the command that ran', () => {
    const error = new UsageError(say`${field('since')} and ${field('weeks')} clash`, {
      hint: say`${step('this-command')} ${field('weeks')} 26, see \`${step('job.show', 'ab12')}\``,
    });
    expect(error.message).toBe('since and weeks clash');
    expect(wordError(error, ['stats'])).toMatchObject({
      message: '--since and --weeks clash',
      hint: 'career stats --weeks 26, see `career job show ab12`',
    });
    expect(say`${step('sign-in')}`.render(cliNames([]))).toBe('career auth login');
  });

  it('gives not-found and malformed ids the command that lists that kind of record', () => {
    const missing = new RecordNotFoundError({ kind: 'learning activity', id: 'abcd' });
    expect(missing.hint).toBeUndefined();
    expect(wordError(missing, ['learn', 'show'])).toMatchObject({
      message: 'no learning activity with id abcd',
      hint: 'see your learning activities with `career learn list`',
      exitCode: 3,
      record: { kind: 'learning activity', id: 'abcd' },
    });
    const followUp = new MalformedIdError({ kind: 'follow-up', id: 'xyz', within: '64f1' });
    expect(wordError(followUp, ['connect', 'followup', 'done'])).toMatchObject({
      message: "'xyz' is not a follow-up id",
      hint: 'ids are hexadecimal; see them with `career connect followup list 64f1`',
      exitCode: 2,
    });
  });

  it('a conflict carries the record already there', () => {
    const error = new ConflictError('a job X at Y already exists: 64f1', {
      existing: { kind: 'job', id: '64f1' },
      hint: say`see it with \`${step('job.show', '64f1')}\``,
    });
    expect(wordError(error, ['job', 'add'])).toMatchObject({
      existing: { kind: 'job', id: '64f1' },
      hint: 'see it with `career job show 64f1`',
      exitCode: 5,
    });
  });

  it('leaves plain errors as they are (the same object)', () => {
    const plain = new UsageError('nothing to update', { hint: 'say what' });
    expect(wordError(plain, ['job', 'update'])).toBe(plain);
    const other = new Error('boom');
    expect(wordError(other, [])).toBe(other);
  });
});
