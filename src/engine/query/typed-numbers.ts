// Arithmetic on BSON numbers with MongoDB's type rules: int op int stays int unless it
// overflows (then long), long overflow gives double, any double gives double, any decimal gives
// decimal (34 significant digits, round half to even, as IEEE 754 decimal128).
import { Decimal128, Double, Int32, Long } from 'bson';
import { Decimal } from 'decimal.js';
import { bsonTypeOf } from './plain.js';

const Dec = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -7 });
type Dec = InstanceType<typeof Dec>;

export type NumberKind = 'int' | 'long' | 'double' | 'decimal';
const RANK: Record<NumberKind, number> = { int: 0, long: 1, double: 2, decimal: 3 };

export type Num =
  | { kind: 'int'; value: number }
  | { kind: 'long'; value: bigint }
  | { kind: 'double'; value: number }
  | { kind: 'decimal'; value: Dec };

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** The typed number a value stands for; plain JS numbers count as int when integral in range. */
export function numOf(value: unknown): Num | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX && !Object.is(value, -0)
      ? { kind: 'int', value }
      : { kind: 'double', value };
  }
  switch (bsonTypeOf(value)) {
    case 'Int32':
      return { kind: 'int', value: (value as Int32).value };
    case 'Double':
      return { kind: 'double', value: (value as Double).value };
    case 'Long':
      return { kind: 'long', value: (value as Long).toBigInt() };
    case 'Decimal128':
      return { kind: 'decimal', value: new Dec((value as Decimal128).toString()) };
    default:
      return undefined;
  }
}

export function widest(nums: Num[]): NumberKind {
  return nums.reduce<NumberKind>((kind, n) => (RANK[n.kind] > RANK[kind] ? n.kind : kind), 'int');
}

export const toDouble = (n: Num): number =>
  n.kind === 'decimal' ? n.value.toNumber() : Number(n.value);
export const toDecimal = (n: Num): Dec =>
  n.kind === 'decimal' ? n.value : new Dec(n.kind === 'long' ? n.value.toString() : n.value);
const toBig = (n: Num): bigint => (n.kind === 'long' ? n.value : BigInt(n.value as number));

/** An integer result: int when it fits (and ints went in), long when it fits, else double. */
export function integerResult(value: bigint, intsOnly: boolean): Num {
  if (intsOnly && value >= BigInt(INT_MIN) && value <= BigInt(INT_MAX)) {
    return { kind: 'int', value: Number(value) };
  }
  if (value >= LONG_MIN && value <= LONG_MAX) return { kind: 'long', value };
  return { kind: 'double', value: Number(value) };
}

type Ops = {
  big: (a: bigint, b: bigint) => bigint;
  double: (a: number, b: number) => number;
  decimal: (a: Dec, b: Dec) => Dec;
};

/** Folds numbers with one operation under the widening rules. */
export function fold(nums: Num[], start: Num, ops: Ops): Num {
  const all = [start, ...nums];
  const kind = widest(all);
  if (kind === 'decimal') {
    return { kind, value: all.map(toDecimal).reduce((a, b) => ops.decimal(a, b)) };
  }
  if (kind === 'double') return { kind, value: all.map(toDouble).reduce(ops.double) };
  // Integers: exact in bigint, then narrowed; a long that overflows continues as a double.
  let exact = toBig(start);
  let intsOnly = start.kind === 'int';
  for (const n of nums) {
    exact = ops.big(exact, toBig(n));
    intsOnly &&= n.kind === 'int';
    if (exact < LONG_MIN || exact > LONG_MAX) {
      return { kind: 'double', value: all.map(toDouble).reduce(ops.double) };
    }
  }
  return integerResult(exact, intsOnly);
}

export const ADD: Ops = {
  big: (a, b) => a + b,
  double: (a, b) => a + b,
  decimal: (a, b) => a.plus(b),
};
export const MULTIPLY: Ops = {
  big: (a, b) => a * b,
  double: (a, b) => a * b,
  decimal: (a, b) => a.times(b),
};
export const SUBTRACT: Ops = {
  big: (a, b) => a - b,
  double: (a, b) => a - b,
  decimal: (a, b) => a.minus(b),
};
export const MOD: Ops = {
  big: (a, b) => a % b,
  double: (a, b) => a % b,
  decimal: (a, b) => a.mod(b),
};

export const isZero = (n: Num): boolean =>
  n.kind === 'decimal' ? n.value.isZero() : Number(n.value) === 0;

export function divide(a: Num, b: Num): Num {
  if (widest([a, b]) === 'decimal')
    return { kind: 'decimal', value: toDecimal(a).div(toDecimal(b)) };
  return { kind: 'double', value: toDouble(a) / toDouble(b) };
}

export function zero(): Num {
  return { kind: 'int', value: 0 };
}

/**
 * How many mingo operators (which only take JS numbers) are evaluating around the current call;
 * evaluation is synchronous, so a counter is enough (see plainNumbersWithin).
 */
let plainDepth = 0;

/** Runs a mingo operator with every typed result computed inside it handed back as a JS number. */
export function plainNumbersWithin<T>(run: () => T): T {
  plainDepth += 1;
  try {
    return run();
  } finally {
    plainDepth -= 1;
  }
}

/**
 * The BSON value of a result: ints as JS numbers (retyped as int32 later), longs and decimals
 * typed. An integral double is a bson Double, or it would be stored as an int; inside a mingo
 * operator it stays a JS number, which is all mingo computes on.
 */
export function bsonOf(n: Num): unknown {
  switch (n.kind) {
    case 'int':
      return n.value;
    case 'double':
      return plainDepth === 0 && Number.isInteger(n.value) ? new Double(n.value) : n.value;
    case 'long':
      return Long.fromBigInt(n.value);
    case 'decimal':
      return Decimal128.fromString(decimalText(n.value));
  }
}

function decimalText(value: Dec): string {
  if (value.isNaN()) return 'NaN';
  if (!value.isFinite()) return value.isNegative() ? '-Infinity' : 'Infinity';
  return value.toString();
}

export { Dec };
