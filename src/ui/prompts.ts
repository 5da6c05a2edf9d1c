// Asking a person for what they left out, and never asking a script: when stdin is not a
// terminal, a missing value is a usage error naming the flag to pass. Questions and defaults
// that hold data are escaped (see printable.ts): inquirer writes them to the terminal as given.
import { UsageError } from '../domain/errors.js';
import { printable } from './printable.js';

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
  const message = `${printable(what)}:`;
  return options.mask ? password({ message, mask: '*', validate }) : input({ message, validate });
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
  return askYesNo(question, false);
}

/** A yes/no question at a terminal; the question (which may hold data) is shown escaped. */
export async function askYesNo(question: string, defaultAnswer: boolean): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message: printable(question), default: defaultAnswer });
}

/**
 * A text prompt whose default is a stored value: shown escaped, and given back as stored
 * when the person keeps it (Enter), not as its escaped form.
 */
export async function askWithDefault(
  message: string,
  current: string,
  options: { required?: boolean } = {},
): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  const shown = printable(current);
  const answer = await input({
    message: printable(message),
    default: shown,
    ...(options.required ? { required: true } : {}),
  });
  return answer === shown ? current : answer;
}
