// A $text query: its operator checked as mongod checks it, its search string parsed into terms,
// negated terms, phrases and negated phrases (MongoDB's rules: terms are ORed, a "-" right
// before a word or phrase negates it, quoted phrases must all appear), and a document's match
// and score. The score is MongoDB's formula (see textScoreOf).
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { textLanguageOf, type TextLanguage } from './text-language.js';
import { parseSearch } from './text-search-string.js';
import { foldText, textTerms, type FoldOptions } from './text-tokens.js';
import { textValuesOf, type TextIndexDefinition, type TextValue } from './text-values.js';

/** The $text operator's arguments, checked. */
export interface TextOperator {
  search: string;
  language: string | undefined;
  caseSensitive: boolean;
  diacriticSensitive: boolean;
}

export interface TextQuery extends FoldOptions {
  /** Case- and diacritic-folded positive terms: what the index is searched for and scores. */
  readonly indexTerms: ReadonlySet<string>;
  /** Positive and negated terms as the search's sensitivity compares them. */
  readonly positiveTerms: ReadonlySet<string>;
  readonly negatedTerms: ReadonlySet<string>;
  /** Folded as the search's sensitivity compares them. */
  readonly positivePhrases: readonly string[];
  readonly negatedPhrases: readonly string[];
}

const badValue = (message: string): MongoServerError =>
  new MongoServerError(ErrorCode.BadValue, message);

function flag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw badValue(`${name} must be a boolean`);
  return value;
}

/** Checks a $text operand: {$search, $language?, $caseSensitive?, $diacriticSensitive?}. */
export function parseTextOperator(operand: unknown): TextOperator {
  if (operand === null || typeof operand !== 'object' || Array.isArray(operand)) {
    throw badValue('$text expects an object');
  }
  const spec = operand as Document;
  for (const field of Object.keys(spec)) {
    if (!['$search', '$language', '$caseSensitive', '$diacriticSensitive'].includes(field)) {
      throw badValue(`extra fields in $text: ${field}`);
    }
  }
  if (typeof spec.$search !== 'string') throw badValue('$search must be a string');
  if (spec.$language !== undefined && typeof spec.$language !== 'string') {
    throw badValue('$language must be a string');
  }
  return {
    search: spec.$search,
    language: spec.$language as string | undefined,
    caseSensitive: flag(spec.$caseSensitive, '$caseSensitive'),
    diacriticSensitive: flag(spec.$diacriticSensitive, '$diacriticSensitive'),
  };
}

/** The language a search runs in: $language, or the index's default (BadValue if unknown). */
function searchLanguage(operator: TextOperator, definition: TextIndexDefinition): TextLanguage {
  if (operator.language === undefined) return definition.defaultLanguage;
  const language = textLanguageOf(operator.language);
  if (!language) {
    throw badValue(`unsupported language: "${operator.language}" for text index version 3`);
  }
  return language;
}

export function textQueryOf(operator: TextOperator, definition: TextIndexDefinition): TextQuery {
  const language = searchLanguage(operator, definition);
  const parsed = parseSearch(operator.search);
  const sensitivity: FoldOptions = {
    caseSensitive: operator.caseSensitive,
    diacriticSensitive: operator.diacriticSensitive,
  };
  const terms = (words: string[], options: FoldOptions): Set<string> =>
    new Set(textTerms(words.join(' '), language, { ...options, filterStopWords: true }));
  return {
    ...sensitivity,
    indexTerms: terms(parsed.positive, {}),
    positiveTerms: terms(parsed.positive, sensitivity),
    negatedTerms: terms(parsed.negated, sensitivity),
    positivePhrases: parsed.positivePhrases.map((phrase) => foldText(phrase, sensitivity)),
    negatedPhrases: parsed.negatedPhrases.map((phrase) => foldText(phrase, sensitivity)),
  };
}

function hasTerm(values: TextValue[], terms: ReadonlySet<string>, query: TextQuery): boolean {
  if (terms.size === 0) return false;
  return values.some((value) =>
    textTerms(value.text, value.language, query).some((term) => terms.has(term)),
  );
}

function hasPhrase(values: TextValue[], phrase: string, query: TextQuery): boolean {
  return values.some((value) => foldText(value.text, query).includes(phrase));
}

/**
 * MongoDB's score of one string, summed into `scores` per term: each occurrence of a term adds
 * half as much as the one before (1, 1/2, 1/4...), times (0.5 + 0.5 * its share of the string's
 * terms), times the field's weight, times 1.1 when the term is the whole string.
 */
function scoreString(value: TextValue, scores: Map<string, number>): void {
  const terms = textTerms(value.text, value.language, { filterStopWords: true });
  const seen = new Map<string, { count: number; freq: number }>();
  for (const term of terms) {
    const data = seen.get(term) ?? { count: 0, freq: 0 };
    data.freq += 1 / 2 ** data.count;
    data.count += 1;
    seen.set(term, data);
  }
  const whole = foldText(value.text);
  for (const [term, data] of seen) {
    const coefficient = (0.5 * data.count) / terms.length + 0.5;
    const adjustment = whole === term ? 1.1 : 1;
    scores.set(term, (scores.get(term) ?? 0) + value.weight * data.freq * coefficient * adjustment);
  }
}

/** The document's text score, or undefined when it does not match the query. */
export function textScoreOf(
  query: TextQuery,
  definition: TextIndexDefinition,
  doc: Document,
): number | undefined {
  const values = textValuesOf(definition, doc);
  const scores = new Map<string, number>();
  if (query.caseSensitive || query.diacriticSensitive) {
    if (!hasTerm(values, query.positiveTerms, query)) return undefined;
    if (hasTerm(values, query.negatedTerms, query)) return undefined;
    for (const value of values) scoreString(value, scores);
  } else {
    // Folded as the index folds: the scores' terms (stop words aside, which no search term
    // is) are the document's terms, so each string is split and stemmed once.
    for (const value of values) scoreString(value, scores);
    if (![...query.positiveTerms].some((term) => scores.has(term))) return undefined;
    if ([...query.negatedTerms].some((term) => scores.has(term))) return undefined;
  }
  if (!query.positivePhrases.every((phrase) => hasPhrase(values, phrase, query))) return undefined;
  if (query.negatedPhrases.some((phrase) => hasPhrase(values, phrase, query))) return undefined;
  let score = 0;
  for (const term of query.indexTerms) score += scores.get(term) ?? 0;
  return score;
}
