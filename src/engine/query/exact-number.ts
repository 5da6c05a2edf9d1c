// Exact comparison of BSON numbers across types, as MongoDB does it: an Int32, a Double, a
// Long and a Decimal128 are compared by their mathematical values, never by rounding a Long or
// a Decimal128 to the nearest double.
import type { Decimal128, Long } from 'bson';
import { bsonTypeOf } from './plain.js';

/** A finite number as numerator / denominator (denominator > 0), or one of the specials. */
export type Rational =
  | { kind: 'nan' }
  | { kind: 'infinite'; sign: 1 | -1 }
  | { kind: 'finite'; num: bigint; den: bigint };

const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?(?:E([+-]\d+))?$/i;

function doubleRational(value: number): Rational {
  if (Number.isNaN(value)) return { kind: 'nan' };
  if (!Number.isFinite(value)) return { kind: 'infinite', sign: value > 0 ? 1 : -1 };
  if (Number.isInteger(value)) return { kind: 'finite', num: BigInt(value), den: 1n };
  // Doubling a non-integral double is exact; at most 1074 steps reach an integer.
  let scaled = value;
  let den = 1n;
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    den *= 2n;
  }
  return { kind: 'finite', num: BigInt(scaled), den };
}

/** A Decimal128's text (as bson prints it) as a rational. */
export function decimalRational(text: string): Rational {
  if (/nan/i.test(text)) return { kind: 'nan' };
  if (/inf/i.test(text)) return { kind: 'infinite', sign: text.startsWith('-') ? -1 : 1 };
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return { kind: 'nan' };
  const coefficient = BigInt((match[2] ?? '') + (match[3] ?? ''));
  const scale = Number(match[4] ?? 0) - (match[3]?.length ?? 0);
  const signed = match[1] === '-' ? -coefficient : coefficient;
  return scale >= 0
    ? { kind: 'finite', num: signed * 10n ** BigInt(scale), den: 1n }
    : { kind: 'finite', num: signed, den: 10n ** BigInt(-scale) };
}

/** The exact value of any numeric (JS number, bigint, Int32, Double, Long, Decimal128). */
export function rationalOf(value: unknown): Rational {
  if (typeof value === 'number') return doubleRational(value);
  if (typeof value === 'bigint') return { kind: 'finite', num: value, den: 1n };
  switch (bsonTypeOf(value)) {
    case 'Int32':
    case 'Double':
      return doubleRational((value as { value: number }).value);
    case 'Long':
      return { kind: 'finite', num: (value as Long).toBigInt(), den: 1n };
    case 'Decimal128':
      return decimalRational((value as Decimal128).toString());
    default:
      return { kind: 'nan' };
  }
}

function rank(value: Rational): number {
  if (value.kind === 'nan') return -2;
  if (value.kind === 'infinite') return value.sign * 2;
  return 0;
}

/** MongoDB's number order: NaN below everything (and equal to itself), then by value. */
export function compareExact(a: unknown, b: unknown): number {
  const x = rationalOf(a);
  const y = rationalOf(b);
  const byRank = rank(x) - rank(y);
  if (byRank !== 0 || x.kind !== 'finite' || y.kind !== 'finite') return Math.sign(byRank);
  const left = x.num * y.den;
  const right = y.num * x.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Whether a Long or Decimal128 equals its nearest double exactly (so a JS number loses nothing). */
export function isExactAsDouble(value: unknown, nearest: number): boolean {
  if (Number.isNaN(nearest)) return rationalOf(value).kind === 'nan';
  if (bsonTypeOf(value) === 'Decimal128' && Object.is(nearest, 0)) {
    // -0 and 0 decimals both become 0; the decimal's own exponent does not matter for value.
    return true;
  }
  return compareExact(value, nearest) === 0;
}
