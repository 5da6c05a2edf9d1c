// Password rules (services/password-rules.ts) and where passwords come from
// (commands/options/password.ts), without a terminal.
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/commands/context.js';
import { wordError } from '../../src/commands/error-wording.js';
import {
  existingPassword,
  newAccountPassword,
  passwordChange,
} from '../../src/commands/options/password.js';
import { UsageError } from '../../src/domain/errors.js';
import { checkPasswordStrength } from '../../src/services/password-rules.js';
import { testIo } from '../helpers/io.js';
import { Readable } from 'node:stream';

function contextWith(env: Record<string, string>, stdin = '') {
  const { io } = testIo();
  return createContext({ io: { ...io, stdin: Readable.from([stdin]) }, env });
}

describe('password input', () => {
  it('requires 8 characters and at most 72 bytes', () => {
    expect(() => checkPasswordStrength('1234567')).toThrow(/at least 8 characters/);
    expect(() => checkPasswordStrength('12345678')).not.toThrow();
    expect(() => checkPasswordStrength('é'.repeat(37))).toThrow(/at most 72 bytes/);
  });

  it('takes passwords from the environment, and names the ways to give one otherwise', async () => {
    await expect(
      existingPassword(false, contextWith({ CAREER_PASSWORD: 'from env 1' })),
    ).resolves.toBe('from env 1');
    await expect(
      passwordChange(
        false,
        contextWith({ CAREER_PASSWORD: 'old one 1', CAREER_NEW_PASSWORD: 'new one 2' }),
      ),
    ).resolves.toEqual({ current: 'old one 1', next: 'new one 2' });
    // The test io is not a terminal, so there is no prompt to fall back on.
    const error = await existingPassword(false, contextWith({})).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect(wordError(error as UsageError, ['auth', 'login']).hint).toMatch(
      /--password-stdin.*CAREER_PASSWORD/,
    );
  });

  it("reads the command's stdin, not the process's: one trailing newline dropped, then checked", async () => {
    await expect(existingPassword(true, contextWith({}, 'typed secret\n'))).resolves.toBe(
      'typed secret',
    );
    await expect(
      passwordChange(true, contextWith({}, 'old secret\nnew secret\n')),
    ).resolves.toEqual({ current: 'old secret', next: 'new secret' });
    await expect(newAccountPassword(true, contextWith({}, 'short\n'))).rejects.toThrow(
      /at least 8 characters/,
    );
  });

  it('asks both passwords again when they differ, and the first until it passes the rules', async () => {
    const { io, stderr } = testIo({ terminal: true });
    const context = createContext({ io, env: {} });
    const typed = ['short', 'long enough 1', 'long enough 2', 'long enough 3', 'long enough 3'];
    const asked: string[] = [];
    context.prompts.askPassword = async (message, validate) => {
      for (;;) {
        const answer = typed.shift() ?? '';
        asked.push(message);
        const verdict = validate?.(answer) ?? true;
        if (verdict === true) return Promise.resolve(answer);
      }
    };
    await expect(newAccountPassword(false, context)).resolves.toBe('long enough 3');
    expect(asked).toEqual([
      'Password:',
      'Password:',
      'Password again:',
      'Password:',
      'Password again:',
    ]);
    expect(stderr()).toBe('warning: the two passwords do not match; type both again\n');
  });
});
