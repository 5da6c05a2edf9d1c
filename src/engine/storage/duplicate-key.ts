// The E11000 error exactly as mongod words it, with keyPattern/keyValue for drivers and Mongoose.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { toMatchable } from './partial-filter.js';

/** Renders a value the way mongod prints it in error messages. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : `[ ${value.map(formatValue).join(', ')} ]`;
  }
  const typed = value as { _bsontype?: string; toHexString?: () => string };
  switch (typed._bsontype) {
    case 'ObjectId':
      return `ObjectId('${(typed.toHexString as () => string).call(value)}')`;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
    case 'Timestamp':
    case 'BSONRegExp':
    case 'Binary':
    case 'BSONSymbol':
      return String(value.toString());
    case undefined: {
      const entries = Object.entries(value);
      if (entries.length === 0) return '{}';
      return `{ ${entries.map(([k, v]) => `${k}: ${formatValue(v)}`).join(', ')} }`;
    }
    default:
      return String(value);
  }
}

export function duplicateKeyError(
  namespace: string,
  indexName: string,
  keyPattern: Document,
  values: unknown[],
): MongoServerError {
  const fields = Object.keys(keyPattern);
  const keyValue: Document = {};
  fields.forEach((field, i) => {
    keyValue[field] = values[i] ?? null;
  });
  const rendered = fields.map((field) => `${field}: ${formatValue(keyValue[field])}`).join(', ');
  return new MongoServerError(
    ErrorCode.DuplicateKey,
    `E11000 duplicate key error collection: ${namespace} index: ${indexName} dup key: { ${rendered} }`,
    { keyPattern: toMatchable(keyPattern) as Document, keyValue },
  );
}
