// Password rules and sources that need no terminal.
import { describe, expect, it } from 'vitest';
import { wordError } from '../../src/commands/error-wording.js';
import {
  checkPasswordStrength,
  existingPassword,
  passwordChange,
} from '../../src/services/password-input.js';
import { UsageError } from '../../src/domain/errors.js';

describe('password input', () => {
  it('requires 8 characters and at most 72 bytes', () => {
    expect(() => checkPasswordStrength('1234567')).toThrow(/at least 8 characters/);
    expect(() => checkPasswordStrength('12345678')).not.toThrow();
    expect(() => checkPasswordStrength('é'.repeat(37))).toThrow(/at most 72 bytes/);
  });

  it('takes passwords from the environment, and names the ways to give one otherwise', async () => {
    await expect(existingPassword({ env: { CAREER_PASSWORD: 'from env 1' } })).resolves.toBe(
      'from env 1',
    );
    await expect(
      passwordChange({ env: { CAREER_PASSWORD: 'old one 1', CAREER_NEW_PASSWORD: 'new one 2' } }),
    ).resolves.toEqual({ current: 'old one 1', next: 'new one 2' });
    // Under vitest stdin is not a terminal, so there is no prompt to fall back on.
    const error = await existingPassword({ env: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect(wordError(error as UsageError, ['auth', 'login']).hint).toMatch(
      /--password-stdin.*CAREER_PASSWORD/,
    );
  });
});
