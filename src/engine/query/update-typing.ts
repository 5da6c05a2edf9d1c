// BSON types for the values an operator update produces: arithmetic follows MongoDB's numeric
// promotion (int32 -> long on overflow, anything with a double is a double, decimal wins), and
// values written from the update document keep the type they had there.
import { Double, Int32, Long, Timestamp } from 'bson';
import type { Document } from 'bson';
import { bsonTypeOf, isNumeric, isPlainObject, numberOf } from './plain.js';
import { sameAsTyped, type RetypeHint, type RetypeHints } from './retype.js';
import { ADD, bsonOf, fold, MULTIPLY, numOf, zero, type Num } from './typed-numbers.js';

const longOf = (value: unknown): Long =>
  bsonTypeOf(value) === 'Long' ? (value as Long) : Long.fromNumber(numberOf(value));

/** A typed arithmetic result as the BSON value stored. */
function storedNumber(n: Num): unknown {
  switch (n.kind) {
    case 'int':
      return new Int32(n.value);
    case 'double':
      return new Double(n.value);
    default:
      return bsonOf(n);
  }
}

/**
 * The typed result of $inc / $mul of `origin` (undefined when the field was missing) by
 * `operand`, computed exactly in its widest type (decimals in decimal, not through doubles).
 */
export function arithmeticResult(
  operator: '$inc' | '$mul',
  origin: unknown,
  operand: unknown,
  computed: number,
): unknown {
  const by = numOf(operand);
  const base = origin !== undefined && isNumeric(origin) ? numOf(origin) : undefined;
  if (!by) return new Double(computed);
  // $mul of a missing field stores a zero of the operand's type, $inc the operand itself.
  const result =
    operator === '$inc' ? fold([by], base ?? zero(), ADD) : fold([by], base ?? zero(), MULTIPLY);
  return storedNumber(result);
}

/** $bit on a Long is done in 64 bits (mingo works on 32-bit JS numbers). */
function bitResult(origin: unknown, spec: Document, computed: number): unknown {
  if (bsonTypeOf(origin) !== 'Long') {
    return Math.abs(computed) <= 0x7fffffff ? new Int32(computed) : Long.fromNumber(computed);
  }
  let result = origin as Long;
  for (const [op, operand] of Object.entries(spec)) {
    const bits = longOf(operand);
    if (op === 'and') result = result.and(bits);
    else if (op === 'or') result = result.or(bits);
    else if (op === 'xor') result = result.xor(bits);
  }
  return result;
}

interface Target {
  operator: string;
  pattern: string[];
  positional: boolean;
  operand: unknown;
}

/** Does a concrete path (array indexes filled in) match an update path with positional parts? */
function matchesPattern(pattern: string[], path: string[]): boolean {
  if (pattern.length !== path.length) return false;
  return pattern.every((part, i) => {
    const actual = path[i] as string;
    if (part === '$' || part.startsWith('$[')) return /^\d+$/.test(actual);
    return part === actual;
  });
}

/** Typed values inside an operand, nested ones included, that a new value may have come from. */
function collectCandidates(value: unknown, out: unknown[]): void {
  if (Array.isArray(value)) {
    out.push(value);
    for (const item of value as unknown[]) collectCandidates(item, out);
  } else if (isPlainObject(value)) {
    out.push(value);
    for (const [key, item] of Object.entries(value)) {
      // $push/$addToSet modifiers describe where values go, they are not values themselves.
      if (key !== '$slice' && key !== '$position' && key !== '$sort') collectCandidates(item, out);
    }
  } else if (value !== null && typeof value === 'object') out.push(value);
}

const VALUE_OPERATORS = new Set(['$set', '$setOnInsert', '$min', '$max', '$push', '$addToSet']);

export function updateTypingHints(operators: Document): RetypeHints {
  const targets: Target[] = [];
  const candidates: unknown[] = [];
  for (const [operator, fields] of Object.entries(operators)) {
    for (const [path, operand] of Object.entries(fields as Document)) {
      const pattern = path.split('.');
      // `$` and `$[id]` update only some of the elements their pattern matches; `$[]` all.
      const positional = pattern.some((part) => part === '$' || /^\$\[.+\]$/.test(part));
      targets.push({ operator, pattern, positional, operand });
      if (VALUE_OPERATORS.has(operator)) collectCandidates(operand, candidates);
    }
  }
  const target: RetypeHint = (path, value, origin) => {
    for (const entry of targets) {
      if (!matchesPattern(entry.pattern, path)) continue;
      // A positional pattern also matches elements the update skipped; unchanged ones stay.
      if (entry.positional && origin !== undefined && sameAsTyped(value, origin)) continue;
      switch (entry.operator) {
        case '$set':
        case '$setOnInsert':
          if (sameAsTyped(value, entry.operand)) return entry.operand;
          break;
        case '$inc':
        case '$mul':
          if (typeof value === 'number') {
            return arithmeticResult(entry.operator, origin, entry.operand, value);
          }
          break;
        case '$bit':
          if (typeof value === 'number' && isPlainObject(entry.operand)) {
            return bitResult(origin, entry.operand, value);
          }
          break;
        case '$currentDate':
          if (typeof value === 'number')
            return new Timestamp({ t: Math.floor(value / 1000), i: 1 });
          break;
        default:
          break;
      }
    }
    return undefined;
  };
  // New values elsewhere ($push, $addToSet, $min/$max results, ...) keep the type they had in
  // the update document.
  const fallback: RetypeHint = (_path, value) =>
    typeof value === 'number' || (value !== null && typeof value === 'object')
      ? candidates.find((candidate) => sameAsTyped(value, candidate))
      : undefined;
  const covers = (path: string[]): boolean =>
    targets.some(
      (entry) =>
        entry.pattern.length >= path.length &&
        matchesPattern(entry.pattern.slice(0, path.length), path),
    );
  return { target, fallback, covers };
}
