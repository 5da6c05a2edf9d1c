// Reading command values: commands arrive decoded "typed", so numbers may be bson wrappers.
// Declared fields are checked by parameters.ts; these are the primitives it and handlers share.
import { Decimal128, Double, Int32, Long, type Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { extractFields, optional, required, type FieldType } from './parameters.js';

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

// Hand checks for handlers not yet declared (see parameters.ts, which declared ones use), with
// the same codes and wording.
function optionalField(
  command: Document,
  field: string,
  commandName: string,
  type: FieldType,
): unknown {
  const value: unknown = command[field];
  if (value === undefined || value === null) return undefined;
  return extractFields({ [field]: value }, { [field]: optional(type) }, commandName, {
    strict: false,
  })[field];
}

export const optionalInteger = (command: Document, field: string, commandName: string) =>
  optionalField(command, field, commandName, 'integer') as number | undefined;
export const optionalBoolean = (command: Document, field: string, commandName: string) =>
  optionalField(command, field, commandName, 'bool') as boolean | undefined;
export const optionalDocument = (command: Document, field: string, commandName: string) =>
  optionalField(command, field, commandName, 'object') as Document | undefined;

export function requiredArray(command: Document, field: string, commandName: string): unknown[] {
  if (command[field] === undefined) throw missingField(`${commandName}.${field}`);
  return extractFields({ [field]: command[field] }, { [field]: required('array') }, commandName, {
    strict: false,
  })[field] as unknown[];
}

export function collectionName(command: Document, commandName: string): string {
  return extractFields(
    { [commandName]: command[commandName] },
    { [commandName]: required('collection') },
    commandName,
    { strict: false },
  )[commandName] as string;
}
