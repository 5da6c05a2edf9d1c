// Collection validators: a query filter ($jsonSchema, other operators, or both) every inserted
// or updated document must match, with MongoDB's validationLevel (strict, moderate: updates of
// documents that did not match are let through, off) and validationAction (error: code 121 with
// errInfo.details as MongoDB 5+ gives them; warn: logged, written anyway).
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import type { EngineLog } from '../log.js';
import { compileFilter } from '../query/index.js';
import { compileJsonSchema } from '../query/json-schema.js';
import type { StorageBackend } from '../storage/backend.js';
import { isDocument } from './arguments.js';

/** A collection's validator, compiled; undefined when the collection has none or it is off. */
export interface DocumentValidator {
  /** Throws DocumentValidationFailure; `before` is the document an update started from. */
  check(doc: Document, before?: Document): void;
}

const LEVELS = ['off', 'strict', 'moderate'];
const ACTIONS = ['error', 'warn'];

/** Checks the validation options of create/collMod as MongoDB does, before they are stored. */
export function checkValidationOptions(options: Document): void {
  if (options.validator !== undefined) {
    if (!isDocument(options.validator))
      throw new MongoServerError(ErrorCode.TypeMismatch, "'validator' must be an object");
    compileFilter(options.validator);
  }
  for (const [field, allowed] of [
    ['validationLevel', LEVELS],
    ['validationAction', ACTIONS],
  ] as const) {
    const value: unknown = options[field];
    if (value !== undefined && !allowed.includes(value as string))
      throw new MongoServerError(
        ErrorCode.BadValue,
        `Enumeration value '${String(value)}' for field '${field}' is not a valid value.`,
      );
  }
}

/** Why one top-level clause of a validator failed (MongoDB's per-operator details, briefly). */
function clauseDetails(key: string, value: unknown, doc: Document): Document {
  if (key === '$jsonSchema')
    return {
      operatorName: '$jsonSchema',
      schemaRulesNotSatisfied: compileJsonSchema(value as Document).failures(doc),
    };
  const operators = isDocument(value) ? Object.keys(value).filter((k) => k.startsWith('$')) : [];
  const operatorName = key.startsWith('$') ? key : (operators[0] ?? '$eq');
  const present = key.startsWith('$') || doc[key.split('.')[0] as string] !== undefined;
  return {
    operatorName,
    specifiedAs: { [key]: value },
    reason: present ? 'expression did not match' : 'field was missing',
    ...(present && !key.startsWith('$') && !key.includes('.') ? { consideredValue: doc[key] } : {}),
  };
}

/** errInfo.details: the failing clause, or $and's clausesNotSatisfied when there are several. */
export function validationDetails(validator: Document, doc: Document): Document {
  const clauses = Object.entries(validator);
  if (clauses.length === 1) {
    const [key, value] = clauses[0] as [string, unknown];
    return clauseDetails(key, value, doc);
  }
  const failing = clauses
    .map(([key, value], index) => ({ key, value, index }))
    .filter(({ key, value }) => !compileFilter({ [key]: value })(doc));
  return {
    operatorName: '$and',
    clausesNotSatisfied: failing.map(({ key, value, index }) => ({
      index,
      details: clauseDetails(key, value, doc),
    })),
  };
}

export function validatorFor(
  storage: StorageBackend,
  db: string,
  collection: string,
  bypass: boolean,
  log?: EngineLog,
): DocumentValidator | undefined {
  if (bypass) return undefined;
  const options = storage.listCollections(db).find((entry) => entry.name === collection)?.options;
  const validator = options?.validator as Document | undefined;
  if (!validator || Object.keys(validator).length === 0 || options?.validationLevel === 'off')
    return undefined;
  const matches = compileFilter(validator);
  const moderate = options?.validationLevel === 'moderate';
  const warnOnly = options?.validationAction === 'warn';
  return {
    check(doc: Document, before?: Document): void {
      if (matches(doc)) return;
      if (moderate && before && !matches(before)) return;
      const errInfo = { failingDocumentId: doc._id, details: validationDetails(validator, doc) };
      if (warnOnly) {
        log?.write('warn', {
          c: 'STORAGE',
          id: 20294,
          ctx: 'conn',
          msg: 'Document would fail validation',
          attr: { namespace: `${db}.${collection}`, document: { _id: doc._id }, errInfo },
        });
        return;
      }
      throw new MongoServerError(
        ErrorCode.DocumentValidationFailure,
        'Document failed validation',
        {
          errInfo,
        },
      );
    },
  };
}
