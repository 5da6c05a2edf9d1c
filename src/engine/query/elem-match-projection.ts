// The $elemMatch projection: the first element of the array that the same condition would match
// in a `{field: {$elemMatch: condition}}` filter. mingo's projection tests each element as a
// document, so a condition of operators only ({$elemMatch: {$in: [...]}}, {$gte: 80}) never
// matched a scalar element; going through the query operator gives both forms their meaning.
import { Query } from 'mingo/query';
import type { AnyObject, Options } from 'mingo/types';
import { getPath } from './paths.js';

const ELEMENT = 'element';

export function elemMatchProjection(
  obj: AnyObject,
  condition: unknown,
  field: string,
  options: Options,
): unknown[] | undefined {
  const array = getPath(obj, field);
  if (!Array.isArray(array)) return undefined;
  const query = new Query({ [ELEMENT]: { $elemMatch: condition } }, options);
  const index = array.findIndex((item: unknown) => query.test({ [ELEMENT]: [item] }));
  return index === -1 ? undefined : [array[index]];
}
