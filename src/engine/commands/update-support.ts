// Applying one update statement (q/u/upsert/multi...) to a collection; shared by the update
// command and findAndModify so both follow the same upsert and validation rules.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { applyUpdate, upsertSeed, validateForInsert, type ParsedUpdate } from '../query/index.js';
import type { CollectionStore, IndexSpec } from '../storage/backend.js';
import { isDocument } from './arguments.js';
import type { SelectedDocument } from './query-executor.js';
import { encodeChecked, withId, type DocumentValidator } from './write-support.js';

export interface UpdateOptions {
  arrayFilters?: Document[];
  variables?: Document;
  validator?: DocumentValidator;
}

/** Updates one matched document; returns the new document when it changed. */
export function updateMatched(
  collection: CollectionStore,
  selected: SelectedDocument,
  filter: Document,
  update: ParsedUpdate,
  options: UpdateOptions,
): { doc: Document; modified: boolean } {
  const result = applyUpdate(selected.doc, update, {
    arrayFilters: options.arrayFilters,
    query: filter,
    isUpsertInsert: false,
    variables: options.variables,
  });
  if (result.modified) {
    options.validator?.check(result.doc, selected.doc);
    collection.replace(selected.stored.id, result.doc, encodeChecked(result.doc));
  }
  return result;
}

/** Inserts the document an upsert creates when nothing matched; returns it. */
export function upsertInsert(
  collection: CollectionStore,
  filter: Document,
  update: ParsedUpdate,
  options: UpdateOptions,
): Document {
  const seed = upsertSeed(filter);
  let doc: Document;
  if (update.kind === 'replacement') {
    doc = { ...update.doc };
    if (doc._id === undefined && seed._id !== undefined) doc = { _id: seed._id, ...doc };
  } else {
    doc = applyUpdate(seed, update, {
      arrayFilters: options.arrayFilters,
      query: filter,
      isUpsertInsert: true,
      variables: options.variables,
    }).doc;
  }
  const withGeneratedId = withId(doc).doc;
  validateForInsert(withGeneratedId);
  options.validator?.check(withGeneratedId);
  collection.insert(withGeneratedId, encodeChecked(withGeneratedId));
  return withGeneratedId;
}

/** Rejects a hint naming no existing index, as MongoDB does. */
export function checkHint(collection: CollectionStore | undefined, hint: unknown): void {
  if (hint === undefined || hint === null || !collection) return;
  const indexes: IndexSpec[] = collection.listIndexes();
  const found =
    typeof hint === 'string'
      ? indexes.some((index) => index.name === hint)
      : isDocument(hint)
        ? Object.keys(hint).length === 0 || indexes.some((index) => sameKey(index.key, hint))
        : false;
  if (!found) {
    throw new MongoServerError(
      ErrorCode.BadValue,
      'hint provided does not correspond to an existing index',
    );
  }
}

function sameKey(a: Document, b: Document): boolean {
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every((key, i) => key === bKeys[i] && Number(a[key]) === Number(b[key]))
  );
}

export function arrayFiltersOf(statement: Document): Document[] | undefined {
  const raw = statement.arrayFilters;
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || !raw.every(isDocument)) {
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      "BSON field 'arrayFilters' is the wrong type, expected type 'array'",
    );
  }
  return raw;
}
