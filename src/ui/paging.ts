// What a listing says about its pages: "Showing 1-50 of 312 applications; --page 2 for more"
// under a page that does not hold every match, and "Page 99 is past the end: 7 pages of 312
// applications" for a page after the last. The shape is declared here structurally so the
// ui layer needs nothing from repositories.

export interface PageView {
  /** How many records the page holds. */
  shown: number;
  /** How many match the listing in all. */
  total: number;
  /** 1-based. */
  page: number;
  limit: number;
}

/** A record noun, singular and plural ("application", "applications"). */
export interface Noun {
  one: string;
  many: string;
}

function count(total: number, noun: Noun): string {
  return `${total} ${total === 1 ? noun.one : noun.many}`;
}

/** How many pages `total` records make at `limit` a page (at least one). */
export function pageCount(total: number, limit: number): number {
  return Math.max(1, Math.ceil(total / limit));
}

/** The line for a page after the last (undefined when the page is not past the end). */
export function pastTheEnd(view: PageView, noun: Noun): string | undefined {
  if (view.shown > 0 || view.total === 0) return undefined;
  const pages = pageCount(view.total, view.limit);
  return `Page ${view.page} is past the end: ${pages === 1 ? '1 page' : `${pages} pages`} of ${count(view.total, noun)}; the last is --page ${pages}`;
}

/** The line under a page that does not show every match (undefined when it does). */
export function pageSummary(view: PageView, noun: Noun): string | undefined {
  if (view.shown === 0 || view.shown >= view.total) return undefined;
  const first = (view.page - 1) * view.limit + 1;
  const last = first + view.shown - 1;
  const showing = `Showing ${first}-${last} of ${count(view.total, noun)}`;
  if (last >= view.total) return `${showing} (the last page)`;
  return `${showing}; --page ${view.page + 1} for more`;
}
