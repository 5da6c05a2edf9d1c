// Splitting text into terms the way MongoDB's textIndexVersion 3 does: words end at Unicode
// delimiters (white space, dashes, quotation marks, terminal punctuation, pattern syntax), are
// case-folded and stripped of diacritics unless the search is sensitive to them, lose their
// stop words when asked, and are stemmed in the text's language. The index, the candidates'
// check and the score all use this one tokenizer, so they always agree.
import type { TextLanguage } from './text-language.js';

const DELIMITERS =
  /[\p{White_Space}\p{Dash}\p{Quotation_Mark}\p{Terminal_Punctuation}\p{Pattern_Syntax}\p{Cc}]+/u;
/** In English the apostrophe belongs to the word ("don't"), as in mongod. */
const ENGLISH_DELIMITERS =
  /(?:(?!')[\p{White_Space}\p{Dash}\p{Quotation_Mark}\p{Terminal_Punctuation}\p{Pattern_Syntax}\p{Cc}])+/u;
const COMBINING_MARKS = /\p{M}/gu;

export interface FoldOptions {
  caseSensitive?: boolean;
  diacriticSensitive?: boolean;
}

/** Text as compared: lower-cased and without diacritics, unless the options keep them. */
export function foldText(text: string, options: FoldOptions = {}): string {
  const cased = options.caseSensitive ? text : text.toLowerCase();
  return options.diacriticSensitive
    ? cased.normalize('NFC')
    : cased.normalize('NFD').replace(COMBINING_MARKS, '');
}

export interface TokenOptions extends FoldOptions {
  /** Drop the language's stop words (the index and a query's terms do; a document check does not). */
  filterStopWords?: boolean;
}

/** The terms of a text, in order (repeats kept: the score counts them). */
export function textTerms(text: string, language: TextLanguage, options: TokenOptions): string[] {
  const terms: string[] = [];
  const delimiters = language.name === 'english' ? ENGLISH_DELIMITERS : DELIMITERS;
  for (const word of text.split(delimiters)) {
    if (word.length === 0) continue;
    const folded = foldText(word, options);
    if (folded.length === 0) continue;
    if (options.filterStopWords && language.stopWords.has(folded.toLowerCase())) continue;
    terms.push(language.stem(folded));
  }
  return terms;
}
