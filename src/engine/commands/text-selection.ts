// A filter's $text, taken out before the rest is matched: its candidates come from the
// collection's text index (27 IndexNotFound without one) and each document's score decides
// whether it matches. $text may stand at the top of a filter or in a top-level $and, once.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { isPlainObject } from '../query/plain.js';
import { parseTextOperator, textQueryOf, textScoreOf } from '../query/text-query.js';
import { prefixError, textDefinitionOf } from '../query/text-values.js';
import type { CollectionStore, StoredDocument } from '../storage/backend.js';

export interface TextSelection {
  /** The filter without its $text. */
  rest: Document;
  candidates(): Iterable<StoredDocument>;
  /** The document's score, or undefined when the search does not match it. */
  score(doc: Document): number | undefined;
}

const tooMany = (): MongoServerError =>
  new MongoServerError(ErrorCode.BadValue, 'Too many text expressions');

/** The $text operand and the filter without it, or undefined for a filter without $text. */
function splitText(filter: Document): { operand: unknown; rest: Document } | undefined {
  let operand: unknown;
  let found = false;
  const rest: Document = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$text') {
      operand = value;
      found = true;
    } else if (key === '$and' && Array.isArray(value)) {
      const clauses: unknown[] = [];
      for (const clause of value as unknown[]) {
        if (!isPlainObject(clause) || !('$text' in clause)) {
          clauses.push(clause);
          continue;
        }
        if (found) throw tooMany();
        const { $text, ...others } = clause;
        operand = $text;
        found = true;
        if (Object.keys(others).length > 0) clauses.push(others);
      }
      if (clauses.length > 0) rest.$and = clauses;
    } else rest[key] = value;
  }
  return found ? { operand, rest } : undefined;
}

/** Whether the filter pins a field to one value (what a compound text index's prefix needs). */
function hasEquality(filter: Document, field: string): boolean {
  if (!(field in filter)) return false;
  const condition: unknown = filter[field];
  if (!isPlainObject(condition)) return true;
  const operators = Object.keys(condition);
  return (
    operators.length === 0 ||
    !operators[0]?.startsWith('$') ||
    operators.every((op) => op === '$eq')
  );
}

export function textSelectionOf(
  collection: CollectionStore | undefined,
  filter: Document,
): TextSelection | undefined {
  const split = splitText(filter);
  if (!split) return undefined;
  const operator = parseTextOperator(split.operand);
  const rest = split.rest;
  if (!collection) return { rest, candidates: () => [], score: () => undefined };
  const spec = collection.listIndexes().find((index) => index.key._fts === 'text');
  const definition = spec && textDefinitionOf(spec);
  if (!definition) {
    throw new MongoServerError(ErrorCode.IndexNotFound, 'text index required for $text query');
  }
  if (!definition.prefixFields.every((field) => hasEquality(rest, field))) throw prefixError();
  const query = textQueryOf(operator, definition);
  return {
    rest,
    candidates: () => collection.textCandidates(query.indexTerms),
    score: (doc) => textScoreOf(query, definition, doc),
  };
}

/** mongod's plan for a $text query: TEXT_MATCH over TEXT_OR over the text index's IXSCAN. */
export function textStage(collection: CollectionStore, filter: Document): Document | undefined {
  if (!splitText(filter)) return undefined;
  const spec = collection.listIndexes().find((index) => index.key._fts === 'text');
  if (!spec) return undefined;
  const scan = { stage: 'IXSCAN', keyPattern: spec.key, indexName: spec.name, isMultiKey: true };
  return {
    stage: 'TEXT_MATCH',
    indexName: spec.name,
    textIndexVersion: 3,
    inputStage: { stage: 'TEXT_OR', inputStage: scan },
  };
}
