// {$meta: "textScore"}: a matched document's text score travels beside it (a WeakMap keyed by
// the decoded document), and find's projection and sort read it from there. mongod answers
// 40218 when a score is asked for without a $text query.
import type { Document } from 'bson';
import { MongoServerError } from '../errors.js';
import { isPlainObject } from './plain.js';
import { compileProjection } from './projection.js';
import { compileSortWith, type DocumentComparator, type ValueComparator } from './sort.js';

const scores = new WeakMap<Document, number>();

export function setTextScore(doc: Document, score: number): void {
  scores.set(doc, score);
}

export function textScoreOfDocument(doc: Document): number | undefined {
  return scores.get(doc);
}

export function isTextScoreMeta(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length === 1 && value.$meta === 'textScore';
}

export function noTextScore(): MongoServerError {
  return new MongoServerError(40218, 'query requires text score metadata, but it is not available');
}

/** Whether a filter has a $text operator where it may stand: at the top or in a top-level $and. */
export function hasTextOperator(filter: Document | undefined): boolean {
  if (!filter) return false;
  if ('$text' in filter) return true;
  const clauses: unknown = filter.$and;
  return (
    Array.isArray(clauses) && clauses.some((clause) => isPlainObject(clause) && '$text' in clause)
  );
}

/** A find sort that may order by the text score (highest first) among its keys. */
export function compileTextSort(
  sort: Document,
  compareValue: ValueComparator,
  withText: boolean,
): DocumentComparator {
  const entries = Object.entries(sort);
  if (!entries.some(([, spec]) => isTextScoreMeta(spec)))
    return compileSortWith(sort, compareValue);
  if (!withText) throw noTextScore();
  const parts = entries.map(([field, spec]): DocumentComparator => {
    if (isTextScoreMeta(spec)) {
      return (a, b) => (textScoreOfDocument(b) ?? 0) - (textScoreOfDocument(a) ?? 0);
    }
    return compileSortWith({ [field]: spec }, compareValue);
  });
  return (a, b) => {
    for (const part of parts) {
      const order = part(a, b);
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** A find projection that may add the text score under some of its fields. */
export function compileTextProjection(
  projection: Document,
  options: { filter?: Document; variables?: Document },
): (doc: Document) => Document {
  const metaFields = Object.keys(projection).filter((field) => isTextScoreMeta(projection[field]));
  if (metaFields.length === 0) return compileProjection(projection, options);
  if (!hasTextOperator(options.filter)) throw noTextScore();
  const rest = Object.fromEntries(
    Object.entries(projection).filter(([field]) => !metaFields.includes(field)),
  );
  const project = Object.keys(rest).length > 0 ? compileProjection(rest, options) : undefined;
  return (doc) => {
    const out = project ? project(doc) : { ...doc };
    const score = textScoreOfDocument(doc);
    for (const field of metaFields) out[field] = score;
    return out;
  };
}
