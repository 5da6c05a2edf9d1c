// partialFilterExpression support: the filter is matched as any query filter is; toMatchable
// unwraps bson's number wrappers for the duplicate-key error's keyPattern.
import type { Document } from 'bson';
import { compileFilter } from '../query/filter.js';

/** Deep copy with Int32/Double/Long/Decimal128 turned into numbers and BSONRegExp into RegExp. */
export function toMatchable(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(toMatchable);
  if (value instanceof Date || value instanceof Uint8Array || value instanceof RegExp) return value;
  const typed = value as { _bsontype?: string; valueOf(): unknown; toString(): string };
  switch (typed._bsontype) {
    case 'Int32':
    case 'Double':
      return Number(typed.valueOf());
    case 'Long':
    case 'Decimal128':
      return Number(typed.toString());
    case 'BSONRegExp': {
      const re = value as { pattern: string; options: string };
      try {
        return new RegExp(re.pattern, re.options.replace(/[^gimsuy]/g, ''));
      } catch {
        return value;
      }
    }
    case undefined: {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(value)) out[key] = toMatchable(field);
      return out;
    }
    default:
      return value;
  }
}

export type DocumentPredicate = (doc: Document) => boolean;

/**
 * The one-condition partial filters decided here without mingo (which would deep-copy every
 * document inserted): `{ field: { $exists: true } }` and `{ field: { $type: 'string' } }` on
 * a top-level field, the usual way to index only the documents that have a field.
 */
interface SimplePartialFilter {
  field: string;
  test: 'exists' | 'string';
}

function simplePartialFilter(filter: Document): SimplePartialFilter | undefined {
  const entries = Object.entries(filter);
  if (entries.length !== 1) return undefined;
  const [field, condition] = entries[0] as [string, unknown];
  if (field.startsWith('$') || field.includes('.')) return undefined;
  if (typeof condition !== 'object' || condition === null) return undefined;
  const operators = Object.entries(condition as Document);
  if (operators.length !== 1) return undefined;
  const [operator, operand] = operators[0] as [string, unknown];
  if (operator === '$exists' && operand === true) return { field, test: 'exists' };
  const type = toMatchable(operand);
  if (operator === '$type' && (type === 'string' || type === 2)) return { field, test: 'string' };
  return undefined;
}

export function partialFilterPredicate(filter: Document): DocumentPredicate {
  const simple = simplePartialFilter(filter);
  if (simple?.test === 'exists') return (doc) => doc[simple.field] !== undefined;
  if (simple?.test === 'string') {
    // As $type does: a string, or an array holding one.
    return (doc) => {
      const value: unknown = doc[simple.field];
      return (
        typeof value === 'string' ||
        (Array.isArray(value) && value.some((item) => typeof item === 'string'))
      );
    };
  }
  // Anything else is matched as any filter is (so a regex in it cannot backtrack on every insert).
  return compileFilter(filter);
}

/** The equality values a filter requires of `field` (top level or in an $and), if any. */
function requiredValues(filter: Document, field: string): unknown[][] {
  const found: unknown[][] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const part of condition) {
        if (typeof part === 'object' && part !== null) {
          found.push(...requiredValues(part as Document, field));
        }
      }
    }
    if (key !== field) continue;
    const isOperators =
      typeof condition === 'object' &&
      condition !== null &&
      !Array.isArray(condition) &&
      Object.keys(condition).some((name) => name.startsWith('$'));
    if (!isOperators) {
      found.push([condition]);
      continue;
    }
    const operators = condition as Document;
    if (operators.$eq !== undefined) found.push([operators.$eq]);
    if (Array.isArray(operators.$in) && operators.$in.length > 0) found.push(operators.$in);
  }
  return found;
}

/**
 * For a partial index the planner may use: whether a query's filter only matches documents
 * the index holds (it requires the field to equal strings, or any non-null, non-array value
 * for $exists). Undefined for partial filters it cannot reason about: never used for reads.
 */
export function partialFilterImpliedBy(
  filter: Document,
): ((query: Document) => boolean) | undefined {
  const simple = simplePartialFilter(filter);
  if (!simple) return undefined;
  const admitted = (value: unknown): boolean =>
    simple.test === 'string'
      ? typeof value === 'string'
      : value !== null && value !== undefined && !Array.isArray(value);
  return (query) => requiredValues(query, simple.field).some((values) => values.every(admitted));
}
