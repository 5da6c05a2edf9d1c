// Shared presentation helpers for tables: one colour per status (applications, connections,
// learning activities), short ids and table dates, so every noun looks the same.
import type { ChalkInstance } from 'chalk';
import { idLengthsAmong, SHORT_ID_LENGTH, type IdLengths } from '../domain/short-ids.js';
import { paint, type TerminalText } from './printable.js';

export { formatDate } from '../domain/dates.js';

type Paint = (colours: ChalkInstance, text: string) => string;

// Grouped by meaning rather than by noun: waiting is grey/yellow, progress is cyan/blue,
// success is green, a dead end is red. 'rejected' means the same for applications and
// connections.
const STATUS_PAINT: Readonly<Record<string, Paint>> = {
  toApply: (c, t) => c.gray(t),
  applied: (c, t) => c.blue(t),
  interviewing: (c, t) => c.cyan(t),
  offer: (c, t) => c.green.bold(t),
  rejected: (c, t) => c.red(t),
  pending: (c, t) => c.yellow(t),
  accepted: (c, t) => c.green(t),
  planned: (c, t) => c.gray(t),
  'in-progress': (c, t) => c.cyan(t),
  completed: (c, t) => c.green(t),
  scheduled: (c, t) => c.yellow(t),
};

/**
 * The status coloured for stdout (plain when colour is off; unknown statuses, such as an
 * interview's free-text one, uncoloured), escaped like any data.
 */
export function colourStatus(status: string, colours: ChalkInstance): TerminalText {
  const style = Object.hasOwn(STATUS_PAINT, status) ? STATUS_PAINT[status] : undefined;
  return paint(style ? (text) => style(colours, text) : (text) => text, status);
}

export { SHORT_ID_LENGTH };

/**
 * An id as messages show it: as many characters as `lengths` says it needs to name one
 * record (see src/domain/short-ids.ts; repositories work that out), else the first 8.
 */
export function shortId(id: unknown, lengths?: IdLengths): string {
  const text = String(id ?? '');
  return text.slice(0, lengths?.get(text) ?? SHORT_ID_LENGTH);
}

/** shortId with these lengths, for a listing. */
export function idShortener(lengths: IdLengths): (id: unknown) => string {
  return (id) => shortId(id, lengths);
}

/**
 * Shortens the ids of one listing as git shortens hashes: each to the shortest prefix, of at
 * least 8 characters, that no other id in the listing shares. An id's first 8 characters are
 * the second it was made, so records made in the same second (an import, say) need more.
 */
export function idAbbreviator(ids: Iterable<unknown>): (id: unknown) => string {
  const texts = [...ids].map((id) => String(id ?? ''));
  return idShortener(idLengthsAmong(texts, texts));
}
