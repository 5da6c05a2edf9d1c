// $pull conditions that are queries over each element as a document. MongoDB reads a $pull
// condition object by its first field: a field operator ($gt, $in, $elemMatch...) tests each
// element as a value; anything else (field names, $or, $and, $nor, $expr) is a query that each
// object element must match, as a document in a collection would. mingo treats an object with
// any operator key as a value test, so `{$or: [{a: 1}, {b: 2}]}` (what Mongoose sends for
// `doc.arr.pull(sub)` on subdocuments without _id) removed nothing; these conditions are
// applied here instead, after mingo's updater has done the rest.
import type { Document } from 'bson';
import { Query } from 'mingo/query';
import type { AnyObject } from 'mingo/types';
import { prepareFilter } from './filter-validation.js';
import { mingoOptions } from './mingo-options.js';
import { getPath } from './paths.js';
import { isPlainObject } from './plain.js';
import { withMongoErrors } from './query-errors.js';

/** Operators only valid at a query's top level: a condition starting with one is a query. */
const TOP_LEVEL_OPERATORS = new Set(['$and', '$or', '$nor', '$expr', '$comment', '$where']);

export interface DocumentPull {
  path: string;
  query: Query;
}

function isDocumentQuery(condition: unknown): condition is Record<string, unknown> {
  if (!isPlainObject(condition)) return false;
  const [first] = Object.keys(condition);
  if (first === undefined) return false;
  const hasOperator = Object.keys(condition).some((key) => key.startsWith('$'));
  // A query of field names only is read right by mingo already.
  return hasOperator && (!first.startsWith('$') || TOP_LEVEL_OPERATORS.has(first));
}

/** Takes the document-query conditions out of a (plain) $pull, leaving mingo the others. */
export function takeDocumentPulls(
  pull: Record<string, unknown>,
  variables: Document | undefined,
): { rest: Record<string, unknown>; documentPulls: DocumentPull[] } {
  const rest: Record<string, unknown> = {};
  const documentPulls: DocumentPull[] = [];
  for (const [path, condition] of Object.entries(pull)) {
    if (!isDocumentQuery(condition)) rest[path] = condition;
    else {
      const filter = prepareFilter(condition);
      const query = withMongoErrors(() => new Query(filter, mingoOptions({ variables })));
      documentPulls.push({ path, query });
    }
  }
  return { rest, documentPulls };
}

/** Removes each array's object elements that match (mutates the plain document). */
export function applyDocumentPulls(plainDoc: AnyObject, pulls: DocumentPull[]): void {
  for (const { path, query } of pulls) {
    const array = getPath(plainDoc, path);
    // update-checks.ts has already refused a non-array value; a missing one is left alone.
    if (!Array.isArray(array)) continue;
    const kept = array.filter(
      (element) => !(isPlainObject(element) && withMongoErrors(() => query.test(element))),
    );
    if (kept.length !== array.length) array.splice(0, array.length, ...kept);
  }
}
