// Asking a person for what they left out, and never asking a script: when stdin is not a
// terminal, a missing value is a usage error naming the flag to pass.
import { UsageError } from './errors.js';

export function canPrompt(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true;
}

export function missingFlag(flag: string, what: string): UsageError {
  return new UsageError(`missing ${flag}: ${what} is required`, {
    hint: `pass ${flag} (prompts are only shown at a terminal)`,
  });
}

/** The value given, or one typed at a prompt; a UsageError when there is no terminal. */
export async function valueOrPrompt(
  value: string | undefined,
  flag: string,
  what: string,
  options: { mask?: boolean; validate?: (input: string) => true | string } = {},
): Promise<string> {
  if (value !== undefined && value !== '') return value;
  if (!canPrompt()) throw missingFlag(flag, what);
  const { input, password } = await import('@inquirer/prompts');
  const validate =
    options.validate ?? ((input: string) => (input.trim() === '' ? `${what} is required` : true));
  return options.mask
    ? password({ message: `${what}:`, mask: '*', validate })
    : input({ message: `${what}:`, validate });
}

/**
 * Confirmation before something destructive: --yes skips it; at a terminal a yes/no question
 * (default no); without a terminal and without --yes, a usage error naming --yes.
 */
export async function confirmOrRequireYes(
  question: string,
  yes: boolean | undefined,
  what: string,
): Promise<boolean> {
  if (yes) return true;
  if (!canPrompt()) {
    throw new UsageError(`${what} needs confirmation`, {
      hint: 'pass --yes to go ahead without a prompt',
    });
  }
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message: question, default: false });
}
