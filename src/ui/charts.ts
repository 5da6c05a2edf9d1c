// Terminal charts fitted to a width: horizontal bars (one row per label) and sparklines (one
// character per value). Plain text: callers colour headings, and every line they return is at
// most `width` columns wide. Labels and notes (skill names...) are escaped before they are
// measured (see printable.ts).
import { printable } from './printable.js';
import { displayWidth, padStartToWidth, padToWidth, truncateToWidth } from './terminal-width.js';

export interface BarRow {
  label: string;
  value: number;
  /** Shown after the value (e.g. "60% of toApply"); dropped first when space runs out. */
  note?: string;
}

const FULL_BLOCK = '█';
// Eighths of a cell, so short bars still differ: index n is n/8 of a block.
const PARTIAL_BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const SPARK_LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/** Below this many cells a bar says little; notes and then labels give way first. */
const MIN_BAR_CELLS = 6;
const MAX_LABEL_SHARE = 0.4;

/** A bar of value/max of `cells` cells, in eighths; any non-zero value shows at least 1/8. */
export function bar(value: number, max: number, cells: number): string {
  if (value <= 0 || max <= 0 || cells <= 0) return '';
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * cells * 8));
  return FULL_BLOCK.repeat(Math.floor(eighths / 8)) + (PARTIAL_BLOCKS[eighths % 8] ?? '');
}

/**
 * One line per row: label, bar, value and note, in columns; bars scaled to the largest value.
 * Space is shared out so the bar keeps at least a few cells: notes are cut first, then labels.
 */
export function renderBars(given: readonly BarRow[], width: number): string[] {
  if (given.length === 0) return [];
  const rows = given.map((row) => ({
    ...row,
    label: printable(row.label),
    ...(row.note === undefined ? {} : { note: printable(row.note) }),
  }));
  const max = Math.max(0, ...rows.map((row) => row.value));
  const valueWidth = Math.max(...rows.map((row) => String(row.value).length));
  const labelWidth = Math.min(
    Math.max(...rows.map((row) => displayWidth(row.label))),
    Math.max(1, Math.floor(width * MAX_LABEL_SHARE)),
  );
  const fullNoteWidth = Math.max(0, ...rows.map((row) => displayWidth(row.note ?? '')));
  // label + space + bar + space + value (+ two spaces + note)
  const fixed = labelWidth + 1 + 1 + valueWidth;
  const spareForNote = width - fixed - MIN_BAR_CELLS - 2;
  const noteWidth = fullNoteWidth === 0 ? 0 : Math.max(0, Math.min(fullNoteWidth, spareForNote));
  const cells = Math.max(0, width - fixed - (noteWidth > 0 ? noteWidth + 2 : 0));
  return rows.map((row) => {
    const label = padToWidth(truncateToWidth(row.label, labelWidth), labelWidth);
    const value = padStartToWidth(String(row.value), valueWidth);
    const note = noteWidth > 0 && row.note ? `  ${truncateToWidth(row.note, noteWidth)}` : '';
    const line = `${label} ${padToWidth(bar(row.value, max, cells), cells)} ${value}${note}`;
    // A last guard for very narrow widths, where even the fixed columns do not fit.
    return truncateToWidth(line.trimEnd(), width);
  });
}

/**
 * One character per value, from ▁ (zero or the least) to █ (the most). More values than
 * `width` are summed into `width` consecutive groups, so the line always fits.
 */
export function renderSparkline(values: readonly number[], width: number): string {
  if (values.length === 0 || width <= 0) return '';
  const groups = Math.min(values.length, width);
  const sums: number[] = new Array<number>(groups).fill(0);
  values.forEach((value, index) => {
    const group = Math.floor((index * groups) / values.length);
    sums[group] = (sums[group] ?? 0) + value;
  });
  const max = Math.max(...sums);
  return sums
    .map((sum) => {
      if (max <= 0 || sum <= 0) return SPARK_LEVELS[0];
      const level = Math.max(1, Math.round((sum / max) * (SPARK_LEVELS.length - 1)));
      return SPARK_LEVELS[level];
    })
    .join('');
}
