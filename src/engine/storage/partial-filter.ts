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

/** Matched as any filter is (so a regex in it cannot backtrack on every insert). */
export function partialFilterPredicate(filter: Document): DocumentPredicate {
  return compileFilter(filter);
}
