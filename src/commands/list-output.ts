// How every paged `list` verb prints its page: --json as the page's records alone; a page
// past the end says how many pages there are; an empty listing says how to add one; a table
// that does not hold every match says so under it, on stderr and only at a terminal (pipes
// and --json get the records and nothing else).
import type { Page } from '../repositories/list-query.js';
import { pageSummary, pastTheEnd, type Noun } from '../ui/paging.js';
import type { Printable } from '../ui/printable.js';
import type { CommandContext } from './context.js';

export interface PagePrinting<T> {
  json: boolean;
  noun: Noun;
  /** Prints the empty state (no records match at all). */
  empty: () => void;
  /** The page's table. */
  table: (items: T[]) => Printable;
}

export function printPage<T>(context: CommandContext, page: Page<T>, how: PagePrinting<T>): void {
  const { out, io } = context;
  if (how.json) {
    out.printJson(page.items);
    return;
  }
  const view = { shown: page.items.length, total: page.total, page: page.page, limit: page.limit };
  const past = pastTheEnd(view, how.noun);
  if (past !== undefined) {
    out.printNote(`${past}.`);
    return;
  }
  if (page.items.length === 0) {
    how.empty();
    return;
  }
  out.printLine(how.table(page.items));
  const summary = pageSummary(view, how.noun);
  if (summary !== undefined && io.stdout.isTerminal) out.printNote(summary);
}
