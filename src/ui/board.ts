// The kanban board: one column per status, side by side when the terminal is wide enough,
// otherwise wrapped onto further rows of columns (down to one column per row). Every line is
// at most `width` columns wide; text that does not fit is cut with an ellipsis. Card text is
// escaped (see printable.ts) before it is measured and cut.
import type { ChalkInstance } from 'chalk';
import { printable, TerminalText } from './printable.js';
import type { IdLengths } from '../domain/short-ids.js';
import { colourStatus, idAbbreviator, idShortener } from './status-colours.js';
import { padToWidth, truncateToWidth } from './terminal-width.js';

export interface BoardCardView {
  id: string;
  company: string;
  title: string;
}

export interface BoardColumnView {
  status: string;
  /** All applications with this status (there may be more than the cards shown). */
  count: number;
  cards: readonly BoardCardView[];
}

/** Narrower than this, a column is not worth showing beside another: the board wraps. */
export const MIN_COLUMN_WIDTH = 18;
const GAP = ' │ ';
const GAP_WIDTH = GAP.length;

/**
 * How many columns go side by side in `width` (at least one): as many as fit, spread evenly
 * over the rows needed (five columns in room for four make rows of 3 and 2, not 4 and 1).
 */
export function columnsPerRow(width: number, columnCount: number): number {
  const fit = Math.floor((width + GAP_WIDTH) / (MIN_COLUMN_WIDTH + GAP_WIDTH));
  const perRow = Math.max(1, Math.min(columnCount, fit));
  return Math.ceil(columnCount / Math.ceil(columnCount / perRow));
}

/** One cell's lines, each already cut to `width` and padded to it. */
interface Cell {
  lines: string[];
}

function columnCell(
  column: BoardColumnView,
  width: number,
  short: (id: unknown) => string,
  colours: ChalkInstance,
): Cell {
  const fit = (text: string): string => truncateToWidth(printable(text), width);
  // The header: "applied (3)", the status coloured after it was cut to size.
  const status = printable(column.status);
  const headerPlain = fit(`${status} (${column.count})`);
  const header = headerPlain.startsWith(status)
    ? colourStatus(status, colours).text + headerPlain.slice(status.length)
    : headerPlain;
  const lines = [padToWidth(header, width), colours.dim('─'.repeat(width))];
  if (column.cards.length === 0) lines.push(padToWidth(colours.dim(fit('(none)')), width));
  for (const card of column.cards) {
    const id = short(card.id);
    // "6b04dca1 ACME" then the title indented under it.
    const first = fit(`${id} ${card.company || '(no job)'}`);
    const idShown = first.startsWith(`${id} `) ? id : '';
    lines.push(
      padToWidth(idShown ? colours.dim(idShown) + first.slice(idShown.length) : first, width),
    );
    if (card.title !== '') lines.push(padToWidth(fit(`  ${card.title}`), width));
  }
  const more = column.count - column.cards.length;
  if (more > 0) lines.push(padToWidth(colours.dim(fit(`+${more} more`)), width));
  return { lines };
}

/** The board as lines: rows of columns separated by │, rows separated by a blank line. */
export function renderBoard(
  columns: readonly BoardColumnView[],
  width: number,
  colours: ChalkInstance,
  /** How long each id must be to name one application (else: among the cards shown). */
  ids?: IdLengths,
): TerminalText[] {
  const perRow = columnsPerRow(width, columns.length);
  const columnWidth = Math.max(1, Math.floor((width - GAP_WIDTH * (perRow - 1)) / perRow));
  const gap = colours.dim(GAP);
  const output: TerminalText[] = [];
  const short =
    ids === undefined
      ? idAbbreviator(columns.flatMap((column) => column.cards.map((card) => card.id)))
      : idShortener(ids);
  for (let start = 0; start < columns.length; start += perRow) {
    const cells = columns
      .slice(start, start + perRow)
      .map((c) => columnCell(c, columnWidth, short, colours));
    const height = Math.max(...cells.map((cell) => cell.lines.length));
    if (start > 0) output.push(new TerminalText(''));
    for (let line = 0; line < height; line++) {
      const parts = cells.map((cell) => cell.lines[line] ?? ' '.repeat(columnWidth));
      output.push(new TerminalText(parts.join(gap).trimEnd()));
    }
  }
  return output;
}
