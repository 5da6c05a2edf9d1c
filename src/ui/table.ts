// Tables for human output. cli-table3 does the layout; colour is applied by us (not by
// cli-table3's own colour library) so NO_COLOR and non-TTY output are honoured.
import Table from 'cli-table3';
import { stdoutColours } from './colours.js';

export function renderTable(
  head: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): string {
  const colours = stdoutColours();
  const table = new Table({
    head: head.map((title) => colours.bold(title)),
    style: { head: [], border: [] },
    // No rule between body rows: denser, and still readable for short rows.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) table.push([...row]);
  return table.toString();
}
