// $percentile and $median as MongoDB computes them. mingo's own sort the values as strings
// ([10, 9, 2] becomes [10, 2, 9], so the median of 2, 9 and 10 came out as 2), and inside $group
// mingo runs the expression form, which fails on an input expression such as {$add: [...]}.
import { $push } from 'mingo/operators/accumulator';
import type { AccumulatorOperator, AnyObject, ExpressionOperator, Options } from 'mingo/types';
import { queryError, QueryErrorCode } from './query-errors.js';

interface PercentileSpec {
  input: unknown;
  p: unknown;
  method?: string;
}

function specOf(expr: unknown, operator: string): PercentileSpec {
  if (expr === null || typeof expr !== 'object' || !('input' in expr)) {
    throw queryError(QueryErrorCode.BadValue, `${operator} expects an object with 'input'`);
  }
  return expr as PercentileSpec;
}

/**
 * The p-th percentiles of the numbers among `values` (others are ignored, like MongoDB), by
 * mingo's rule with a numeric sort: 'exact' interpolates; 'approximate' (MongoDB's only
 * method in 7.0) gives the data value at or next to the interpolated one.
 */
function percentiles(
  values: readonly unknown[],
  ps: readonly unknown[],
  method: string | undefined,
): Array<number | null> {
  const sorted = values
    .filter((value): value is number => typeof value === 'number' && !Number.isNaN(value))
    .sort((a, b) => a - b);
  return ps.map((p) => {
    if (typeof p !== 'number' || p < 0 || p > 1) {
      throw queryError(
        QueryErrorCode.BadValue,
        "$percentile 'p' must be an array of numbers between 0.0 and 1.0",
      );
    }
    if (sorted.length === 0) return null;
    const at = (index: number): number =>
      sorted[Math.min(Math.max(index, 0), sorted.length - 1)] as number;
    const rank = p * (sorted.length - 1);
    const below = Math.floor(rank);
    const interpolated = at(below) + (rank - below) * (at(below + 1) - at(below));
    if (method === 'exact') return interpolated;
    let insertAt = sorted.findIndex((value) => value >= interpolated);
    if (insertAt === -1) insertAt = sorted.length;
    return insertAt / sorted.length >= p ? at(insertAt - 1) : at(insertAt);
  });
}

/** The input of every document of a group (accumulator form). */
function groupValues(docs: AnyObject[], input: unknown, options: Options): unknown[] {
  return ($push as unknown as (c: AnyObject[], e: unknown, o: Options) => unknown[])(
    docs,
    input,
    options,
  );
}

/** The input of one document, which must be an array (expression form). */
function documentValues(doc: AnyObject, input: unknown, options: Options): unknown[] {
  const [value] = groupValues([doc], input, options);
  return Array.isArray(value) ? value : [value];
}

function percentileOf(obj: unknown, expr: unknown, options: Options, operator: string) {
  const spec = specOf(expr, operator);
  // In $group mingo hands the group's documents over as an array; a document is never one.
  const values = Array.isArray(obj)
    ? groupValues(obj as AnyObject[], spec.input, options)
    : documentValues(obj as AnyObject, spec.input, options);
  if (operator === '$median') return percentiles(values, [0.5], spec.method)[0] ?? null;
  if (!Array.isArray(spec.p)) {
    throw queryError(QueryErrorCode.BadValue, "$percentile 'p' must be an array");
  }
  return percentiles(values, spec.p, spec.method);
}

// mingo's operator types are derived from its own operator set, hence the casts; the runtime
// contract is (documents or document, operand, options).
const percentile = (obj: unknown, expr: unknown, options: Options) =>
  percentileOf(obj, expr, options, '$percentile');
const median = (obj: unknown, expr: unknown, options: Options) =>
  percentileOf(obj, expr, options, '$median');

export const percentileAccumulators: Record<`$${string}`, AccumulatorOperator> = {
  $percentile: percentile as unknown as AccumulatorOperator,
  $median: median as unknown as AccumulatorOperator,
};

export const percentileExpressions: Record<`$${string}`, ExpressionOperator> = {
  $percentile: percentile as unknown as ExpressionOperator,
  $median: median as unknown as ExpressionOperator,
};
