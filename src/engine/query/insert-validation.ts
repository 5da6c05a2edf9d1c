// Checks MongoDB applies to every document it stores (field names with $ or . are allowed since
// MongoDB 5.0, so only _id is constrained here; the size limit is the caller's).
import type { Document } from 'bson';
import { ErrorCode } from '../errors.js';
import { bsonTypeOf, isPlainObject } from './plain.js';
import { queryError } from './query-errors.js';

export function validateForInsert(doc: Document): void {
  if (!('_id' in doc)) return;
  const id: unknown = doc._id;
  if (Array.isArray(id)) throw queryError(ErrorCode.BadValue, "can't use an array for _id");
  if (id instanceof RegExp || bsonTypeOf(id) === 'BSONRegExp') {
    throw queryError(ErrorCode.BadValue, "can't use a regex for _id");
  }
  if (id === undefined) throw queryError(ErrorCode.BadValue, "can't use a undefined for _id");
  if (isPlainObject(id)) rejectDollarFields(id);
}

/** _id (at any depth) may not hold $-prefixed field names, unlike the rest of a document. */
function rejectDollarFields(value: Document): void {
  for (const [field, nested] of Object.entries(value)) {
    if (field.startsWith('$')) {
      throw queryError(
        ErrorCode.DollarPrefixedFieldName,
        `_id fields may not contain '$'-prefixed fields: ${field} is not valid for storage.`,
      );
    }
    if (isPlainObject(nested)) rejectDollarFields(nested);
  }
}
