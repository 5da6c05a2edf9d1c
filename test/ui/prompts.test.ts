// Prompts show data too (a name in "Remove Grace and your connection with them?", a stored
// value as the default): inquirer writes what it is given to the terminal, so what it is
// given must be escaped, and a default kept as shown must give back the stored value.
// inquirer itself is replaced here by a recorder: what is checked is what it would print.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testIo } from '../helpers/io.js';
import { RAW_CONTROL } from '../helpers/terminal.js';

const asked: Array<{ kind: string; message: string; default?: unknown }> = [];
let answer: unknown;

vi.mock('@inquirer/prompts', () => {
  const recorder =
    (kind: string) =>
    (config: { message: string; default?: unknown }): Promise<unknown> => {
      asked.push({ kind, ...config });
      return Promise.resolve(answer ?? config.default);
    };
  return { confirm: recorder('confirm'), input: recorder('input'), password: recorder('password') };
});

const { promptsFor } = await import('../../src/ui/prompts.js');
// canPrompt() asks only at a terminal: stdin and stdout of this io are one.
const { askWithDefault, confirmOrRequireYes } = promptsFor(testIo({ terminal: true }).io);

const NAME = 'Grace\x1b]0;pwned\x07\x1b[2J\u202e';
const SHOWN = 'Grace\\x1b]0;pwned\\x07\\x1b[2J\\u202e';
beforeEach(() => {
  asked.length = 0;
  answer = undefined;
});

describe('prompts', () => {
  it('escape the question of a confirmation', async () => {
    answer = true;
    await expect(confirmOrRequireYes(`Remove ${NAME}?`, false, 'removing')).resolves.toBe(true);
    expect(asked).toEqual([{ kind: 'confirm', message: `Remove ${SHOWN}?`, default: false }]);
  });

  it('show a stored default escaped, and give it back as stored when kept', async () => {
    await expect(askWithDefault('Your name:', NAME)).resolves.toBe(NAME);
    expect(asked[0]).toMatchObject({ kind: 'input', message: 'Your name:', default: SHOWN });
    expect(`${asked[0]?.message}${String(asked[0]?.default)}`).not.toMatch(RAW_CONTROL);
    answer = 'Grace Hopper';
    await expect(askWithDefault('Your name:', NAME)).resolves.toBe('Grace Hopper');
  });
});
