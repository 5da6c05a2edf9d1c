// The excerpt a search result shows: a few words around the first word of the record that
// the search looked for. Words are compared as the text index compares them (English, the
// indexes' language: case and diacritics folded, stop words left out, Snowball's stemmer),
// so "interviews" finds the note that says "interview". Display text only: one line, and
// neutralised for the terminal (printable), in --json too.
import { stemmer } from '@orama/stemmers/english';
import { stopwords } from '@orama/stopwords/english';
import { printable } from '../domain/printable.js';

/** A field of a record that a search reads, with the name a result shows it under. */
export interface SearchedText {
  field: string;
  text: string;
}

export interface Snippet {
  field: string;
  snippet: string;
}

// Words end where mongod's text index ends them (an apostrophe stays inside an English word).
const WORD =
  /(?:'|[^\p{White_Space}\p{Dash}\p{Quotation_Mark}\p{Terminal_Punctuation}\p{Pattern_Syntax}\p{Cc}])+/gu;
const COMBINING_MARKS = /\p{M}/gu;
const STOP_WORDS: ReadonlySet<string> = new Set(stopwords);

/** How many characters of text an excerpt shows, and how many of them before the match. */
export const SNIPPET_LENGTH = 60;
const LEAD = 20;

function term(word: string): string | undefined {
  const folded = word.toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '');
  if (folded === '' || STOP_WORDS.has(folded)) return undefined;
  return stemmer(folded);
}

/** The terms a search string looks for: its words and phrases' words, not those after "-". */
export function searchTerms(search: string): Set<string> {
  const terms = new Set<string>();
  for (const match of search.matchAll(WORD)) {
    const before = search[match.index - 1];
    const negated =
      before === '-' && (match.index < 2 || /\s/u.test(search[match.index - 2] ?? ''));
    const found = negated ? undefined : term(match[0]);
    if (found !== undefined) terms.add(found);
  }
  return terms;
}

/** The quoted phrases of a search string, lower-cased (each must appear whole). */
export function searchPhrases(search: string): string[] {
  return [...search.matchAll(/"([^"]+)"/gu)]
    .map((match) => (match[1] ?? '').replace(/\s+/gu, ' ').trim().toLowerCase())
    .filter((phrase) => phrase !== '');
}

/** Where the first of `phrases` starts in `text` (any case), or -1. */
function firstPhrase(text: string, phrases: readonly string[]): number {
  const lower = text.toLowerCase();
  // Only where lower-casing kept the length, so a position in one is one in the other.
  if (lower.length !== text.length) return -1;
  const found = phrases.map((phrase) => lower.indexOf(phrase)).filter((at) => at >= 0);
  return found.length === 0 ? -1 : Math.min(...found);
}

/** Where the first word of `text` among `terms` starts, or -1. */
function firstMatch(text: string, terms: ReadonlySet<string>): number {
  for (const match of text.matchAll(WORD)) {
    const found = term(match[0]);
    if (found !== undefined && terms.has(found)) return match.index;
  }
  return -1;
}

/** About SNIPPET_LENGTH characters of one-line `text` from near `at`, cut between words. */
export function excerpt(text: string, at: number): string {
  if (text.length <= SNIPPET_LENGTH) return text;
  let start = Math.max(0, at - LEAD);
  if (start > 0) {
    // From the first word that starts in the lead (the matched word itself at the latest).
    const space = text.indexOf(' ', start - 1);
    start = space >= 0 && space < at ? space + 1 : at;
  }
  let end = Math.min(text.length, start + SNIPPET_LENGTH);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > at) end = space;
  }
  const body = text.slice(start, end).trim();
  return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`;
}

/**
 * The excerpt around the first of the search's phrases in `texts` (in their order), else
 * around the first word the search looks for; the start of the first non-empty text when
 * none has one.
 */
export function snippetOf(texts: readonly SearchedText[], search: string): Snippet {
  const terms = searchTerms(search);
  const lines = texts
    .map((item) => ({ field: item.field, text: item.text.replace(/\s+/gu, ' ').trim() }))
    .filter((item) => item.text !== '');
  // A phrase where it appears first; else the first word searched for.
  const phrases = searchPhrases(search);
  const find = [
    (text: string) => firstPhrase(text, phrases),
    (text: string) => firstMatch(text, terms),
  ];
  for (const at of find) {
    for (const item of lines) {
      const start = at(item.text);
      if (start >= 0) return { field: item.field, snippet: printable(excerpt(item.text, start)) };
    }
  }
  const first = lines[0];
  return first === undefined
    ? { field: '', snippet: '' }
    : { field: first.field, snippet: printable(excerpt(first.text, 0)) };
}
