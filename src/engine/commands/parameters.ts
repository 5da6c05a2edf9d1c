// Declared command parameters, as FerretDB and mongod's IDL do: each command lists its fields
// (BSON types, required or not, ignored, not implemented) and one extractor checks a command
// against the list with MongoDB's codes and wording. The handler gets a typed options object.
import { Long, type Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { asNumber, isDocument, missingField } from './arguments.js';
import { bsonTypeName } from './bson-type-name.js';

/** What a declared field may hold, and what the handler then gets (see ValueOf). */
export type FieldType =
  'object' | 'array' | 'string' | 'bool' | 'integer' | 'number' | 'collection' | 'cursorId' | 'any';

interface ValueTypes {
  object: Document;
  array: unknown[];
  string: string;
  /** Numbers count too (0 is false), as mongod's safeBool. */
  bool: boolean;
  /** Any BSON number, truncated to an integer (mongod's safeInt64). */
  integer: number;
  number: number;
  /** A non-empty string naming a collection (the command's own field, usually). */
  collection: string;
  cursorId: Long;
  any: unknown;
}

export interface TypedField<T extends FieldType = FieldType, R extends boolean = boolean> {
  readonly kind: 'typed';
  readonly types: readonly T[];
  readonly required: R;
}
/** Accepted and not read: real mongod takes it, and it changes nothing here. */
export interface IgnoredField {
  readonly kind: 'ignored';
}
/** Known to MongoDB but not done here: refused with NotImplemented unless false or null. */
export interface UnimplementedField {
  readonly kind: 'notImplemented';
}
export type Field = TypedField | IgnoredField | UnimplementedField;
export type Fields = Readonly<Record<string, Field>>;

export function optional<const T extends FieldType>(...types: T[]): TypedField<T, false> {
  return { kind: 'typed', types, required: false };
}
export function required<const T extends FieldType>(...types: T[]): TypedField<T, true> {
  return { kind: 'typed', types, required: true };
}
export const IGNORED: IgnoredField = { kind: 'ignored' };
export const NOT_IMPLEMENTED: UnimplementedField = { kind: 'notImplemented' };

/** The options object a field table gives: each typed field, undefined when optional and absent. */
export type ArgumentsOf<F extends Fields> = {
  -readonly [K in keyof F as F[K] extends TypedField ? K : never]: F[K] extends TypedField<
    infer T,
    infer R
  >
    ? R extends true
      ? ValueTypes[T]
      : ValueTypes[T] | undefined
    : never;
};

export interface ExtractOptions {
  /** Fields not declared are refused (40415), as by mongod's strict IDL commands. */
  readonly strict: boolean;
  /** Fields every command takes (generic-fields.ts); only for a command's top level. */
  readonly generic?: Fields;
  /** Fields that arrived as OP_MSG document sequences: arrays, decoded only when read. */
  readonly sequences?: ReadonlySet<string>;
  /** The command's own field: its name as sent (maybe an alias: findandmodify) and declared. */
  readonly commandField?: { sent: string; declared: string };
}

const INTEGER_TYPES = '[long, int, decimal, double]';

function expectedTypes(types: readonly FieldType[]): string {
  const names = types.map((type) =>
    type === 'integer' || type === 'number' ? INTEGER_TYPES.slice(1, -1) : type,
  );
  const single = types.length === 1 && names[0] !== undefined && !names[0].includes(',');
  return single ? `type '${names[0]}'` : `types '[${names.join(', ')}]'`;
}

export function wrongType(
  path: string,
  value: unknown,
  types: readonly FieldType[],
): MongoServerError {
  return new MongoServerError(
    ErrorCode.TypeMismatch,
    `BSON field '${path}' is the wrong type '${bsonTypeName(value)}', expected ${expectedTypes(types)}`,
  );
}

const NO_MATCH = Symbol('no match');

function convert(type: FieldType, value: unknown): unknown {
  switch (type) {
    case 'object':
      return isDocument(value) ? value : NO_MATCH;
    case 'array':
      return Array.isArray(value) ? value : NO_MATCH;
    case 'string':
      return typeof value === 'string' ? value : NO_MATCH;
    case 'bool': {
      if (typeof value === 'boolean') return value;
      const number = asNumber(value);
      return number === undefined ? NO_MATCH : number !== 0;
    }
    case 'integer':
    case 'number': {
      const number = asNumber(value);
      if (number === undefined || Number.isNaN(number)) return NO_MATCH;
      return type === 'integer' ? Math.trunc(number) : number;
    }
    case 'cursorId': {
      if (value instanceof Long) return value;
      const number = asNumber(value);
      return number === undefined ? NO_MATCH : Long.fromNumber(number);
    }
    case 'collection':
    case 'any':
      return value;
  }
}

/** The collection a command names: MongoDB answers InvalidNamespace, not TypeMismatch. */
function collectionNameOf(raw: unknown): string {
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

function typedValue(field: TypedField, value: unknown, path: string): unknown {
  if (field.types.includes('collection')) return collectionNameOf(value);
  // An optional field sent as null is taken as absent (drivers send null for "not set").
  if (value === null && !field.required && !field.types.includes('any')) return undefined;
  for (const type of field.types) {
    const converted = convert(type, value);
    if (converted !== NO_MATCH) return converted;
  }
  throw wrongType(path, value, field.types);
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === false;
}

/**
 * Checks `doc` against `fields` in document order (the first bad field is the one reported, as
 * by mongod), then that every required field is there. `path` prefixes field names in errors
 * ('find', 'update.updates').
 */
export function extractFields<F extends Fields>(
  doc: Document,
  fields: F,
  path: string,
  options: ExtractOptions,
): ArgumentsOf<F> {
  const args: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const sent of Object.keys(doc)) {
    const key = sent === options.commandField?.sent ? options.commandField.declared : sent;
    const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (field === undefined) {
      if (key === options.commandField?.declared) continue;
      if (options.generic && Object.hasOwn(options.generic, key)) continue;
      if (options.strict) {
        throw new MongoServerError(
          ErrorCode.UnknownBsonField,
          `BSON field '${path}.${key}' is an unknown field.`,
        );
      }
      continue;
    }
    seen.add(key);
    if (field.kind === 'ignored') continue;
    if (options.sequences?.has(sent)) {
      // Read only if the handler reads it: an insert may store the bytes undecoded.
      Object.defineProperty(args, key, { enumerable: true, get: () => doc[sent] as unknown });
      continue;
    }
    const value: unknown = doc[sent];
    if (field.kind === 'notImplemented') {
      if (isUnset(value)) continue;
      throw new MongoServerError(
        ErrorCode.NotImplemented,
        `BSON field '${path}.${key}' is not implemented by the embedded engine`,
      );
    }
    args[key] = typedValue(field, value, `${path}.${key}`);
  }
  for (const [key, field] of Object.entries(fields)) {
    if (field.kind === 'typed' && field.required && !seen.has(key)) {
      throw missingField(`${path}.${key}`);
    }
  }
  return args as ArgumentsOf<F>;
}

/** Only the unknown-field check of extractFields (for a batch checked before it runs). */
export function rejectUnknownFields(doc: unknown, fields: Fields, path: string): void {
  if (!isDocument(doc)) return;
  for (const key of Object.keys(doc)) {
    if (!Object.hasOwn(fields, key)) {
      throw new MongoServerError(
        ErrorCode.UnknownBsonField,
        `BSON field '${path}.${key}' is an unknown field.`,
      );
    }
  }
}
