// How wide each column of a boxed table may be to fit a terminal of `width` columns. Columns
// that may be cut shrink, the widest for its importance first, down to a few characters; when
// even that does not fit, the least important column is left out and the rest fitted again.
// Columns kept whole (ids, dates) are never cut.

export interface FitColumn {
  /** The width of its widest cell or title. */
  natural: number;
  /** Never cut. */
  keep: boolean;
  /** Lower shrinks and is left out first; Infinity: never left out. */
  priority: number;
}

/** A cut column keeps at least this many columns of text (or all of it, when shorter). */
export const MIN_CUT_WIDTH = 6;

/** `│ a │ b │`: one border before each column, one after the last, a space each side. */
export function borderWidth(columnCount: number): number {
  return 3 * columnCount + 1;
}

/**
 * Each column's width (undefined: left out) so that the table is at most `width` columns
 * wide; when even one column cannot fit, that column is cut to what room there is.
 */
export function fitColumns(columns: readonly FitColumn[], width: number): (number | undefined)[] {
  const shown = columns.map((_, index) => index);
  for (;;) {
    const room = width - borderWidth(shown.length);
    const widths = shrink(
      shown.map((index) => columns[index] as FitColumn),
      room,
    );
    if (widths !== undefined || shown.length === 1) {
      const result: (number | undefined)[] = columns.map(() => undefined);
      shown.forEach((index, position) => {
        result[index] = widths?.[position] ?? Math.max(1, room);
      });
      return result;
    }
    shown.splice(shown.indexOf(leastImportant(columns, shown)), 1);
  }
}

/** The column to leave out next: the lowest priority, the rightmost of equals. */
function leastImportant(columns: readonly FitColumn[], shown: readonly number[]): number {
  let chosen = shown[shown.length - 1] as number;
  for (const index of [...shown].reverse()) {
    if ((columns[index] as FitColumn).priority < (columns[chosen] as FitColumn).priority) {
      chosen = index;
    }
  }
  return chosen;
}

/**
 * The widths of `columns` shrunk to fit in `room`, or undefined when they cannot: one column
 * at a time off the cut-able column widest for its priority (width / priority), so a column
 * of priority 4 ends up about twice as wide as one of priority 2 when both are cut.
 */
function shrink(columns: readonly FitColumn[], room: number): number[] | undefined {
  const widths = columns.map((column) => column.natural);
  const floor = (column: FitColumn): number => Math.min(column.natural, MIN_CUT_WIDTH);
  let excess = widths.reduce((sum, each) => sum + each, 0) - room;
  while (excess > 0) {
    let chosen: number | undefined;
    let chosenWeight = 0;
    columns.forEach((column, index) => {
      const width = widths[index] as number;
      if (column.keep || width <= floor(column)) return;
      const weight = width / Math.max(1, column.priority);
      if (chosen === undefined || weight >= chosenWeight) {
        chosen = index;
        chosenWeight = weight;
      }
    });
    if (chosen === undefined) return undefined;
    widths[chosen] = (widths[chosen] as number) - 1;
    excess--;
  }
  return widths;
}
