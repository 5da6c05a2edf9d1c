// Restores BSON types on mingo's plain results. A value equal to the one the original document
// held at the same place keeps the original bson object (so a Double 5.0 stays a Double);
// hints from the operation supply types for new values; anything else gets MongoDB's default
// for a computed number (int32 when integral and in range, else double).
import { BSONRegExp, Double, Int32 } from 'bson';
import { compareValues } from './compare.js';
import {
  bsonOptionsOf,
  bsonTypeOf,
  isPlainObject,
  numberOf,
  regExpFlagsOf,
  setField,
} from './plain.js';

/** Supplies the typed value for a changed plain value at a path, or undefined for no opinion. */
export type RetypeHint = (path: string[], value: unknown, origin: unknown) => unknown;

const NUMERIC_TAGS = new Set(['Int32', 'Double', 'Long', 'Decimal128']);

/** Whether a plain value stands for exactly this typed value (same BSON type and content). */
export function sameAsTyped(plain: unknown, typed: unknown): boolean {
  if (plain === typed) return true;
  if (typed === null || typeof typed !== 'object') return Object.is(plain, typed);
  if (Array.isArray(typed)) {
    return (
      Array.isArray(plain) &&
      plain.length === typed.length &&
      typed.every((item: unknown, i) => sameAsTyped(plain[i], item))
    );
  }
  if (typed instanceof Date) return plain instanceof Date && plain.getTime() === typed.getTime();
  const tag = bsonTypeOf(typed);
  if (tag !== undefined) {
    if (NUMERIC_TAGS.has(tag)) {
      // A Long or decimal a JS number would round stays typed in the plain view.
      if (bsonTypeOf(plain) === tag) return compareValues(plain, typed) === 0;
      const number = numberOf(typed);
      return typeof plain === 'number' && (plain === number || (isNaN(plain) && isNaN(number)));
    }
    if (tag === 'BSONRegExp') {
      const regex = typed as BSONRegExp;
      // Options JS cannot express (x, l) were dropped by toPlain; compare the rest.
      return (
        plain instanceof RegExp &&
        plain.source === regex.pattern &&
        bsonOptionsOf(plain.flags) === bsonOptionsOf(regExpFlagsOf(regex.options))
      );
    }
    return bsonTypeOf(plain) === tag && compareValues(plain, typed) === 0;
  }
  if (isPlainObject(typed)) {
    if (!isPlainObject(plain)) return false;
    const keys = Object.keys(typed);
    const plainKeys = Object.keys(plain);
    return (
      keys.length === plainKeys.length &&
      keys.every((key, i) => plainKeys[i] === key && sameAsTyped(plain[key], typed[key]))
    );
  }
  return false;
}

/** The BSON number MongoDB stores for a computed JS number. */
export function defaultNumber(value: number): Int32 | Double {
  return Number.isInteger(value) && !Object.is(value, -0) && Math.abs(value) <= 0x7fffffff
    ? new Int32(value)
    : new Double(value);
}

export interface RetypeHints {
  /** Consulted first, even where the value still equals the original (an update target). */
  target?: RetypeHint;
  /** Consulted for values that differ from the original. */
  fallback?: RetypeHint;
  /** Whether `target` may apply at or below a path (then containers there are not reused whole). */
  covers?: (path: string[]) => boolean;
}

export function retype(
  value: unknown,
  origin: unknown,
  hints: RetypeHints = {},
  path: string[] = [],
): unknown {
  const targeted = hints.target?.(path, value, origin);
  if (targeted !== undefined) return targeted;
  const container = Array.isArray(value) || isPlainObject(value);
  if (origin !== undefined && !(container && hints.covers?.(path)) && sameAsTyped(value, origin)) {
    return origin;
  }
  const hinted = hints.fallback?.(path, value, origin);
  if (hinted !== undefined) return hinted;
  if (Array.isArray(value)) {
    const originItems: unknown[] | undefined = Array.isArray(origin) ? origin : undefined;
    return value.map((item: unknown, i) => {
      let itemOrigin = originItems?.[i];
      const itemPath = [...path, String(i)];
      if (
        originItems &&
        (itemOrigin === undefined || !sameAsTyped(item, itemOrigin)) &&
        hints.target?.(itemPath, item, itemOrigin) === undefined
      ) {
        // Elements move ($push with $position, $pull, $pop): find the same value elsewhere.
        itemOrigin = originItems.find((candidate) => sameAsTyped(item, candidate)) ?? itemOrigin;
      }
      return retype(item, itemOrigin, hints, itemPath);
    });
  }
  if (isPlainObject(value)) {
    const originFields = isPlainObject(origin) ? origin : undefined;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      setField(out, key, retype(item, originFields?.[key], hints, [...path, key]));
    }
    return out;
  }
  if (typeof value === 'number') return defaultNumber(value);
  if (value instanceof RegExp) return new BSONRegExp(value.source, bsonOptionsOf(value.flags));
  return value;
}
