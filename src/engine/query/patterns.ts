// Regular expressions from queries and expressions, matched by RE2 (re2js) in time linear in the
// input: a backtracking RegExp on a pattern such as ^(a+)+$ can run for hours on a 31-character
// string, and nothing can interrupt it on the engine's one thread. Patterns RE2 cannot run in
// linear time (lookaround, backreferences, atomic groups) are refused as invalid regexes.
//
// Linear in the input is not linear in the pattern: RE2's time per input character grows with
// the pattern's size once its counted repetitions are multiplied out, so patterns too long or
// too large once expanded are refused too (see MAX_EXPANDED_ATOMS).
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
    // Code points are counted on from the last match, not from the start for each one (which
    // made `.` over 50,000 characters take 3.3 s).
    let unit = 0;
    let codePoints = 0;
    for (const match of this.re.matchAll(input)) {
      const index = match.index ?? 0;
      codePoints += codePointsBetween(input, unit, index);
      unit = index;
      found.push({
        match: match[0],
        idx: codePoints,
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

/** MongoDB's limit on a pattern's length, in bytes. */
const MAX_PATTERN_BYTES = 32_764;
/**
 * The most atoms (characters, classes, escapes, anchors) a pattern may hold once its counted
 * repetitions are multiplied out: `[\s\S]{1000}` is 1,000, `(ab){2,5}` 10. Measured on one
 * 50,000-character string: 2,000 took 0.16 s to test and 2 s to find every match; 20,000
 * (`[\s\S]{1000}` twenty times, 242 characters) took 11 s inside one document's match,
 * where no maxTimeMS can stop it. Past about 2,000, re2js's DFA runs out of room and falls
 * back to its NFA, 15 times slower.
 */
const MAX_EXPANDED_ATOMS = 2_000;

function tooLarge(detail: string): never {
  throw queryError(
    QueryErrorCode.InvalidRegex,
    `Regular expression is invalid: regular expression is too large (${detail})`,
  );
}

function compile(source: string, options: string): RE2JS {
  let flags = 0;
  for (const option of options) flags |= RE2_FLAGS[option] ?? 0;
  const bytes = Buffer.byteLength(source);
  if (bytes > MAX_PATTERN_BYTES) tooLarge(`${bytes} bytes long, more than ${MAX_PATTERN_BYTES}`);
  const pattern = withoutComments(source, options.includes('x'));
  if (expandedAtoms(pattern, MAX_EXPANDED_ATOMS) > MAX_EXPANDED_ATOMS) {
    tooLarge(
      `more than ${MAX_EXPANDED_ATOMS} atoms once its counted repetitions are expanded, ` +
        'which would make every match slow',
    );
  }
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

/** One level of parentheses being scanned: its size so far, and its last item's. */
interface Level {
  total: number;
  last: number;
}

/**
 * How many atoms the pattern (RE2 syntax, comments removed) holds with its counted repetitions
 * multiplied out: x{n} and x{n,m} count x n or m times, x{n,} n + 1 times, nested ones the
 * product; *, + and ? add one. Stops counting once past `cap`. An estimate of RE2's program size
 * that never needs the pattern compiled (compiling a huge one is slow in itself); malformed
 * patterns are counted as far as they go and left for RE2 to refuse.
 */
export function expandedAtoms(pattern: string, cap: number): number {
  const enclosing: Level[] = [];
  let level: Level = { total: 0, last: 0 };
  // The totals of the enclosing levels, which the current one adds to when it closes.
  let outside = 0;
  const atom = (size: number): void => {
    level.total += size;
    level.last = size;
  };
  for (let i = 0; i < pattern.length && outside + level.total <= cap;) {
    const char = pattern[i] as string;
    if (char === '\\') {
      if (pattern[i + 1] === 'Q') {
        // \Q...\E: every character up to \E is a literal atom.
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end === -1 ? pattern.length : end;
        for (let j = i + 2; j < stop; j++) atom(1);
        i = end === -1 ? stop : end + 2;
      } else {
        i = afterEscape(pattern, i);
        atom(1);
      }
    } else if (char === '[') {
      i = afterClass(pattern, i);
      atom(1);
    } else if (char === '(') {
      i++;
      if (pattern[i] === '?') {
        // (?flags) sets flags and holds nothing; (?flags:...), (?P<name>...), (?<name>...) group.
        const flagsEnd = /^\?[a-zA-Z-]*/.exec(pattern.slice(i, i + 16))?.[0].length ?? 1;
        if (pattern[i + flagsEnd] === ')') {
          i += flagsEnd + 1;
          continue;
        }
        if (pattern[i + 1] === 'P' || pattern[i + 1] === '<') {
          const close = pattern.indexOf('>', i);
          i = close === -1 ? pattern.length : close + 1;
        } else i += flagsEnd + 1;
      }
      enclosing.push(level);
      outside += level.total;
      level = { total: 0, last: 0 };
    } else if (char === ')') {
      i++;
      const parent = enclosing.pop();
      if (parent === undefined) continue;
      const size = level.total + 1;
      outside -= parent.total;
      level = parent;
      atom(size);
    } else if (char === '|') {
      i++;
      level.total += 1;
      level.last = 0;
    } else if (char === '*' || char === '+' || char === '?') {
      i++;
      level.total += 1;
      level.last += 1;
    } else if (char === '{') {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
      if (repeat === null) {
        // Not a repetition: RE2 takes a lone { as a literal.
        i++;
        atom(1);
        continue;
      }
      i += repeat[0].length;
      const least = Number(repeat[1]);
      const most =
        repeat[2] === undefined ? least : repeat[3] === '' ? least + 1 : Number(repeat[3]);
      const copies = Math.max(1, most);
      level.total += level.last * (copies - 1);
      level.last *= copies;
    } else {
      i++;
      atom(1);
    }
  }
  return outside + level.total;
}

/** Where the escape starting at `start` (a backslash) ends. */
function afterEscape(pattern: string, start: number): number {
  const kind = pattern[start + 1];
  if ((kind === 'p' || kind === 'P' || kind === 'x') && pattern[start + 2] === '{') {
    const close = pattern.indexOf('}', start + 2);
    return close === -1 ? pattern.length : close + 1;
  }
  if (kind === 'p' || kind === 'P') return start + 3;
  if (kind === 'x') return start + 4;
  if (kind !== undefined && kind >= '0' && kind <= '7') {
    let end = start + 2;
    while (end < start + 4 && /[0-7]/.test(pattern[end] ?? '')) end++;
    return end;
  }
  return start + 2;
}

/** Where the character class starting at `start` (a '[') ends. */
function afterClass(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  // A ']' first in a class is a literal.
  if (pattern[i] === ']') i++;
  while (i < pattern.length) {
    const char = pattern[i];
    if (char === ']') return i + 1;
    if (char === '\\') i = afterEscape(pattern, i);
    else if (char === '[' && pattern[i + 1] === ':') {
      // [:alpha:] and friends.
      const close = pattern.indexOf(':]', i + 2);
      i = close === -1 ? i + 1 : close + 2;
    } else i++;
  }
  return i;
}

/** The code points that start between two UTF-16 offsets of the input. */
function codePointsBetween(input: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
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
