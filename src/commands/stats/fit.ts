// Small helpers of the stats rendering: numbers as words, and lines cut to the width.
import type { Printer } from '../../ui/output.js';
import { truncateToWidth } from '../../ui/terminal-width.js';

export function percent(ratio: number | null): string {
  return ratio === null ? '–' : `${Math.round(ratio * 100)}%`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Prints lines cut to the width (headings may be long on a narrow terminal). */
export function heading(out: Printer, text: string, width: number): void {
  out.printHeading(truncateToWidth(text, width));
}

export function lines(out: Printer, texts: readonly string[]): void {
  for (const text of texts) out.printLine(text);
}
