// Everything a command prints goes through here, so --json output stays machine-clean
// (data on stdout, diagnostics on stderr), colour follows the io's policy (colours.ts), and
// text from data cannot act on the terminal (see printable.ts): a plain string is escaped on
// the way out, our own colours come as TerminalText.
import { coloursFor } from './colours.js';
import type { CommandIO } from './io.js';
import { pacedOutput } from './paced-output.js';
import {
  joinPrintable,
  paint,
  safe,
  terminalJson,
  toTerminal,
  type Printable,
} from './printable.js';

/** One `label: value` line of printFields. */
export type Field = readonly [label: string, value: Printable];

/** The print functions, writing to one io. */
export interface Printer {
  /** Prints one JSON document (the whole result of a --json command). */
  printJson(value: unknown): void;
  printLine(text?: Printable): void;
  /** A section heading for human output. */
  printHeading(text: string): void;
  /** Aligned `label  value` lines, like `gh repo view`'s header. */
  printFields(fields: ReadonlyArray<Field>): void;
  printSuccess(message: Printable): void;
  /** A warning goes to stderr so it never corrupts --json output. */
  printWarning(message: Printable): void;
  /** Progress or advice for people; stderr for the same reason as warnings. */
  printNote(message: Printable): void;
  /**
   * Resolves once everything printed has been written (a long table is written in chunks, so
   * that Ctrl-C is heard meanwhile: see paced-output.ts).
   */
  flushed(): Promise<void>;
}

export function printerFor(io: CommandIO): Printer {
  const paced = pacedOutput();
  const out = (text: string): void => paced.write(io.stdout.stream, text);
  const err = (text: string): void => paced.write(io.stderr.stream, text);
  const printLine = (text: Printable = ''): void => out(`${toTerminal(text)}\n`);
  return {
    printJson: (value) => out(`${terminalJson(value, 2)}\n`),
    printLine,
    printHeading: (text) => printLine(paint(coloursFor(io.stdout).bold, text)),
    printFields: (fields) => {
      const width = Math.max(0, ...fields.map(([label]) => label.length));
      const colours = coloursFor(io.stdout);
      for (const [label, value] of fields) {
        printLine(joinPrintable([paint(colours.dim, `${label}:`.padEnd(width + 1)), value], ' '));
      }
    },
    printSuccess: (message) =>
      printLine(safe`${paint(coloursFor(io.stdout).green, '✓')} ${message}`),
    printWarning: (message) => {
      const prefix = paint(coloursFor(io.stderr).yellow, 'warning:');
      err(`${toTerminal(safe`${prefix} ${message}`)}\n`);
    },
    printNote: (message) => err(`${toTerminal(message)}\n`),
    flushed: paced.flushed,
  };
}
