// Sort specifications: MongoDB orders by the full BSON type order, treats missing as null and
// sorts an array by its smallest element ascending or its largest element descending.
import type { Document } from 'bson';
import { compareValues, TypeRank, typeRankOf } from './compare.js';
import { isNumeric, isPlainObject, numberOf } from './plain.js';
import { queryError } from './query-errors.js';

export type DocumentComparator = (a: Document, b: Document) => number;

interface SortKey {
  path: string[];
  direction: 1 | -1;
}

export function parseSortSpec(sort: Document): SortKey[] {
  if (!isPlainObject(sort)) throw queryError(2, 'sort specification must be an object');
  return Object.entries(sort).map(([field, spec]) => {
    if (isPlainObject(spec) && '$meta' in spec) {
      throw queryError(2, `$meta sort by '${String(spec.$meta)}' is not supported`);
    }
    const direction = isNumeric(spec) ? numberOf(spec) : NaN;
    if (direction !== 1 && direction !== -1) {
      throw queryError(
        15975,
        '$sort key ordering must be 1 (for ascending) or -1 (for descending)',
      );
    }
    if (field === '') throw queryError(40352, 'FieldPath cannot be constructed with empty string');
    return { path: field.split('.'), direction };
  });
}

/** The sort key of an empty array, which MongoDB orders after MinKey but before null. */
const EMPTY_ARRAY = Symbol('empty array');

/** Candidate values of a path for sorting: arrays contribute their elements. */
function sortCandidates(value: unknown, path: string[], depth: number, out: unknown[]): void {
  if (depth === path.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(EMPTY_ARRAY);
      else out.push(...(value as unknown[]));
    } else out.push(value);
    return;
  }
  const part = path[depth] as string;
  if (Array.isArray(value)) {
    const before = out.length;
    if (/^\d+$/.test(part)) sortCandidates(value[Number(part)], path, depth + 1, out);
    for (const item of value as unknown[]) {
      if (isPlainObject(item)) sortCandidates(item[part], path, depth + 1, out);
    }
    if (out.length === before) out.push(undefined);
  } else if (isPlainObject(value)) {
    sortCandidates(value[part], path, depth + 1, out);
  } else out.push(undefined);
}

export type ValueComparator = (a: unknown, b: unknown) => number;

/** compareValues with strings compared by a collator (for collation-aware sorts). */
export function collatingComparator(collator: Intl.Collator | undefined): ValueComparator {
  if (!collator) return compareValues;
  return (a, b) =>
    typeof a === 'string' && typeof b === 'string' ? collator.compare(a, b) : compareValues(a, b);
}

function sortKeyOf(doc: Document, key: SortKey, compare: ValueComparator): unknown {
  const candidates: unknown[] = [];
  sortCandidates(doc, key.path, 0, candidates);
  let best = candidates[0];
  for (const candidate of candidates.slice(1)) {
    const order = compare(candidate, best);
    if (key.direction === 1 ? order < 0 : order > 0) best = candidate;
  }
  return best;
}

function withEmptyArrayKey(compare: ValueComparator): ValueComparator {
  return (a, b) => {
    if (a !== EMPTY_ARRAY && b !== EMPTY_ARRAY) return compare(a, b);
    if (a === b) return 0;
    const other = a === EMPTY_ARRAY ? b : a;
    const emptyFirst = typeRankOf(other) === TypeRank.minKey ? 1 : -1;
    return a === EMPTY_ARRAY ? emptyFirst : -emptyFirst;
  };
}

export function compileSortWith(sort: Document, compareValue: ValueComparator): DocumentComparator {
  const keys = parseSortSpec(sort);
  const compare = withEmptyArrayKey(compareValue);
  // Sort keys are computed once per document and remembered for the comparator's lifetime.
  const cache = new WeakMap<Document, unknown[]>();
  const keysOf = (doc: Document): unknown[] => {
    let values = cache.get(doc);
    if (!values) {
      values = keys.map((key) => sortKeyOf(doc, key, compare));
      cache.set(doc, values);
    }
    return values;
  };
  return (a, b) => {
    const keysA = keysOf(a);
    const keysB = keysOf(b);
    for (let i = 0; i < keys.length; i++) {
      const order = compare(keysA[i], keysB[i]);
      if (order !== 0) return order * (keys[i] as SortKey).direction;
    }
    return 0;
  };
}

export function compileSort(sort: Document): DocumentComparator {
  return compileSortWith(sort, compareValues);
}
