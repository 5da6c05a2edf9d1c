// "Evaluating Matches" from the unified test format: expected values are partial patterns that may
// contain `$$` operators; root-level documents may carry extra keys, nested ones may not.
import { Binary, EJSON } from 'bson';
import {
  bsonTypeOf,
  describe,
  type Document,
  isDocument,
  numberLessOrEqual,
  numbersEqual,
  numericValue,
  specialOperatorOf,
  RunnerError,
} from './values.js';

/** What the `$$matchesEntity` and `$$sessionLsid` operators need from the entity map. */
export interface MatchEntities {
  valueEntity(name: string): unknown;
  sessionLsid(name: string): Document;
}

export interface Mismatch {
  path: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
}

export function formatMismatch(mismatch: Mismatch): string {
  const where = mismatch.path === '' ? '(root)' : mismatch.path;
  const detail =
    'expected' in mismatch || 'actual' in mismatch
      ? ` (expected ${describe(mismatch.expected)}, actual ${describe(mismatch.actual)})`
      : '';
  return `at ${where}: ${mismatch.message}${detail}`;
}

/**
 * Matches an operation result. When the operation returns an iterable of documents (find,
 * aggregate, listIndexes...), each element of the expected array is itself a root-level document.
 */
export function matchResult(
  expected: unknown,
  actual: unknown,
  entities: MatchEntities,
  resultIsDocumentList: boolean,
): Mismatch | undefined {
  if (resultIsDocumentList && Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path: '', message: 'not an array', expected, actual };
    if (actual.length !== expected.length) {
      return {
        path: '',
        message: `expected ${expected.length} documents, got ${actual.length}`,
        expected,
        actual,
      };
    }
    for (const [index, element] of expected.entries()) {
      const mismatch = matchValue(element, actual[index], entities, `[${index}]`, true);
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  return matchValue(expected, actual, entities, '', true);
}

/** `actual === undefined` means the value is absent (a missing key or no result at all). */
export function matchValue(
  expected: unknown,
  actual: unknown,
  entities: MatchEntities,
  path: string,
  isRoot: boolean,
): Mismatch | undefined {
  actual = mapsAsDocuments(actual);
  const operator = specialOperatorOf(expected);
  if (operator)
    return applyOperator(operator.name, operator.argument, actual, entities, path, isRoot);

  if (isDocument(expected)) {
    if (!isDocument(actual)) return { path, message: 'not a document', expected, actual };
    for (const [key, expectedValue] of Object.entries(expected)) {
      const keyPath = path === '' ? key : `${path}.${key}`;
      const actualValue = Object.hasOwn(actual, key) ? actual[key] : undefined;
      if (actualValue === undefined && specialOperatorOf(expectedValue) === undefined) {
        return { path: keyPath, message: 'key is missing', expected: expectedValue };
      }
      const mismatch = matchValue(expectedValue, actualValue, entities, keyPath, false);
      if (mismatch) return mismatch;
    }
    if (!isRoot) {
      const extra = Object.keys(actual).filter(
        (key) => !Object.hasOwn(expected, key) && actual[key] !== undefined,
      );
      if (extra.length > 0) {
        return { path, message: `unexpected extra keys ${extra.join(', ')}`, expected, actual };
      }
    }
    return undefined;
  }

  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, message: 'not an array', expected, actual };
    if (actual.length !== expected.length) {
      return {
        path,
        message: `array length ${actual.length} != ${expected.length}`,
        expected,
        actual,
      };
    }
    for (const [index, element] of expected.entries()) {
      const mismatch = matchValue(element, actual[index], entities, `${path}[${index}]`, false);
      if (mismatch) return mismatch;
    }
    return undefined;
  }

  if (actual === undefined) return { path, message: 'value is missing', expected };
  return scalarsEqual(expected, actual)
    ? undefined
    : { path, message: 'values differ', expected, actual };
}

/** The driver builds some command fields (e.g. `sort`) as Maps; they are documents on the wire. */
function mapsAsDocuments(value: unknown): unknown {
  return value instanceof Map ? Object.fromEntries(value) : value;
}

/** Exact equality for scalars, except that int, long and double compare by numeric value. */
export function scalarsEqual(expected: unknown, actual: unknown): boolean {
  const expectedNumber = numericValue(expected);
  const actualNumber = numericValue(actual);
  if (expectedNumber !== undefined || actualNumber !== undefined) {
    return (
      expectedNumber !== undefined &&
      actualNumber !== undefined &&
      numbersEqual(expectedNumber, actualNumber)
    );
  }
  if (expected === null || actual === null) return expected === actual;
  if (typeof expected !== 'object' || typeof actual !== 'object') return expected === actual;
  // Both are BSON values (ObjectId, Binary, Date, Decimal128, Timestamp, regex...): compare their
  // canonical Extended JSON, which encodes both type and value.
  return canonical(expected) === canonical(actual);
}

function canonical(value: unknown): string {
  return EJSON.stringify({ v: value }, { relaxed: false });
}

