// Checks MongoDB applies to every document it stores (field names with $ or . are allowed since
// MongoDB 5.0, so only _id is constrained here; the size limit is the caller's).
import type { Document } from 'bson';
import { ErrorCode } from '../errors.js';
import { bsonTypeOf } from './plain.js';
import { queryError } from './queryErrors.js';

export function validateForInsert(doc: Document): void {
  if (!('_id' in doc)) return;
  const id: unknown = doc._id;
  if (Array.isArray(id)) throw queryError(ErrorCode.BadValue, "can't use an array for _id");
  if (id instanceof RegExp || bsonTypeOf(id) === 'BSONRegExp') {
    throw queryError(ErrorCode.BadValue, "can't use a regex for _id");
  }
  if (id === undefined) throw queryError(ErrorCode.BadValue, "can't use a undefined for _id");
}
