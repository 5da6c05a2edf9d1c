// Filters: validated like the server, then matched by mingo over a plain view of the document.
import type { Document } from 'bson';
import { Query } from 'mingo/query';
import type { AnyObject } from 'mingo/types';
import { prepareFilter } from './filterValidation.js';
import { mingoOptions } from './mingoOptions.js';
import { isPlainObject, toPlain, toPlainTracked } from './plain.js';
import { withMongoErrors } from './queryErrors.js';

export type DocumentMatcher = (doc: Document) => boolean;

export interface QueryOptions {
  variables?: Document;
  collation?: Document;
}

/** A mingo Query for a typed or plain filter (validated); tests plain documents. */
export function plainQuery(filter: Document, options: QueryOptions = {}): Query {
  const prepared = prepareFilter(toPlain(filter));
  return withMongoErrors(() => new Query(prepared, mingoOptions(options)));
}

/** Whether a filter uses $type anywhere (only then must the plain view remember BSON types). */
function usesTypeOperator(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesTypeOperator);
  if (!isPlainObject(value)) return false;
  return Object.entries(value).some(([key, item]) => key === '$type' || usesTypeOperator(item));
}

export function compileFilter(filter: Document, options: QueryOptions = {}): DocumentMatcher {
  if (Object.keys(filter).length === 0) return () => true;
  const query = plainQuery(filter, options);
  const convert = usesTypeOperator(filter) ? toPlainTracked : toPlain;
  return (doc) => withMongoErrors(() => query.test(convert(doc) as AnyObject));
}
