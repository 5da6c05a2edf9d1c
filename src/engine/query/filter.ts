// Filters: validated like the server, then matched by mingo over a plain view of the document.
import type { Document } from 'bson';
import { Query } from 'mingo/query';
import type { AnyObject } from 'mingo/types';
import { prepareFilter } from './filter-validation.js';
import { mingoOptions } from './mingo-options.js';
import { isPlainObject, toPlain, toPlainTracked } from './plain.js';
import { isUnknownOperatorError, withMongoErrors } from './query-errors.js';

export type DocumentMatcher = (doc: Document) => boolean;

export interface QueryOptions {
  variables?: Document;
  collation?: Document;
}

/** A mingo Query for a typed or plain filter (validated); tests plain documents. */
function plainQuery(filter: Document, options: QueryOptions = {}): Query {
  const prepared = prepareFilter(toPlain(filter));
  return withMongoErrors(() => new Query(prepared, mingoOptions(options)));
}

/** Operators that see BSON types: only then must the plain view remember them. */
const TYPED_OPERATORS = new Set(['$type', '$jsonSchema']);

function usesTypeOperator(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesTypeOperator);
  if (!isPlainObject(value)) return false;
  return Object.entries(value).some(
    ([key, item]) => TYPED_OPERATORS.has(key) || usesTypeOperator(item),
  );
}

/**
 * MongoDB rejects unknown expression operators in $expr when the filter is parsed; mingo only
 * finds them when evaluating, so evaluate once against an empty document. Other evaluation
 * errors depend on data and are left for matching time.
 */
function probeExpressions(query: Query): void {
  try {
    withMongoErrors(() => query.test({}));
  } catch (err) {
    if (isUnknownOperatorError(err)) throw err;
  }
}

export function compileFilter(filter: Document, options: QueryOptions = {}): DocumentMatcher {
  if (Object.keys(filter).length === 0) return () => true;
  const query = plainQuery(filter, options);
  probeExpressions(query);
  const convert = usesTypeOperator(filter) ? toPlainTracked : toPlain;
  return (doc) => withMongoErrors(() => query.test(convert(doc) as AnyObject));
}