function applyOperator(
  name: string,
  argument: unknown,
  actual: unknown,
  entities: MatchEntities,
  path: string,
  isRoot: boolean,
): Mismatch | undefined {
  switch (name) {
    case '$$exists': {
      const present = actual !== undefined;
      if (present === Boolean(argument)) return undefined;
      return present
        ? { path, message: 'key should be absent', actual }
        : { path, message: 'key is missing (expected by $$exists)' };
    }
    case '$$type': {
      if (actual === undefined) return { path, message: 'value is missing', expected: argument };
      const wanted = Array.isArray(argument) ? argument : [argument];
      const actualTypes = typeNamesOf(actual);
      if (wanted.some((type) => typeof type === 'string' && actualTypes.includes(type))) {
        return undefined;
      }
      return {
        path,
        message: `type is ${actualTypes.join('/')}, wanted ${wanted.join(' or ')}`,
        actual,
      };
    }
    case '$$unsetOrMatches':
      if (actual === undefined) return undefined;
      return matchValue(argument, actual, entities, path, isRoot);
    case '$$matchesEntity':
      if (typeof argument !== 'string')
        throw new RunnerError('$$matchesEntity needs an entity name');
      return matchValue(entities.valueEntity(argument), actual, entities, path, isRoot);
    case '$$matchesHexBytes':
      return matchHexBytes(argument, actual, path);
    case '$$sessionLsid': {
      if (typeof argument !== 'string') throw new RunnerError('$$sessionLsid needs a session name');
      const lsid = entities.sessionLsid(argument);
      if (actual === undefined) return { path, message: 'lsid is missing', expected: lsid };
      return matchValue(lsid, actual, entities, path, false);
    }
    case '$$lte': {
      const limit = numericValue(argument);
      const value = numericValue(actual);
      if (limit === undefined) throw new RunnerError('$$lte needs a number');
      if (value !== undefined && numberLessOrEqual(value, limit)) return undefined;
      return { path, message: `not <= ${describe(argument)}`, actual };
    }
    case '$$matchAsDocument': {
      if (typeof actual !== 'string') {
        return { path, message: 'expected an Extended JSON string', actual };
      }
      const parsed: unknown = EJSON.parse(actual, { relaxed: false });
      return matchValue(argument, parsed, entities, path, false);
    }
    case '$$matchAsRoot':
      return matchValue(argument, actual, entities, path, true);
    default:
      throw new RunnerError(`unsupported special operator ${name}`);
  }
}

function matchHexBytes(argument: unknown, actual: unknown, path: string): Mismatch | undefined {
  if (typeof argument !== 'string' || !/^([0-9a-f]{2})*$/i.test(argument)) {
    throw new RunnerError(`malformed $$matchesHexBytes argument ${describe(argument)}`);
  }
  let actualHex: string | undefined;
  if (typeof actual === 'string') actualHex = Buffer.from(actual, 'latin1').toString('hex');
  else if (actual instanceof Uint8Array) actualHex = Buffer.from(actual).toString('hex');
  else if (actual instanceof Binary) actualHex = Buffer.from(actual.buffer).toString('hex');
  if (actualHex === argument.toLowerCase()) return undefined;
  return { path, message: 'bytes differ', expected: argument, actual: actualHex ?? actual };
}

/**
 * The `$type` alias names an actual value satisfies. The driver decodes int32, int64 and double all
 * to JS numbers, so an integral number satisfies any of the three.
 */
function typeNamesOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (typeof value === 'number') {
    return Number.isInteger(value) ? ['int', 'long', 'double', 'number'] : ['double', 'number'];
  }
  if (typeof value === 'bigint') return ['long', 'number'];
  if (typeof value === 'string') return ['string'];
  if (typeof value === 'boolean') return ['bool'];
  if (Array.isArray(value)) return ['array'];
  if (value instanceof Date) return ['date'];
  if (value instanceof RegExp) return ['regex'];
  if (value instanceof Uint8Array) return ['binData'];
  const bsonType = bsonTypeOf(value);
  switch (bsonType) {
    case undefined:
      return ['object'];
    case 'Int32':
      return ['int', 'number'];
    case 'Long':
      return ['long', 'number'];
    case 'Double':
      return ['double', 'number'];
    case 'Decimal128':
      return ['decimal', 'number'];
    case 'ObjectId':
      return ['objectId'];
    case 'Binary':
      return ['binData'];
    case 'Timestamp':
      return ['timestamp'];
    case 'BSONRegExp':
      return ['regex'];
    case 'Code':
      return (value as { scope?: unknown }).scope ? ['javascriptWithScope'] : ['javascript'];
    case 'BSONSymbol':
      return ['symbol'];
    case 'DBRef':
      return ['object'];
    case 'MinKey':
      return ['minKey'];
    case 'MaxKey':
      return ['maxKey'];
    default:
      return [bsonType];
  }
}

/**
 * Collection outcomes must match exactly: no operators, no extra keys at any level, arrays of the
 * same length; key order and the int/long/double distinction are not checked.
 */
export function matchExactly(
  expected: unknown,
  actual: unknown,
  path: string,
): Mismatch | undefined {
  actual = mapsAsDocuments(actual);
  if (isDocument(expected)) {
    if (!isDocument(actual)) return { path, message: 'not a document', expected, actual };
    const expectedKeys = Object.keys(expected);
    const actualKeys = Object.keys(actual).filter((key) => actual[key] !== undefined);
    for (const key of expectedKeys) {
      const keyPath = path === '' ? key : `${path}.${key}`;
      if (!Object.hasOwn(actual, key)) {
        return { path: keyPath, message: 'key is missing', expected: expected[key] };
      }
      const mismatch = matchExactly(expected[key], actual[key], keyPath);
      if (mismatch) return mismatch;
    }
    const extra = actualKeys.filter((key) => !Object.hasOwn(expected, key));
    if (extra.length > 0) {
      return { path, message: `unexpected extra keys ${extra.join(', ')}`, expected, actual };
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, message: 'not an array', expected, actual };
    if (actual.length !== expected.length) {
      return {
        path,
        message: `array length ${actual.length} != ${expected.length}`,
        expected,
        actual,
      };
    }
    for (const [index, element] of expected.entries()) {
      const mismatch = matchExactly(element, actual[index], `${path}[${index}]`);
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  return scalarsEqual(expected, actual)
    ? undefined
    : { path, message: 'values differ', expected, actual };
}
