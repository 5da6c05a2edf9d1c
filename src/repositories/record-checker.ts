// A fast way to check a record with its schema, for imports: the schema's own SchemaTypes
// cast (with their setters: trim, lowercase...), fill defaults and validate every path, as a
// Mongoose document does, without building a document, which costs ~30 µs a row.
//
// It only ever accepts. A cast or validation problem, or a shape it does not handle (a
// scalar where a nested object or an array belongs, a virtual, a schema type it does not
// know), gives undefined, and the caller checks the record with a document instead, whose
// verdict and messages are the authority. It validates every path, a superset of what a
// document validates, so it never accepts a record a document would refuse.
// test/repositories/record-checker.test.ts holds its records equal to the document's.
import type { Schema, SchemaType } from 'mongoose';

/** One of a SchemaType's validators, as Mongoose keeps them (internal). */
interface PathValidator {
  validator?: unknown;
  type?: string;
  propsParameter?: boolean;
}

/**
 * A Mongoose SchemaType with the internals used here, which Mongoose has but does not type
 * (applySetters, getDefault, the array flags, the validators' own fields).
 */
type SchemaPathType = Omit<SchemaType, 'validators'> & {
  validators: PathValidator[];
  defaultValue?: unknown;
  embeddedSchemaType?: SchemaPathType;
  $isMongooseArray?: boolean;
  $isMongooseDocumentArray?: boolean;
  $isSingleNested?: boolean;
  applySetters(value: unknown, scope: null): unknown;
  getDefault(scope: null, init?: boolean, options?: { skipCast?: boolean }): unknown;
};

/** The kinds of leaf this checker casts itself; any other type means a document does it. */
const LEAF_TYPES = new Set(['String', 'Number', 'Date', 'Boolean', 'ObjectId', 'ObjectID']);

type CheckedPath =
  | { kind: 'leaf'; path: string; pieces: string[]; type: SchemaPathType }
  | { kind: 'values'; path: string; pieces: string[]; type: SchemaPathType; item: SchemaPathType }
  | { kind: 'records'; path: string; pieces: string[]; type: SchemaPathType; item: RecordChecker }
  | { kind: 'record'; path: string; pieces: string[]; type: SchemaPathType; item: RecordChecker };

// Returned (never thrown) when a value cannot be checked here.
const UNCHECKED = Symbol('unchecked');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function valueAt(source: Record<string, unknown>, pieces: readonly string[]): unknown {
  let current: unknown = source;
  for (const piece of pieces) {
    if (!isPlainObject(current)) return undefined;
    current = current[piece];
  }
  return current;
}

function setValueAt(
  target: Record<string, unknown>,
  pieces: readonly string[],
  value: unknown,
): void {
  let current = target;
  for (const piece of pieces.slice(0, -1)) {
    const next = current[piece];
    if (isPlainObject(next)) current = next;
    else current = current[piece] = {};
  }
  current[pieces[pieces.length - 1] as string] = value;
}

/**
 * Whether `value` passes the path's validators, run as SchemaType.doValidateSync runs them
 * (a missing value meets only `required`), but without copying each validator's properties
 * for an error message: any failure sends the record to a document, which makes the
 * messages. A validator that is async, or answers with a promise, is left to a document.
 */
function passes(type: SchemaPathType, value: unknown, path: string): boolean {
  let validators = type.validators;
  if (value === undefined) {
    const first = validators[0];
    if (first?.type !== 'required') return true;
    validators = [first];
  }
  for (const entry of validators) {
    if (typeof entry !== 'object' || entry === null) continue;
    const validator = entry.validator;
    if (validator instanceof RegExp) {
      validator.lastIndex = 0;
      if (!validator.test(String(value))) return false;
      continue;
    }
    if (typeof validator !== 'function') continue;
    if (validator.constructor.name === 'AsyncFunction') return false;
    let ok: unknown;
    try {
      ok = entry.propsParameter
        ? (validator as (v: unknown, props: object) => unknown).call(null, value, {
            ...entry,
            path,
            value,
          })
        : (validator as (v: unknown) => unknown).call(null, value);
    } catch {
      return false;
    }
    if (typeof (ok as { then?: unknown } | null)?.then === 'function') return false;
    if (ok !== undefined && !ok) return false;
  }
  return true;
}

export class RecordChecker {
  private readonly paths: CheckedPath[] = [];
  /** False when the schema has a path of a type this checker leaves to documents. */
  private readonly supported: boolean;

