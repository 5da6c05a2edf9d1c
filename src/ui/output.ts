// Everything a command prints goes through here, so --json output stays machine-clean
// (data on stdout, diagnostics on stderr), colour follows the policy in colours.ts, and text
// from data cannot act on the terminal (see printable.ts): a plain string is escaped on the
// way out, our own colours come as TerminalText.
import { stderrColours, stdoutColours } from './colours.js';
import {
  joinPrintable,
  paint,
  safe,
  terminalJson,
  toTerminal,
  type Printable,
} from './printable.js';

/** Prints one JSON document (the whole result of a --json command). */
export function printJson(value: unknown): void {
  process.stdout.write(`${terminalJson(value, 2)}\n`);
}

export function printLine(text: Printable = ''): void {
  process.stdout.write(`${toTerminal(text)}\n`);
}

/** A section heading for human output. */
export function printHeading(text: string): void {
  printLine(paint(stdoutColours().bold, text));
}

/** One `label: value` line of printFields. */
export type Field = readonly [label: string, value: Printable];

/** Aligned `label  value` lines, like `gh repo view`'s header. */
export function printFields(fields: ReadonlyArray<Field>): void {
  const width = Math.max(0, ...fields.map(([label]) => label.length));
  const colours = stdoutColours();
  for (const [label, value] of fields) {
    printLine(joinPrintable([paint(colours.dim, `${label}:`.padEnd(width + 1)), value], ' '));
  }
}

export function printSuccess(message: Printable): void {
  printLine(safe`${paint(stdoutColours().green, '✓')} ${message}`);
}

/** A warning goes to stderr so it never corrupts --json output. */
export function printWarning(message: Printable): void {
  const prefix = paint(stderrColours().yellow, 'warning:');
  process.stderr.write(`${toTerminal(safe`${prefix} ${message}`)}\n`);
}

/** Progress or advice for people; stderr for the same reason as warnings. */
export function printNote(message: Printable): void {
  process.stderr.write(`${toTerminal(message)}\n`);
}
