// Reading command values: commands arrive decoded "typed", so numbers may be bson wrappers.
// Declared fields are checked by parameters.ts; these are the primitives it and handlers share.
import { Decimal128, Double, Int32, Long, type Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';

export function isDocument(value: unknown): value is Document {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Decimal128) return Number(value.toString());
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** MongoDB's error for a required field that is absent (e.g. 'update.updates.u'). */
export function missingField(path: string): MongoServerError {
  return new MongoServerError(
    ErrorCode.Location40414,
    `BSON field '${path}' is missing but a required field`,
  );
}
