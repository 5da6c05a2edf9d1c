// Tables for human output, in one of three shapes:
// - at a terminal, fitted to its width (see table-fit.ts): long text cut with `…`, the
//   columns that matter least shrunk first and, when even that is not enough, left out;
//   ids, dates and statuses are never cut;
// - `--wide` at a terminal: every column whole, however wide the lines get;
// - not a terminal (a pipe, a file): each row whole on one line, cells separated by tabs,
//   no header, no borders, no colour (unless FORCE_COLOR), as `gh` prints for pipes (so
//   `cut -f1` gives the ids).
// The boxes are drawn here, a row at a time, from column widths found in one pass over the
// cells (each cell measured once): linear in the rows, so `contact list --limit 50000` takes
// no longer per row than a page of 50 (cli-table3, used before, laid 8,000 rows out in
// seconds and 80,000 not in minutes). Colour is applied by us, so NO_COLOR and non-TTY
// output are honoured. Cells from data are escaped before they are measured, so widths are
// those of what is shown.
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

/** The box-drawing characters (cli-table3's, which tables were drawn with before). */
const BOX = {
  top: ['┌', '┬', '┐'],
  bottom: ['└', '┴', '┘'],
  line: '─',
  side: '│',
} as const;

/** A cell as shown: its text and how many columns that takes. */
interface MeasuredCell {
  text: string;
  width: number;
}

/** Measures cells, once per distinct text (a listing repeats its companies, tags, dates). */
function measurer(): (text: string) => number {
  const known = new Map<string, number>();
  return (text) => {
    let width = known.get(text);
    if (width === undefined) {
      width = displayWidth(text);
      if (known.size < 10_000) known.set(text, width);
    }
    return width;
  };
}

/** `cell` in a column `width` wide: cut when longer (losing its colour only then), padded. */
function fitCell(cell: MeasuredCell, width: number): string {
  if (cell.width <= width) return cell.text + ' '.repeat(width - cell.width);
  const cut = truncateToWidth(cell.text, width);
  return cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
}

/** `┌──┬──┐`-like rule over columns of `widths`. */
function rule(widths: readonly number[], [left, middle, right]: readonly string[]): string {
  return `${left}${widths.map((width) => BOX.line.repeat(width + 2)).join(middle)}${right}`;
}

/** `│ a │ b │`: cells already fitted to their column. */
function boxedRow(cells: readonly string[]): string {
  return `${BOX.side} ${cells.join(` ${BOX.side} `)} ${BOX.side}`;
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
  const measure = measurer();
  const natural = columns.map((column) => displayWidth(column.title));
  const measured: MeasuredCell[][] = rows.map((row) =>
    columns.map((_, index) => {
      const text = cellText(row[index] ?? '');
      const width = measure(text);
      if (width > (natural[index] as number)) natural[index] = width;
      return { text, width };
    }),
  );
  const fitted: FitColumn[] = columns.map((column, index) => ({
    natural: natural[index] as number,
    keep: column.keep === true,
    priority: column.priority ?? 1,
  }));
  const wide = options.wide === true || io.tableLayout === 'wide';
  const widths = wide ? fitted.map((column) => column.natural) : fitColumns(fitted, io.columns);
  const shown = widths.flatMap((width, index) => (width === undefined ? [] : [{ index, width }]));
  const shownWidths = shown.map(({ width }) => width);
  const lines: string[] = [rule(shownWidths, BOX.top)];
  lines.push(
    boxedRow(
      shown.map(({ index, width }) => {
        const title = truncateToWidth(columns[index]?.title ?? '', width);
        return colours.bold(title) + ' '.repeat(Math.max(0, width - displayWidth(title)));
      }),
    ),
  );
  for (const row of measured) {
    lines.push(
      boxedRow(shown.map(({ index, width }) => fitCell(row[index] as MeasuredCell, width))),
    );
  }
  lines.push(rule(shownWidths, BOX.bottom));
  return new TerminalText(lines.join('\n'));
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
