// Everything a command prints goes through here, so --json output stays machine-clean
// (data on stdout, diagnostics on stderr) and colour follows the policy in colours.ts.
import { stderrColours, stdoutColours } from './colours.js';

/** Prints one JSON document (the whole result of a --json command). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** A section heading for human output. */
export function printHeading(text: string): void {
  printLine(stdoutColours().bold(text));
}

/** Aligned `label  value` lines, like `gh repo view`'s header. */
export function printFields(fields: ReadonlyArray<readonly [label: string, value: string]>): void {
  const width = Math.max(0, ...fields.map(([label]) => label.length));
  const colours = stdoutColours();
  for (const [label, value] of fields) {
    printLine(`${colours.dim(`${label}:`.padEnd(width + 1))} ${value}`);
  }
}

export function printSuccess(message: string): void {
  printLine(`${stdoutColours().green('✓')} ${message}`);
}

/** A warning goes to stderr so it never corrupts --json output. */
export function printWarning(message: string): void {
  process.stderr.write(`${stderrColours().yellow('warning:')} ${message}\n`);
}

/** Progress or advice for people; stderr for the same reason as warnings. */
export function printNote(message: string): void {
  process.stderr.write(`${message}\n`);
}
