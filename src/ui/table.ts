// Tables for human output, in one of three shapes:
// - at a terminal, fitted to its width (see table-fit.ts): long text cut with `…`, the
//   columns that matter least shrunk first and, when even that is not enough, left out;
//   ids, dates and statuses are never cut;
// - `--wide` at a terminal: every column whole, however wide the lines get;
// - not a terminal (a pipe, a file): each row whole on one line, cells separated by tabs,
//   no header, no borders, no colour (unless FORCE_COLOR), as `gh` prints for pipes (so
//   `cut -f1` gives the ids).
// cli-table3 draws the boxes; colour is applied by us (not by cli-table3's own colour
// library) so NO_COLOR and non-TTY output are honoured. Cells from data are escaped before
// they are measured, so widths are those of what is shown.
import Table from 'cli-table3';
import { coloursFor } from './colours.js';
import type { CommandIO } from './io.js';
import { printable, TerminalText, type Printable } from './printable.js';
import { fitColumns, type FitColumn } from './table-fit.js';
import { displayWidth, truncateToWidth } from './terminal-width.js';

export interface TableColumn {
  title: string;
  /** Never cut (ids, dates, statuses, counts); it may still be left out on a narrow terminal. */
  keep?: boolean;
  /**
   * How much the column matters (default 1): lower ones shrink first and are left out first.
   * An id column is never left out (Infinity).
   */
  priority?: number;
}

export interface TableOptions {
  /** --wide: at a terminal, show every column whole. */
  wide?: boolean;
}

/** A column title as given: a plain title is a column of text that may be cut. */
export type ColumnSpec = string | TableColumn;

/** An id column: never cut, never left out. */
export function idColumn(title = 'Id'): TableColumn {
  return { title, keep: true, priority: Infinity };
}

/** A column kept whole (a date, a status, a count): left out before it would be cut. */
export function keep(title: string, priority = 1): TableColumn {
  return { title, keep: true, priority };
}

/** A column of text that may be cut, mattering `priority` much. */
export function text(title: string, priority = 1): TableColumn {
  return { title, priority };
}

function columnOf(spec: ColumnSpec): TableColumn {
  return typeof spec === 'string' ? { title: spec } : spec;
}

/** A cell's text on one line: data escaped (line breaks too), our colour kept. */
function cellText(cell: Printable): string {
  return cell instanceof TerminalText ? cell.text.replace(/\n/g, ' ') : printable(cell);
}

/** A cell cut to `width` (losing its colour only when it is cut). */
function cutCell(cell: Printable, width: number): string {
  const text = cellText(cell);
  return displayWidth(text) <= width ? text : truncateToWidth(text, width);
}

export function renderTable(
  head: readonly ColumnSpec[],
  rows: ReadonlyArray<readonly Printable[]>,
  io: CommandIO,
  options: TableOptions = {},
): TerminalText {
  if (!io.stdout.isTerminal) return tabSeparated(rows);
  const columns = head.map(columnOf);
  const colours = coloursFor(io.stdout);
  const texts = rows.map((row) => row.map(cellText));
  const fitted: FitColumn[] = columns.map((column, index) => ({
    natural: Math.max(
      displayWidth(column.title),
      ...texts.map((row) => displayWidth(row[index] ?? '')),
    ),
    keep: column.keep === true,
    priority: column.priority ?? 1,
  }));
  const wide = options.wide === true || io.tableLayout === 'wide';
  const widths = wide ? fitted.map((column) => column.natural) : fitColumns(fitted, io.columns);
  const shown = widths.flatMap((width, index) => (width === undefined ? [] : [{ index, width }]));
  const table = new Table({
    head: shown.map(({ index, width }) =>
      colours.bold(truncateToWidth(columns[index]?.title ?? '', width)),
    ),
    style: { head: [], border: [] },
    // No rule between body rows: denser, and still readable for short rows.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows)
    table.push(shown.map(({ index, width }) => cutCell(row[index] ?? '', width)));
  return new TerminalText(table.toString());
}

/**
 * The pipe form: one line per row, tab-separated (a tab in data is shown as \t). Colour only
 * when asked for (FORCE_COLOR): the stream's colour level is 0 otherwise, so cells are plain.
 */
function tabSeparated(rows: ReadonlyArray<readonly Printable[]>): TerminalText {
  const cell = (value: Printable): string =>
    value instanceof TerminalText ? value.text.replace(/[\t\n]/g, ' ') : printable(value);
  return new TerminalText(rows.map((row) => row.map(cell).join('\t')).join('\n'));
}
