// Asking a person for what they left out, and never asking a script: when stdin is not a
// terminal, a missing value is a usage error naming the flag to pass. Questions and defaults
// that hold data are escaped (see printable.ts): inquirer writes them to the terminal as given.
// inquirer reads and writes the io's streams (its context argument), never the process's.
import { UsageError } from '../domain/errors.js';
import { isInteractive, type CommandIO } from './io.js';
import { printable } from './printable.js';

export function missingFlag(flag: string, what: string): UsageError {
  return new UsageError(`missing ${flag}: ${what} is required`, {
    hint: `pass ${flag} (prompts are only shown at a terminal)`,
  });
}

export interface ValueOrPromptOptions {
  mask?: boolean;
  /** Checked at the prompt (an answer it refuses is asked again, with the text it returns). */
  validate?: (input: string) => true | string | Promise<true | string>;
}

function streamsOf(io: CommandIO): { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } {
  return { input: io.stdin, output: io.stdout.stream };
}

export interface Prompts {
  /** Whether questions can be asked (stdin and stdout are a terminal). */
  canPrompt(): boolean;
  /** The value given, or one typed at a prompt; a UsageError when there is no terminal. */
  valueOrPrompt(
    value: string | undefined,
    flag: string,
    what: string,
    options?: ValueOrPromptOptions,
  ): Promise<string>;
  /**
   * Confirmation before something destructive: --yes skips it; at a terminal a yes/no question
   * (default no); without a terminal and without --yes, a usage error naming --yes.
   */
  confirmOrRequireYes(question: string, yes: boolean | undefined, what: string): Promise<boolean>;
  /** A yes/no question at a terminal; the question (which may hold data) is shown escaped. */
  askYesNo(question: string, defaultAnswer: boolean): Promise<boolean>;
  /**
   * A text prompt whose default is a stored value: shown escaped, and given back as stored
   * when the person keeps it (Enter), not as its escaped form.
   */
  askWithDefault(
    message: string,
    current: string,
    options?: { required?: boolean },
  ): Promise<string>;
  /** One of `choices`, picked from a list (the default first highlighted, when there is one). */
  choose<T extends string>(
    message: string,
    choices: readonly T[],
    defaultChoice?: T | null,
  ): Promise<T>;
  /**
   * For what cannot be undone (as `gh repo delete` asks for the repository's name): true only
   * when the person types `expected` (ignoring case and surrounding blanks) at the prompt.
   */
  typeToConfirm(message: string, expected: string): Promise<boolean>;
  /** A masked prompt (a terminal must be there: check canPrompt first). */
  askPassword(message: string, validate?: (input: string) => true | string): Promise<string>;
}

export function promptsFor(io: CommandIO): Prompts {
  const canPrompt = (): boolean => isInteractive(io);
  const askYesNo = async (question: string, defaultAnswer: boolean): Promise<boolean> => {
    const { confirm } = await import('@inquirer/prompts');
    return confirm({ message: printable(question), default: defaultAnswer }, streamsOf(io));
  };
  return {
    canPrompt,
    askYesNo,
    valueOrPrompt: async (value, flag, what, options = {}) => {
      if (value !== undefined && value !== '') return value;
      if (!canPrompt()) throw missingFlag(flag, what);
      const { input, password } = await import('@inquirer/prompts');
      const validate =
        options.validate ?? ((text: string) => (text.trim() === '' ? `${what} is required` : true));
      const message = `${printable(what)}:`;
      return options.mask
        ? password({ message, mask: '*', validate }, streamsOf(io))
        : input({ message, validate }, streamsOf(io));
    },
    confirmOrRequireYes: async (question, yes, what) => {
      if (yes) return true;
      if (!canPrompt()) {
        throw new UsageError(`${what} needs confirmation`, {
          hint: 'pass --yes to go ahead without a prompt',
        });
      }
      return askYesNo(question, false);
    },
    choose: async (message, choices, defaultChoice) => {
      const { select } = await import('@inquirer/prompts');
      return select(
        {
          message: printable(message),
          choices: choices.map((value) => ({ value, name: printable(value) })),
          ...(defaultChoice == null ? {} : { default: defaultChoice }),
        },
        streamsOf(io),
      );
    },
    typeToConfirm: async (message, expected) => {
      const { input } = await import('@inquirer/prompts');
      const typed = await input({ message: printable(message) }, streamsOf(io));
      return typed.trim().toLowerCase() === expected.trim().toLowerCase();
    },
    askPassword: async (message, validate) => {
      const { password } = await import('@inquirer/prompts');
      return password({ message, mask: '*', ...(validate ? { validate } : {}) }, streamsOf(io));
    },
    askWithDefault: async (message, current, options = {}) => {
      const { input } = await import('@inquirer/prompts');
      const shown = printable(current);
      const answer = await input(
        {
          message: printable(message),
          default: shown,
          ...(options.required ? { required: true } : {}),
        },
        streamsOf(io),
      );
      return answer === shown ? current : answer;
    },
  };
}
