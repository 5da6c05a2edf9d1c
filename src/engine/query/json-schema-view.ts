// The view of a typed document that ajv validates: documents, arrays, strings, booleans and null
// as they are, every number (int, long, double, decimal) as a JS number so draft 4's numeric
// keywords apply to all of them, and every other BSON value (ObjectId, Date, Binary...) as an
// opaque symbol that no JSON type, string or object keyword applies to. The keywords that need
// the exact BSON value (bsonType, enum, uniqueItems) find it through originalOf.
import type { DBRef } from 'bson';
import { bsonTypeOf, isPlainObject, numberOf, setField } from './plain.js';

/** View objects and arrays -> the typed values they were made from. */
const originals = new WeakMap<object, unknown>();

const OPAQUE = Symbol('bson value');

/** A DBRef is a document in BSON ({$ref, $id, $db, ...}): seen as one. */
function dbRefDocument(ref: DBRef): Record<string, unknown> {
  return {
    $ref: ref.collection,
    $id: ref.oid,
    ...(ref.db ? { $db: ref.db } : {}),
    ...(ref.fields as Record<string, unknown>),
  };
}

export function schemaViewOf(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) {
    const view = value.map(schemaViewOf);
    originals.set(view, value);
    return view;
  }
  switch (bsonTypeOf(value)) {
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return numberOf(value);
    case 'DBRef':
      return schemaViewOf(dbRefDocument(value as DBRef));
    default:
      break;
  }
  if (!isPlainObject(value)) return OPAQUE;
  const view: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) setField(view, key, schemaViewOf(item));
  originals.set(view, value);
  return view;
}

/** Where ajv tells a keyword which value it checks (ajv's DataValidationCxt). */
export interface ValueLocation {
  parentData?: unknown;
  parentDataProperty?: string | number;
  rootData?: unknown;
}

/** The typed value at a location of a view. */
export function originalOf(location: ValueLocation | undefined, viewValue: unknown): unknown {
  if (!location || location.parentData === undefined || location.parentDataProperty === undefined) {
    const root = location?.rootData ?? viewValue;
    return typeof root === 'object' && root !== null ? (originals.get(root) ?? root) : root;
  }
  const parent = originals.get(location.parentData as object) as
    Record<string | number, unknown> | undefined;
  return parent ? parent[location.parentDataProperty] : viewValue;
}
