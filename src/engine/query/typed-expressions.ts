// Aggregation operators that keep BSON number types (see typed-numbers.ts) where mingo would
// compute on JS doubles: arithmetic, $sum/$avg, $type and the numeric conversions. A field
// path's value is taken typed from the document the plain view was made of, when known.
import { evalExpr } from 'mingo/core';
import * as accumulators from 'mingo/operators/accumulator';
import * as expressions from 'mingo/operators/expression';
import type { AnyObject, Options } from 'mingo/types';
import { compareValues } from './compare.js';
import { isNumeric, isPlainObject, typedOriginOf } from './plain.js';
import { queryError } from './query-errors.js';
import { sameAsTyped } from './retype.js';
import { bsonTypeNumberOf, BsonTypeNumber } from './type-aliases.js';
import {
  ADD,
  bsonOf,
  Dec,
  divide,
  fold,
  integerResult,
  isZero,
  MOD,
  MULTIPLY,
  numOf,
  SUBTRACT,
  toDecimal,
  toDouble,
  widest,
  zero,
  type Num,
} from './typed-numbers.js';

type Expression = (obj: AnyObject, expr: unknown, options: Options) => unknown;
type Accumulator = (collection: AnyObject[], expr: unknown, options: Options) => unknown;
const mingoExpression = expressions as unknown as Record<string, Expression>;
const mingoAccumulator = accumulators as unknown as Record<string, Accumulator>;

/** The typed value at a plain field path of `obj`, if the plain value there is unchanged. */
function typedAtPath(obj: AnyObject, expr: unknown, plain: unknown): unknown {
  if (typeof plain !== 'number' || typeof expr !== 'string' || !expr.startsWith('$')) return plain;
  if (expr.startsWith('$$')) return plain;
  let node: unknown = typedOriginOf(obj);
  for (const key of expr.slice(1).split('.')) {
    if (!isPlainObject(node)) return plain;
    node = node[key];
  }
  return isNumeric(node) && sameAsTyped(plain, node) ? node : plain;
}

/** Evaluates operator arguments (always as a list), each typed where it is a field path. */
function typedArgs(obj: AnyObject, expr: unknown, options: Options): unknown[] {
  const list = Array.isArray(expr) ? expr : [expr];
  return list.map((item: unknown) => typedAtPath(obj, item, evalExpr(obj, item, options)));
}

const isNil = (value: unknown): boolean => value === null || value === undefined;

/** The values as numbers (none is null or a date here). */
function numbersIn(name: string, values: unknown[]): Num[] {
  const nums = values.map(numOf);
  if (nums.some((n) => n === undefined)) {
    throw queryError(16554, `${name} only supports numeric or date types`);
  }
  return nums as Num[];
}

/** What an operator does with dates among its values; undefined leaves them to mingo. */
type DateArithmetic = (values: unknown[]) => Date | undefined;

/** An n-ary arithmetic operator; dates go to `onDates`, else to mingo's own implementation. */
function arithmetic(
  name: string,
  reduce: (nums: Num[]) => Num,
  onDates?: DateArithmetic,
): Expression {
  return (obj, expr, options) => {
    const values = typedArgs(obj, expr, options);
    if (values.some(isNil)) return null;
    if (values.some((v) => v instanceof Date)) {
      return onDates?.(values) ?? mingoExpression[name]?.(obj, expr, options);
    }
    return bsonOf(reduce(numbersIn(name, values)));
  };
}

const first = (nums: Num[]): Num => nums[0] ?? zero();

/** Milliseconds given as numbers of any type, rounded to a whole one, as mongod does. */
function milliseconds(name: string, values: unknown[]): number {
  return Math.round(numbersIn(name, values).reduce((total, n) => total + toDouble(n), 0));
}

