// collMod's `index` option: hide or unhide an index (the planner then ignores it), change a
// TTL index's expireAfterSeconds, and the two-step conversion to unique (prepareUnique, then
// unique, refused while duplicates exist), answered as mongod does (`<option>_old`/`_new`).
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import type { CollectionStore, IndexSpec } from '../storage/backend.js';
import { asNumber, isDocument } from './arguments.js';

const OPTIONS = ['hidden', 'expireAfterSeconds', 'prepareUnique', 'unique'];

const sameKey = (a: Document, b: Document): boolean =>
  JSON.stringify(Object.entries(a).map(([k, v]) => [k, Number(v) || v])) ===
  JSON.stringify(Object.entries(b).map(([k, v]) => [k, Number(v) || v]));

function indexNameOf(collection: CollectionStore, ns: string, option: Document): string {
  const { keyPattern, name } = option;
  if ((keyPattern === undefined) === (name === undefined)) {
    throw new MongoServerError(
      ErrorCode.InvalidOptions,
      'must specify either index name or key pattern',
    );
  }
  const indexes = collection.listIndexes();
  const found =
    typeof name === 'string'
      ? indexes.find((index) => index.name === name)
      : isDocument(keyPattern)
        ? indexes.find((index) => sameKey(index.key, keyPattern))
        : undefined;
  if (!found) {
    const wanted =
      typeof name === 'string' ? `name ${name}` : `key pattern ${JSON.stringify(keyPattern)}`;
    throw new MongoServerError(ErrorCode.IndexNotFound, `cannot find index ${wanted} for ns ${ns}`);
  }
  return found.name;
}

function changed(spec: IndexSpec, option: Document, hasDuplicates: () => boolean): IndexSpec {
  const next: IndexSpec = { ...spec };
  if (option.hidden !== undefined) {
    if (typeof option.hidden !== 'boolean') {
      throw new MongoServerError(ErrorCode.TypeMismatch, "'hidden' must be a boolean");
    }
    if (option.hidden) next.hidden = true;
    else delete next.hidden;
  }
  if (option.expireAfterSeconds !== undefined) {
    const seconds = asNumber(option.expireAfterSeconds);
    if (spec.expireAfterSeconds === undefined) {
      throw new MongoServerError(ErrorCode.InvalidOptions, 'no expireAfterSeconds field to update');
    }
    if (seconds === undefined || !Number.isInteger(seconds) || seconds < 0) {
      throw new MongoServerError(
        ErrorCode.InvalidOptions,
        'expireAfterSeconds must be a non-negative integer',
      );
    }
    next.expireAfterSeconds = seconds;
  }
  if (option.prepareUnique !== undefined) next.prepareUnique = option.prepareUnique === true;
  if (option.unique !== undefined) {
    if (option.unique !== true) {
      throw new MongoServerError(ErrorCode.BadValue, "The field 'unique' can only be set to true");
    }
    if (spec.prepareUnique !== true) {
      throw new MongoServerError(
        ErrorCode.InvalidOptions,
        "Cannot make index unique with 'unique' without 'prepareUnique' set to true first",
      );
    }
    if (hasDuplicates()) {
      throw new MongoServerError(
        359,
        'Cannot convert the index to unique. Please resolve conflicting documents before running collMod again.',
      );
    }
    next.unique = true;
    delete next.prepareUnique;
  }
  return next;
}

/** Applies collMod's `index` option; the reply's `<option>_old` / `<option>_new` fields. */
export function modifyIndexOption(
  collection: CollectionStore | undefined,
  ns: string,
  option: unknown,
): Document {
  if (!isDocument(option))
    throw new MongoServerError(ErrorCode.TypeMismatch, "'index' must be an object");
  if (!collection)
    throw new MongoServerError(ErrorCode.NamespaceNotFound, `ns does not exist: ${ns}`);
  const requested = OPTIONS.filter((key) => option[key] !== undefined);
  if (requested.length === 0) {
    throw new MongoServerError(
      ErrorCode.InvalidOptions,
      'no expireAfterSeconds, hidden, prepareUnique or unique field',
    );
  }
  const name = indexNameOf(collection, ns, option);
  if (name === '_id_' && option.hidden !== undefined) {
    throw new MongoServerError(ErrorCode.BadValue, 'cannot modify hidden field of an _id index');
  }
  let after: IndexSpec | undefined;
  const before = collection.modifyIndex(name, (spec, hasDuplicates) => {
    after = changed(spec, option, hasDuplicates);
    return after;
  });
  const reply: Document = {};
  for (const key of requested) {
    if (key !== 'unique' && key !== 'prepareUnique') reply[`${key}_old`] = before[key] ?? false;
    reply[`${key}_new`] = after?.[key] ?? (key === 'prepareUnique' ? false : option[key]);
  }
  return reply;
}
