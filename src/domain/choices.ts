// Values that must be one of a fixed list (statuses, types, goals, formats): matched the way
// a person types them, checked before anything is written, with the allowed values (or the
// one meant) in the message. Flags, positional arguments, typed answers and import values all
// come through matchChoice, so they forgive the same things.
import { distance } from 'fastest-levenshtein';
import { FieldError } from './field-error.js';

/** "To-Apply", "to apply", "TO_APPLY" -> "toapply": how choices are compared. */
export function normaliseChoice(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '');
}

/** What a typed value means among the allowed ones. */
export type ChoiceMatch<T extends string> =
  | { kind: 'match'; value: T }
  /** A prefix of several: `candidates` are the ones it could be. */
  | { kind: 'ambiguous'; candidates: T[] }
  /** None: `suggestions` are the near misses (by edit distance), maybe none. */
  | { kind: 'unknown'; suggestions: T[] };

interface Normalised<T extends string> {
  exact: ReadonlySet<string>;
  entries: ReadonlyArray<{ value: T; key: string }>;
}

// Per list (an import asks for every row): the normalised spellings, made once.
const normalisedLists = new WeakMap<readonly string[], Normalised<string>>();

function normalisedOf<T extends string>(allowed: readonly T[]): Normalised<T> {
  let found = normalisedLists.get(allowed) as Normalised<T> | undefined;
  if (!found) {
    found = {
      exact: new Set(allowed),
      entries: allowed.map((value) => ({ value, key: normaliseChoice(value) })),
    };
    normalisedLists.set(allowed, found as Normalised<string>);
  }
  return found;
}

/** A typo's distance from a choice: to the whole of it, or (4+ letters typed) to its start. */
function typoDistance(typed: string, key: string): number {
  const whole = distance(typed, key);
  if (typed.length < 4 || typed.length >= key.length) return whole;
  return Math.min(whole, distance(typed, key.slice(0, typed.length)));
}

/** The choices within a typo or two of `typed` (about a third of its letters), closest first. */
function nearMisses<T extends string>(typed: string, list: Normalised<T>): T[] {
  if (typed === '') return [];
  const allowance = Math.max(1, Math.floor(typed.length / 3));
  let best = Infinity;
  let closest: T[] = [];
  for (const { value, key } of list.entries) {
    const apart = typoDistance(typed, key);
    if (apart > allowance || apart > best) continue;
    if (apart < best) closest = [];
    best = apart;
    closest.push(value);
  }
  return closest;
}

/**
 * What `value` means among `allowed`: itself; the one it spells ignoring case, spaces, dashes
 * and underscores ("To apply" -> toApply); the one it is the start of ("interview" ->
 * interviewing), when only one; else the near misses to suggest.
 */
export function findChoice<T extends string>(value: string, allowed: readonly T[]): ChoiceMatch<T> {
  const list = normalisedOf(allowed);
  if (list.exact.has(value)) return { kind: 'match', value: value as T };
  const typed = normaliseChoice(value);
  if (typed === '') return { kind: 'unknown', suggestions: [] };
  const same = list.entries.find((entry) => entry.key === typed);
  if (same) return { kind: 'match', value: same.value };
  const started = list.entries.filter((entry) => entry.key.startsWith(typed));
  if (started.length === 1) return { kind: 'match', value: (started[0] as { value: T }).value };
  if (started.length > 1) {
    return { kind: 'ambiguous', candidates: started.map((entry) => entry.value) };
  }
  return { kind: 'unknown', suggestions: nearMisses(typed, list) };
}

function either(values: readonly string[]): string {
  return values.length === 1
    ? (values[0] as string)
    : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1] as string}`;
}

/**
 * The choice `value` means (see findChoice), else a FieldError naming `field` (the command
 * layer words it as the flag, an import as the column): an ambiguous start names the choices
 * it could be, a near miss says "did you mean", anything else lists the allowed values.
 */
export function matchChoice<T extends string>(
  value: string,
  allowed: readonly T[],
  field: string,
): T {
  const found = findChoice(value, allowed);
  if (found.kind === 'match') return found.value;
  const all = `use one of: ${allowed.join(', ')}`;
  if (found.kind === 'ambiguous') {
    throw new FieldError(
      { field, problem: 'ambiguous', value, allowed, detail: either(found.candidates) },
      { hint: all },
    );
  }
  const hint =
    found.suggestions.length === 0 ? all : `did you mean ${either(found.suggestions)}? (${all})`;
  throw new FieldError({ field, problem: 'not-allowed', value, allowed }, { hint });
}

/** Comma-separated lists ("ts, sql"), trimmed, without empties or duplicates. */
export function parseList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
  ];
}
