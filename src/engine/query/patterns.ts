// Regular expressions from queries and expressions, matched by RE2 (re2js) in time linear in the
// input: a backtracking RegExp on a pattern such as ^(a+)+$ can run for hours on a 31-character
// string, and nothing can interrupt it on the engine's one thread. Patterns RE2 cannot run in
// linear time (lookaround, backreferences, atomic groups) are refused as invalid regexes.
import { RE2JS } from 're2js';
import { queryError, QueryErrorCode } from './query-errors.js';
import { bsonOptionsOf, bsonTypeOf } from './plain.js';

/** The query operator prepared filters use for a regex (mingo's own $regex would backtrack). */
export const PATTERN_OPERATOR = '$linearRegex';

const WHY_REFUSED =
  'this server matches regular expressions in linear time (RE2 syntax), ' +
  'so lookahead, lookbehind, backreferences and atomic or possessive groups are not supported';

export interface PatternMatch {
  match: string;
  /** Where the match starts, in code points (as MongoDB's $regexFind reports it). */
  idx: number;
  captures: (string | null)[];
}

/** A compiled regex; holds nothing per match, so one instance serves any number of documents. */
export class Pattern {
  private readonly re: RE2JS;

  constructor(
    readonly source: string,
    /** MongoDB's options letters, alphabetical (i, m, s, u, x). */
    readonly options: string,
  ) {
    this.re = compile(source, options);
  }

  test(input: string): boolean {
    return this.re.test(input);
  }

  /** A string the pattern matches, or a regex value equal to it (MongoDB matches both). */
  matchesValue(value: unknown): boolean {
    if (typeof value === 'string') return this.re.test(value);
    const other = regexParts(value);
    return other !== undefined && other.source === this.source && other.options === this.options;
  }

  /** The first match, or every match, as $regexFind / $regexFindAll describe them. */
  find(input: string, all: boolean): PatternMatch[] {
    const found: PatternMatch[] = [];
    for (const match of this.re.matchAll(input)) {
      found.push({
        match: match[0],
        idx: codePointsBefore(input, match.index ?? 0),
        captures: match.slice(1).map((group) => group ?? null),
      });
      if (!all) break;
    }
    return found;
  }
}

const RE2_FLAGS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

function compile(source: string, options: string): RE2JS {
  let flags = 0;
  for (const option of options) flags |= RE2_FLAGS[option] ?? 0;
  const pattern = withoutComments(source, options.includes('x'));
  try {
    return RE2JS.compile(pattern, flags);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw queryError(
      QueryErrorCode.InvalidRegex,
      `Regular expression is invalid: ${reason}${backtrackingOnly(pattern) ? `; ${WHY_REFUSED}` : ''}`,
    );
  }
}

/** True when a backtracking engine would take the pattern (so only its linear-time form fails). */
function backtrackingOnly(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * PCRE's (?#...) comments, and with the x option whitespace and #-to-end-of-line comments
 * outside character classes: RE2 knows neither.
 */
function withoutComments(source: string, extended: boolean): string {
  if (!source.includes('(?#') && !extended) return source;
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (char === '\\') {
      out += source.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
      out += char;
    } else if (char === '[') {
      inClass = true;
      out += char;
      // A ']' first in a class (or after '^') is a literal.
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += source[++i];
    } else if (source.startsWith('(?#', i)) {
      const end = source.indexOf(')', i);
      i = end === -1 ? source.length : end;
    } else if (extended && /\s/.test(char)) {
      continue;
    } else if (extended && char === '#') {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
    } else out += char;
  }
  return out;
}

function codePointsBefore(input: string, index: number): number {
  let count = 0;
  for (let i = 0; i < index; i++) {
    const unit = input.charCodeAt(i);
    // The high half of a surrogate pair starts a code point; its low half does not.
    if (unit < 0xdc00 || unit > 0xdfff) count++;
  }
  return count;
}

/** Source and MongoDB options of a JS RegExp or a BSONRegExp; undefined for anything else. */
export function regexParts(value: unknown): { source: string; options: string } | undefined {
  if (value instanceof RegExp) return { source: value.source, options: bsonOptionsOf(value.flags) };
  if (bsonTypeOf(value) === 'BSONRegExp') {
    const regex = value as { pattern: string; options: string };
    return { source: regex.pattern, options: bsonOptionsOf(regex.options) };
  }
  return undefined;
}

export function isRegexValue(value: unknown): boolean {
  return regexParts(value) !== undefined;
}

/** Compiled patterns by options and source: an expression's regex is used once per document. */
const cache = new Map<string, Pattern>();
const CACHE_LIMIT = 256;

export function compilePattern(source: string, options = ''): Pattern {
  const normalised = bsonOptionsOf(options);
  const key = `${normalised}/${source}`;
  let pattern = cache.get(key);
  if (pattern === undefined) {
    pattern = new Pattern(source, normalised);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, pattern);
  }
  return pattern;
}

/** The pattern of a regex value (a RegExp or BSONRegExp), with $options overriding its flags. */
export function patternOf(value: unknown, options?: string): Pattern {
  if (typeof value === 'string') return compilePattern(value, options ?? '');
  const parts = regexParts(value);
  if (!parts) throw queryError(QueryErrorCode.BadValue, '$regex has to be a string');
  return compilePattern(parts.source, options ?? parts.options);
}
