// Validating a requested index against the existing ones, with mongod's conflict rules.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import type { IndexSpec } from './backend.js';
import { ID_INDEX_NAME, type CollectionEntry } from './catalog.js';
import { encodeValue } from './index-keys.js';

/** Spec fields that do not change what an index is. */
const NON_OPTIONS = new Set(['v', 'key', 'name', 'ns', 'background']);

/** The options that make two indexes on the same key different, in a comparable form. */
function optionsKey(spec: IndexSpec): Buffer {
  const options: Document = {};
  for (const name of Object.keys(spec).sort()) {
    if (NON_OPTIONS.has(name)) continue;
    const value = spec[name];
    // unique: false and sparse: false are the defaults, the same as leaving them out.
    if ((name === 'unique' || name === 'sparse') && !value) continue;
    if (value === undefined) continue;
    options[name] = value;
  }
  return encodeValue(options);
}

function sameKey(a: Document, b: Document): boolean {
  return encodeValue(a).equals(encodeValue(b));
}

/** The default index name, as mongod derives it: a_1_b_-1. */
export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(direction)}`)
    .join('_');
}

function validateKey(key: unknown): asserts key is Document {
  if (typeof key !== 'object' || key === null || Array.isArray(key) || !Object.keys(key).length) {
    throw new MongoServerError(ErrorCode.CannotCreateIndex, 'Index keys cannot be an empty object');
  }
  for (const [field, direction] of Object.entries(key)) {
    if (field.length === 0) {
      throw new MongoServerError(ErrorCode.CannotCreateIndex, 'Index key cannot be empty');
    }
    const numeric = Number(direction);
    const valid =
      typeof direction === 'string' ||
      (direction !== null && typeof direction === 'object' && !Number.isNaN(numeric)) ||
      (typeof direction === 'number' && direction !== 0 && !Number.isNaN(direction));
    if (!valid || numeric === 0) {
      throw new MongoServerError(
        ErrorCode.CannotCreateIndex,
        `Values in the index key pattern must be numbers or strings: ${field}`,
      );
    }
  }
}

/**
 * The spec to store for a new index, or undefined when an identical index exists.
 * Throws IndexKeySpecsConflict (86) / IndexOptionsConflict (85) for conflicting ones.
 */
export function checkNewIndex(entry: CollectionEntry, requested: IndexSpec): IndexSpec | undefined {
  validateKey(requested.key);
  const { v: _v, key, name, ns: _ns, background: _background, ...rest } = requested;
  const spec: IndexSpec = { v: 2, key, name: name || defaultIndexName(key), ...rest };
  const options = optionsKey(spec);
  const idLike = sameKey(spec.key, { _id: 1 });
  if (spec.name === ID_INDEX_NAME && idLike) return undefined;
  if (spec.name === ID_INDEX_NAME) {
    throw new MongoServerError(
      ErrorCode.IndexKeySpecsConflict,
      `An existing index has the same name as the requested index. Requested index: ${spec.name}`,
    );
  }
  if (idLike) {
    throw new MongoServerError(
      ErrorCode.IndexOptionsConflict,
      `Index already exists with a different name: ${ID_INDEX_NAME}`,
    );
  }
  for (const existing of entry.indexes) {
    const keyMatches = sameKey(existing.spec.key, spec.key);
    const optionsMatch = optionsKey(existing.spec).equals(options);
    if (existing.name === spec.name) {
      if (keyMatches && optionsMatch) return undefined;
      if (!keyMatches) {
        throw new MongoServerError(
          ErrorCode.IndexKeySpecsConflict,
          'An existing index has the same name as the requested index. When index names are ' +
            'not specified, they are auto generated and can cause conflicts. Please refer to our ' +
            `documentation. Requested index: ${spec.name}, existing index: ${existing.name}`,
        );
      }
      throw new MongoServerError(
        ErrorCode.IndexOptionsConflict,
        `An equivalent index already exists with the same name but different options. ` +
          `Requested index: ${spec.name}, existing index: ${existing.name}`,
      );
    }
    if (keyMatches) {
      throw new MongoServerError(
        ErrorCode.IndexOptionsConflict,
        optionsMatch
          ? `Index already exists with a different name: ${existing.name}`
          : `An existing index has the same key pattern but different options: ${existing.name}`,
      );
    }
    if (existing.text && spec.key._fts === 'text') {
      throw new MongoServerError(
        ErrorCode.CannotCreateIndex,
        `only one text index per collection allowed, found existing text index "${existing.name}"`,
      );
    }
  }
  return spec;
}
