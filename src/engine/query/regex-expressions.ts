// $regexMatch, $regexFind and $regexFindAll over linear-time patterns (see patterns.ts), in
// place of mingo's, which run a backtracking RegExp on every document.
import { evalExpr } from 'mingo/core';
import type { AnyObject, ExpressionOperator, Options } from 'mingo/types';
import { compilePattern, regexParts, type Pattern, type PatternMatch } from './patterns.js';
import { isPlainObject } from './plain.js';
import { queryError } from './query-errors.js';

type RegexOperator = '$regexMatch' | '$regexFind' | '$regexFindAll';

/** The input and pattern of a call, or undefined when either is null or missing. */
function operands(
  operator: RegexOperator,
  obj: AnyObject,
  expr: unknown,
  options: Options,
): { input: string; pattern: Pattern } | undefined {
  if (!isPlainObject(expr)) {
    throw queryError(
      51103,
      `${operator} expects an object of named arguments but found: ${typeof expr}`,
    );
  }
  const args = evalExpr(obj, expr, options) as Record<string, unknown>;
  const { input, regex, options: flags } = args;
  if (input !== null && input !== undefined && typeof input !== 'string') {
    throw queryError(51104, `${operator} needs 'input' to be of type string`);
  }
  if (flags !== null && flags !== undefined && typeof flags !== 'string') {
    throw queryError(51106, `${operator} needs 'options' to be of type string`);
  }
  if (regex === null || regex === undefined) return undefined;
  let pattern: Pattern;
  if (typeof regex === 'string') pattern = compilePattern(regex, flags ?? '');
  else {
    const parts = regexParts(regex);
    if (!parts) throw queryError(51105, `${operator} needs 'regex' to be of type string or regex`);
    if (parts.options !== '' && typeof flags === 'string' && flags !== '') {
      throw queryError(
        51107,
        `${operator}: found regex option(s) specified in both 'regex' and 'option' fields`,
      );
    }
    pattern = compilePattern(parts.source, flags || parts.options);
  }
  return typeof input === 'string' ? { input, pattern } : undefined;
}

function matches(operator: RegexOperator, all: boolean) {
  return (obj: AnyObject, expr: unknown, options: Options): PatternMatch[] => {
    const call = operands(operator, obj, expr, options);
    return call ? call.pattern.find(call.input, all) : [];
  };
}

const findFirst = matches('$regexFind', false);
const findAll = matches('$regexFindAll', true);

export const regexExpressions: Record<RegexOperator, ExpressionOperator> = {
  $regexMatch: ((obj: AnyObject, expr: unknown, options: Options) => {
    const call = operands('$regexMatch', obj, expr, options);
    return call ? call.pattern.test(call.input) : false;
  }) as ExpressionOperator,
  $regexFind: ((obj: AnyObject, expr: unknown, options: Options) =>
    findFirst(obj, expr, options)[0] ?? null) as ExpressionOperator,
  $regexFindAll: findAll as ExpressionOperator,
};