  constructor(private readonly schema: Schema) {
    let supported = true;
    schema.eachPath((path, schemaType) => {
      const type = schemaType as SchemaPathType;
      const pieces = path.split('.');
      if (type.$isMongooseDocumentArray && type.schema) {
        const item = new RecordChecker(type.schema);
        supported &&= item.supported;
        this.paths.push({ kind: 'records', path, pieces, type, item });
      } else if (type.$isSingleNested && type.schema) {
        // A single subdocument (an application's offer): its own schema checks it.
        const item = new RecordChecker(type.schema);
        supported &&= item.supported;
        this.paths.push({ kind: 'record', path, pieces, type, item });
      } else if (type.$isMongooseArray && type.embeddedSchemaType) {
        supported &&= LEAF_TYPES.has(type.embeddedSchemaType.instance);
        this.paths.push({ kind: 'values', path, pieces, type, item: type.embeddedSchemaType });
      } else {
        supported &&= LEAF_TYPES.has(type.instance);
        this.paths.push({ kind: 'leaf', path, pieces, type });
      }
    });
    this.supported = supported;
  }

  /**
   * The record cast, with defaults, and valid; undefined when a document must decide.
   * `overrides` are top-level schema paths given apart (saves copying the fields).
   */
  check(
    fields: Record<string, unknown>,
    overrides: Record<string, unknown> = {},
  ): Record<string, unknown> | undefined {
    if (!this.supported || !this.shapeFits(fields, '')) return undefined;
    try {
      const record: Record<string, unknown> = {};
      for (const entry of this.paths) {
        const given =
          entry.pieces.length === 1 && Object.hasOwn(overrides, entry.path)
            ? overrides[entry.path]
            : valueAt(fields, entry.pieces);
        const value = this.castPath(entry, given);
        if (value === UNCHECKED) return undefined;
        if (!passes(entry.type, value, entry.path)) return undefined;
        if (value !== undefined) setValueAt(record, entry.pieces, value);
      }
      return record;
    } catch {
      // A cast error: the document reports it.
      return undefined;
    }
  }

  /**
   * True when every given key is a path this checker reads as a document would: a schema
   * path, a nested object under a nested path, or a key outside the schema (which strict
   * mode drops). A scalar given for a nested path, or a virtual, is left to documents.
   */
  private shapeFits(fields: Record<string, unknown>, prefix: string): boolean {
    for (const key in fields) {
      const value = fields[key];
      const path = prefix + key;
      const pathType = this.schema.pathType(path);
      if (pathType === 'nested') {
        if (value === undefined) continue;
        if (!isPlainObject(value) || !this.shapeFits(value, `${path}.`)) return false;
      } else if (pathType !== 'real' && pathType !== 'adhocOrUndefined') return false;
    }
    return true;
  }

  private castPath(entry: CheckedPath, given: unknown): unknown {
    if (entry.kind === 'record') return this.castRecord(entry, given);
    if (given === undefined) {
      if (entry.type.defaultValue === undefined) return undefined;
      if (entry.kind === 'leaf') return entry.type.getDefault(null);
      // An array's default uncast (a copy), then cast as a given array is.
      return this.castArray(entry, entry.type.getDefault(null, false, { skipCast: true }));
    }
    return entry.kind === 'leaf'
      ? entry.type.applySetters(given, null)
      : this.castArray(entry, given);
  }

  /** A single subdocument: absent stays absent; anything but a plain object goes to a document. */
  private castRecord(entry: CheckedPath & { kind: 'record' }, given: unknown): unknown {
    if (given === undefined && entry.type.defaultValue === undefined) return undefined;
    if (!isPlainObject(given)) return UNCHECKED;
    return entry.item.check(given) ?? UNCHECKED;
  }

  private castArray(entry: CheckedPath, given: unknown): unknown {
    // A scalar is wrapped, and null kept, by documents: rare enough to leave to them.
    if (!Array.isArray(given)) return UNCHECKED;
    const items: unknown[] = [];
    for (const [index, item] of given.entries()) {
      let value: unknown;
      if (entry.kind === 'records') {
        value = isPlainObject(item) ? entry.item.check(item) : undefined;
        if (value === undefined) return UNCHECKED;
      } else if (entry.kind === 'values') {
        value = entry.item.applySetters(item, null);
        if (!passes(entry.item, value, `${entry.path}.${index}`)) return UNCHECKED;
      }
      items.push(value);
    }
    return items;
  }
}

const checkers = new WeakMap<Schema, RecordChecker>();

/** The checker of `schema`, built once. */
export function recordCheckerFor(schema: Schema): RecordChecker {
  let checker = checkers.get(schema);
  if (!checker) {
    checker = new RecordChecker(schema);
    checkers.set(schema, checker);
  }
  return checker;
}