// A date plus or minus numbers of any type (mingo accepts only plain JS numbers next to a
// date, so a long or a computed double failed) is the date moved by that many milliseconds.
const $add = arithmetic(
  '$add',
  (nums) => (nums.length ? fold(nums.slice(1), first(nums), ADD) : zero()),
  (values) => {
    const dates = values.filter((value): value is Date => value instanceof Date);
    if (dates.length > 1) throw queryError(16612, 'only one date allowed in an $add expression');
    const others = values.filter((value) => !(value instanceof Date));
    return new Date((dates[0] as Date).getTime() + milliseconds('$add', others));
  },
);
const $multiply = arithmetic('$multiply', (nums) =>
  fold(nums, { kind: 'int', value: 1 }, MULTIPLY),
);
// Date minus date (a count of milliseconds) stays mingo's.
const $subtract = arithmetic(
  '$subtract',
  (nums) => fold(nums.slice(1, 2), first(nums), SUBTRACT),
  ([from, by, ...rest]) =>
    from instanceof Date && !(by instanceof Date) && rest.length === 0
      ? new Date(from.getTime() - milliseconds('$subtract', [by]))
      : undefined,
);
const $divide = arithmetic('$divide', ([a, b]) => {
  if (!a || !b) throw queryError(16020, 'Expression $divide takes exactly 2 arguments.');
  if (isZero(b)) throw queryError(2, "can't $divide by zero");
  return divide(a, b);
});
const $mod = arithmetic('$mod', ([a, b]) => {
  if (!a || !b) throw queryError(16020, 'Expression $mod takes exactly 2 arguments.');
  if (isZero(b) && widest([a, b]) !== 'double') throw queryError(16610, "can't $mod by 0");
  return fold([b], a, MOD);
});

/** A one-argument operator that keeps the input's type. */
function unary(name: string, apply: (n: Num) => Num): Expression {
  return arithmetic(name, ([n]) => apply(n ?? zero()));
}

const $abs = unary('$abs', (n) => {
  if (n.kind === 'decimal') return { kind: n.kind, value: n.value.abs() };
  if (n.kind === 'double') return { kind: n.kind, value: Math.abs(n.value) };
  const big = n.kind === 'long' ? n.value : BigInt(n.value);
  return integerResult(big < 0n ? -big : big, n.kind === 'int');
});

function rounding(name: string, mode: 'round' | 'trunc' | 'ceil' | 'floor'): Expression {
  const decimalMode = {
    round: Dec.ROUND_HALF_EVEN,
    trunc: Dec.ROUND_DOWN,
    ceil: Dec.ROUND_CEIL,
    floor: Dec.ROUND_FLOOR,
  }[mode];
  return arithmetic(name, ([n, placesNum]) => {
    const value = n ?? zero();
    const places = placesNum ? toDouble(placesNum) : 0;
    if (value.kind === 'decimal' || value.kind === 'double' || places < 0) {
      const rounded = toDecimal(value).toDecimalPlaces(0, decimalMode);
      const scaled = toDecimal(value)
        .times(new Dec(10).pow(places))
        .toDecimalPlaces(0, decimalMode)
        .div(new Dec(10).pow(places));
      const result = places === 0 ? rounded : scaled;
      if (value.kind === 'decimal') return { kind: 'decimal', value: result };
      if (value.kind === 'double') return { kind: 'double', value: result.toNumber() };
      return integerResult(BigInt(result.toFixed(0)), value.kind === 'int');
    }
    return value;
  });
}

/** $sum/$avg over numbers, ignoring everything else, with the widening rules. */
function sumOf(values: unknown[]): { total: Num; count: number } {
  const nums = values.flatMap((v) => {
    const n = numOf(v);
    return n ? [n] : [];
  });
  return {
    total: nums.length ? fold(nums.slice(1), first(nums), ADD) : zero(),
    count: nums.length,
  };
}

function averageOf(values: unknown[]): unknown {
  const { total, count } = sumOf(values);
  if (count === 0) return null;
  return bsonOf(divide(total, { kind: 'int', value: count }));
}

/** The operand list of an expression-form $sum/$avg (one array operand means its elements). */
export function listOperand(obj: AnyObject, expr: unknown, options: Options): unknown[] {
  const values = typedArgs(obj, expr, options);
  if (!Array.isArray(expr) && Array.isArray(values[0])) return values[0] as unknown[];
  return values;
}

