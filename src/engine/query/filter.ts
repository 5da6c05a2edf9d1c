// Filters: validated like the server, then matched by mingo over a plain view of the document.
import type { Document } from 'bson';
import { Query } from 'mingo';
import type { AnyObject } from 'mingo/types';
import { prepareFilter } from './filterValidation.js';
import { mingoOptions } from './mingoOptions.js';
import { toPlain, toPlainTracked } from './plain.js';
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

export function compileFilter(filter: Document, options: QueryOptions = {}): DocumentMatcher {
  if (Object.keys(filter).length === 0) return () => true;
  const query = plainQuery(filter, options);
  return (doc) => withMongoErrors(() => query.test(toPlainTracked(doc) as AnyObject));
}
