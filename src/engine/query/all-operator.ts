// $all as MongoDB defines it: `{f: {$all: [a, b]}}` is `{$and: [{f: a}, {f: b}]}`, so a scalar
// field matches when it equals every item, and `{$elemMatch: q}` items are `{f: {$elemMatch: q}}`;
// an empty list matches nothing. mingo's $all only looks inside arrays (a scalar field never
// matches). Each item reuses the engine's own $eq, $elemMatch and regex operators from the
// context, so null-matches-missing, collation and linear-time patterns apply as they do alone.
import { OpType } from 'mingo/core';
import type { AnyObject, Options } from 'mingo/types';
import { isPlainObject } from './plain.js';

type Matcher = (obj: AnyObject) => boolean;
type OperatorFactory = (selector: string, value: unknown, options: Options) => Matcher;

function operatorFrom(options: Options, name: string): OperatorFactory {
  const operator = options.context.getOperator(OpType.QUERY, name);
  if (operator === null) throw new Error(`query operator ${name} is not configured`);
  return operator as unknown as OperatorFactory;
}

export function makeAllOperator(patternOperator: string, isPattern: (item: unknown) => boolean) {
  return (selector: string, operands: unknown, options: Options): Matcher => {
    const items: unknown[] = Array.isArray(operands) ? operands : [];
    if (items.length === 0) return () => false;
    const tests = items.map((item): Matcher => {
      if (isPattern(item)) return operatorFrom(options, patternOperator)(selector, item, options);
      if (isPlainObject(item) && Object.keys(item).length === 1 && '$elemMatch' in item) {
        return operatorFrom(options, '$elemMatch')(selector, item.$elemMatch, options);
      }
      return operatorFrom(options, '$eq')(selector, item, options);
    });
    return (obj) => tests.every((test) => test(obj));
  };
}
