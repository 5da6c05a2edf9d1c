// Namespace validation with mongod's rules and error code (InvalidNamespace, 73).
import { ErrorCode, MongoServerError } from '../errors.js';

const INVALID_DB_CHARACTERS = /[/\\. "$\0]/;

export function validateDatabaseName(db: string): void {
  if (db.length === 0 || INVALID_DB_CHARACTERS.test(db) || db.length >= 64) {
    throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid database name: '${db}'`);
  }
}

export function validateCollectionName(db: string, name: string): void {
  validateDatabaseName(db);
  if (name.length === 0) {
    throw new MongoServerError(ErrorCode.InvalidNamespace, 'Invalid empty namespace specified');
  }
  if (name.includes('$') || name.includes('\0') || name.startsWith('.')) {
    throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid collection name: ${name}`);
  }
}
