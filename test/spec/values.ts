// Helpers for the dynamic EJSON values that unified test files and driver results are made of.
import { Double, EJSON, Int32, Long } from 'bson';

export type Document = Record<string, unknown>;

/**
 * A problem in the runner or the test file rather than an error from the driver or the server: it
 * always fails the test, even when the operation was expected to raise an error.
 */
export class RunnerError extends Error {
  override name = 'RunnerError';
}

/** Names BSON value classes report through `_bsontype` (ObjectId, Int32, Binary, ...). */
export function bsonTypeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/** A plain key/value document: not an array, not a BSON value class, not a Date/Buffer/RegExp. */
export function isDocument(value: unknown): value is Document {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value) || bsonTypeOf(value) !== undefined) return false;
  if (value instanceof Date || value instanceof RegExp || value instanceof Uint8Array) return false;
  if (value instanceof Map) return false;
  return true;
}

/** A document whose first and only key starts with `$$` is a special matching operator. */
export function specialOperatorOf(value: unknown): { name: string; argument: unknown } | undefined {
  if (!isDocument(value)) return undefined;
  const keys = Object.keys(value);
  const name = keys[0];
  if (keys.length !== 1 || name === undefined || !name.startsWith('$$')) return undefined;
  return { name, argument: value[name] };
}

/** Int32, Double and Long compare by value (Decimal128 does not, per the spec). */
export function numericValue(value: unknown): number | bigint | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return value;
  if (value instanceof Int32 || value instanceof Double) return value.value;
  if (value instanceof Long) return value.toBigInt();
  // The driver's bson is the CommonJS build, the runner's the ES module one: same types, other
  // classes, so values the driver made (a command's txnNumber) are known by their _bsontype.
  const bsonType = (value as { _bsontype?: unknown } | null)?._bsontype;
  if (bsonType === 'Long') return BigInt(String(value));
  if (bsonType === 'Int32' || bsonType === 'Double') return (value as { value: number }).value;
  return undefined;
}

export function numbersEqual(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b;
  // Mixed bigint/number compare with == is exact in JS for integral numbers.
  return a == b;
}

export function numberLessOrEqual(a: number | bigint, b: number | bigint): boolean {
  return a <= b;
}

/** Reads an integer option (limit, batchSize, ...) whatever numeric type the file gave it. */
export function toNumber(value: unknown, what: string): number {
  const n = numericValue(value);
  if (n === undefined) throw new RunnerError(`${what} must be a number, got ${describe(value)}`);
  return Number(n);
}

/**
 * Files are parsed with `relaxed: false` so `$numberLong` and explicit doubles keep their types;
 * that also wraps every plain JSON number in Int32/Double. Unwrap those back to JS numbers (the
 * driver serializes them identically and checks option types with `typeof`), keeping only Long and
 * integral Double, whose BSON type a plain number would lose.
 */
export function unwrapPlainNumbers(value: unknown): unknown {
  if (value instanceof Int32) return value.value;
  if (value instanceof Double) return Number.isInteger(value.value) ? value : value.value;
  if (Array.isArray(value)) return value.map(unwrapPlainNumbers);
  if (isDocument(value)) {
    const out: Document = {};
    for (const [key, inner] of Object.entries(value)) out[key] = unwrapPlainNumbers(inner);
    return out;
  }
  return value;
}

export function parseExtendedJson(text: string): unknown {
  return unwrapPlainNumbers(EJSON.parse(text, { relaxed: false }));
}

/** Short relaxed-EJSON rendering of a value for failure messages. */
export function describe(value: unknown, maxLength = 300): string {
  if (value === undefined) return '(missing)';
  let text: string;
  try {
    text = EJSON.stringify(value as Document, { relaxed: true });
  } catch {
    text = String(value);
  }
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

export function asDocument(value: unknown, what: string): Document {
  if (!isDocument(value))
    throw new RunnerError(`${what} must be a document, got ${describe(value)}`);
  return value;
}

export function asString(value: unknown, what: string): string {
  if (typeof value !== 'string')
    throw new RunnerError(`${what} must be a string, got ${describe(value)}`);
  return value;
}

export function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value))
    throw new RunnerError(`${what} must be an array, got ${describe(value)}`);
  return value;
}

export function optionalArray(value: unknown, what: string): unknown[] {
  return value === undefined ? [] : asArray(value, what);
}

/** A test's assertion did not hold (a "failure" in the spec's words, as opposed to an error). */
export class TestFailure extends Error {
  override name = 'TestFailure';
}

/** A runner-side assertion (testRunner operations) that did not hold: a failure too. */
export class AssertionFailure extends TestFailure {
  override name = 'AssertionFailure';
}
