// Tables for human output. cli-table3 does the layout; colour is applied by us (not by
// cli-table3's own colour library) so NO_COLOR and non-TTY output are honoured. Cells from
// data are escaped before the layout (so widths are measured on what is shown).
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { TerminalText, toTerminal, type Printable } from './printable.js';

export function renderTable(
  head: readonly string[],
  rows: ReadonlyArray<readonly Printable[]>,
  colours: ChalkInstance,
): TerminalText {
  const table = new Table({
    head: head.map((title) => colours.bold(title)),
    style: { head: [], border: [] },
    // No rule between body rows: denser, and still readable for short rows.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) table.push(row.map(toTerminal));
  return new TerminalText(table.toString());
}