/** Per-document values of an accumulator's expression, typed where they are field paths. */
function accumulated(collection: AnyObject[], expr: unknown, options: Options): unknown[] {
  const values = (mingoAccumulator.$push as Accumulator)(collection, expr, options) as unknown[];
  return values.map((value, i) => typedAtPath(collection[i] as AnyObject, expr, value));
}

/** Per-document values; a null expression means the values were computed already. */
export function groupValues(collection: AnyObject[], expr: unknown, options: Options): unknown[] {
  if (expr === null || expr === undefined) return collection;
  if (typeof expr === 'number') return collection.map(() => expr);
  return accumulated(collection, expr, options);
}

function sumAccumulator(collection: AnyObject[], expr: unknown, options: Options): unknown {
  return bsonOf(sumOf(groupValues(collection, expr, options)).total);
}

function averageAccumulator(collection: AnyObject[], expr: unknown, options: Options): unknown {
  return averageOf(groupValues(collection, expr, options));
}

const TYPE_NAMES = new Map(Object.entries(BsonTypeNumber).map(([name, code]) => [code, name]));

const $type: Expression = (obj, expr, options) => {
  const [value] = typedArgs(obj, expr, options);
  if (value === undefined) return 'missing';
  return TYPE_NAMES.get(bsonTypeNumberOf(value)) ?? 'object';
};

function conversion(name: string, kind: Num['kind']): Expression {
  return (obj, expr, options) => {
    const [value] = typedArgs(obj, expr, options);
    const n = numOf(value);
    if (!n) return mingoExpression[name]?.(obj, expr, options);
    if (kind === 'decimal') return bsonOf({ kind, value: toDecimal(n) });
    if (kind === 'double') return bsonOf({ kind, value: toDouble(n) });
    const whole = BigInt(toDecimal(n).toDecimalPlaces(0, Dec.ROUND_DOWN).toFixed(0));
    return bsonOf(integerResult(whole, kind === 'int'));
  };
}

/** Expression comparisons in MongoDB's order, exact across number types. */
function comparison(name: string, accept: (order: number) => boolean): Expression {
  return (obj, expr, options) => {
    const [a, b] = typedArgs(obj, expr, options);
    // Strings stay with mingo, which applies the collation.
    if (typeof a === 'string' && typeof b === 'string') {
      return mingoExpression[name]?.(obj, expr, options);
    }
    return accept(compareValues(a, b));
  };
}

export const typedExpressionOperators: Record<string, Expression> = {
  $add,
  $subtract,
  $multiply,
  $divide,
  $mod,
  $abs,
  $round: rounding('$round', 'round'),
  $trunc: rounding('$trunc', 'trunc'),
  $ceil: rounding('$ceil', 'ceil'),
  $floor: rounding('$floor', 'floor'),
  $type,
  $toDecimal: conversion('$toDecimal', 'decimal'),
  $toDouble: conversion('$toDouble', 'double'),
  $toLong: conversion('$toLong', 'long'),
  $toInt: conversion('$toInt', 'int'),
  // mingo calls an expression operator in $group too, with the group's documents as `obj`.
  $sum: (obj, expr, options) =>
    Array.isArray(obj)
      ? sumAccumulator(obj, expr, options)
      : bsonOf(sumOf(listOperand(obj, expr, options)).total),
  $avg: (obj, expr, options) =>
    Array.isArray(obj)
      ? averageAccumulator(obj, expr, options)
      : averageOf(listOperand(obj, expr, options)),
  $cmp: (obj, expr, options) => {
    const [a, b] = typedArgs(obj, expr, options);
    return Math.sign(compareValues(a, b));
  },
  $gt: comparison('$gt', (order) => order > 0),
  $gte: comparison('$gte', (order) => order >= 0),
  $lt: comparison('$lt', (order) => order < 0),
  $lte: comparison('$lte', (order) => order <= 0),
};

export const typedAccumulators: Record<string, Accumulator> = {
  $sum: sumAccumulator,
  $avg: averageAccumulator,
};
