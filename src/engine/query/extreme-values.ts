// $min and $max (accumulators and expressions) in MongoDB's order: every value that is not null
// or missing is compared in the BSON order (numbers exactly across int/long/double/decimal), and
// the picked number keeps its type. mingo has no $min/$max expression of its own: it calls the
// accumulator, so the engine's one must handle every type, not only numbers.
import type { AnyObject, Options } from 'mingo/types';
import { compareValues } from './compare.js';
import { isNumeric } from './plain.js';
import { groupValues, listOperand } from './typed-expressions.js';
import { bsonOf, numOf, type Num } from './typed-numbers.js';

type Expression = (obj: AnyObject, expr: unknown, options: Options) => unknown;
type Accumulator = (collection: AnyObject[], expr: unknown, options: Options) => unknown;

/** The least (sign -1) or greatest (sign 1) value; null when there is none. */
function extremeOf(values: unknown[], sign: 1 | -1): unknown {
  let best: unknown = null;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    if (best === null || sign * compareValues(value, best) > 0) best = value;
  }
  return isNumeric(best) ? bsonOf(numOf(best) as Num) : best;
}

function extremeExpression(sign: 1 | -1): Expression {
  // mingo calls an expression operator in $group too, with the group's documents as `obj`.
  return (obj, expr, options) =>
    extremeOf(
      Array.isArray(obj) ? groupValues(obj, expr, options) : listOperand(obj, expr, options),
      sign,
    );
}

function extremeAccumulator(sign: 1 | -1): Accumulator {
  return (collection, expr, options) => extremeOf(groupValues(collection, expr, options), sign);
}

export const extremeExpressions: Record<string, Expression> = {
  $min: extremeExpression(-1),
  $max: extremeExpression(1),
};

export const extremeAccumulators: Record<string, Accumulator> = {
  $min: extremeAccumulator(-1),
  $max: extremeAccumulator(1),
};
