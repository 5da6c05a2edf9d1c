// Reading command arguments: commands arrive decoded "typed", so numbers may be bson wrappers.
// These helpers turn them into JS values and reject wrong types with MongoDB's error shapes.
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

function typeError(command: string, field: string, expected: string): MongoServerError {
  return new MongoServerError(
    ErrorCode.TypeMismatch,
    `BSON field '${command}.${field}' is the wrong type, expected type '${expected}'`,
  );
}

/** An optional integer argument (limit, skip, batchSize...). */
export function optionalInteger(
  command: Document,
  field: string,
  commandName: string,
): number | undefined {
  const raw = command[field];
  if (raw === undefined || raw === null) return undefined;
  const value = asNumber(raw);
  if (value === undefined || Number.isNaN(value)) throw typeError(commandName, field, 'long');
  return Math.trunc(value);
}

export function optionalBoolean(
  command: Document,
  field: string,
  commandName: string,
): boolean | undefined {
  const raw = command[field];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'boolean') return raw;
  const value = asNumber(raw);
  if (value !== undefined) return value !== 0;
  throw typeError(commandName, field, 'bool');
}

export function optionalDocument(
  command: Document,
  field: string,
  commandName: string,
): Document | undefined {
  const raw = command[field];
  if (raw === undefined || raw === null) return undefined;
  if (!isDocument(raw)) throw typeError(commandName, field, 'object');
  return raw;
}

export function requiredArray(command: Document, field: string, commandName: string): unknown[] {
  const raw = command[field];
  if (raw === undefined) throw missingField(`${commandName}.${field}`);
  if (!Array.isArray(raw)) throw typeError(commandName, field, 'array');
  return raw;
}

/** The collection a command names as its first field's value. */
export function collectionName(command: Document, commandName: string): string {
  const raw = command[commandName];
  if (typeof raw !== 'string') {
    throw new MongoServerError(
      ErrorCode.InvalidNamespace,
      `collection name has invalid type ${raw === null ? 'null' : typeof raw}`,
    );
  }
  if (raw.length === 0)
    throw new MongoServerError(ErrorCode.InvalidNamespace, 'Invalid namespace specified');
  return raw;
}

/** MongoDB's error for a required field that is absent (e.g. 'update.updates.u'). */
export function missingField(path: string): MongoServerError {
  return new MongoServerError(
    ErrorCode.Location40414,
    `BSON field '${path}' is missing but a required field`,
  );
}
