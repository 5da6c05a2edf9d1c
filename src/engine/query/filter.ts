// Filters: validated like the server, then matched by mingo over a plain view of the document.
import type { Document } from 'bson';
import { Query } from 'mingo/query';
import type { AnyObject } from 'mingo/types';
import { compileFastBytesFilter, compileFastFilter } from './fast-filter.js';
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

/**
 * A check of a stored document's bytes that decodes only the filter's fields: true or false
 * where certain, undefined for "decode and match"; undefined itself for filters it cannot do.
 */
export function compileBytesPrefilter(
  filter: Document,
  options: QueryOptions = {},
): ((bytes: Buffer) => boolean | undefined) | undefined {
  if (Object.keys(filter).length === 0 || !isSimpleCollation(options.collation)) return undefined;
  return compileFastBytesFilter(filter);
}

function isSimpleCollation(collation: Document | undefined): boolean {
  return collation === undefined || collation.locale === 'simple';
}

/** The matcher of every filter: mingo over the plain view (validated when compiled). */
export function compileFullFilter(filter: Document, options: QueryOptions = {}): DocumentMatcher {
  const query = plainQuery(filter, options);
  probeExpressions(query);
  const convert = usesTypeOperator(filter) ? toPlainTracked : toPlain;
  return (doc) => withMongoErrors(() => query.test(convert(doc) as AnyObject));
}

export function compileFilter(filter: Document, options: QueryOptions = {}): DocumentMatcher {
  if (Object.keys(filter).length === 0) return () => true;
  const full = compileFullFilter(filter, options);
  // Plain comparisons of top-level fields are decided on the typed document (simple
  // collation only: the fast matcher compares strings by their code points).
  const fast = isSimpleCollation(options.collation) ? compileFastFilter(filter) : undefined;
  if (fast === undefined) return full;
  return (doc) => fast(doc) ?? full(doc);
}
