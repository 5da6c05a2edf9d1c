// Integral doubles computed by the engine's typed operators are bson Double objects (see
// typed-numbers.ts bsonOf), so they are stored as doubles. mingo computes on JS numbers only:
// its own operators run with typed results handed back plain, and each stage receives
// documents whose Double objects are JS numbers again, typed in their tracked origin.
import type { AnyObject, Options } from 'mingo/types';
import type { Iterator } from 'mingo/lazy';
import { bsonTypeOf, isPlainObject, toPlainTracked, typedOriginOf } from './plain.js';
import { retype } from './retype.js';
import { bsonOf, plainNumbersWithin } from './typed-numbers.js';

type Operator = (...args: never[]) => unknown;

/** mingo operators whose MongoDB result is a double for number input (mingo gives JS numbers). */
const DOUBLE_RESULTS = new Set(
  (
    '$sqrt $exp $ln $log $log10 $sin $cos $tan $asin $acos $atan $atan2 $sinh $cosh $tanh ' +
    '$asinh $acosh $atanh $degreesToRadians $radiansToDegrees $stdDevPop $stdDevSamp'
  ).split(' '),
);

/** The operators, each running with typed results inside it handed back as JS numbers. */
export function withPlainNumbers<T extends Record<string, unknown>>(operators: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(operators)) {
    if (typeof op !== 'function') {
      wrapped[name] = op;
      continue;
    }
    const run = (...args: never[]): unknown => plainNumbersWithin(() => (op as Operator)(...args));
    wrapped[name] = DOUBLE_RESULTS.has(name)
      ? (...args: never[]) => {
          const result = run(...args);
          return typeof result === 'number' ? bsonOf({ kind: 'double', value: result }) : result;
        }
      : run;
  }
  return wrapped as T;
}

function hasComputedDouble(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasComputedDouble);
  if (isPlainObject(value)) return Object.values(value).some(hasComputedDouble);
  return bsonTypeOf(value) === 'Double';
}

/** Typed stage inputs of the pipeline running now, so its output can find their types. */
let stageOrigins: AnyObject[] | undefined;

/** Runs a pipeline, returning also the typed documents its stages were given. */
export function collectingStageOrigins<T>(run: () => T): { result: T; origins: AnyObject[] } {
  const outer = stageOrigins;
  const origins: AnyObject[] = [];
  stageOrigins = origins;
  try {
    return { result: run(), origins };
  } finally {
    stageOrigins = outer;
  }
}

/** Records a typed document a stage made, so the pipeline's output can find its types. */
export function recordStageOrigin(typed: AnyObject): void {
  stageOrigins?.push(typed);
}

/** A stage input document with its Double objects as JS numbers, typed in its origin. */
function plainStageInput(doc: AnyObject): AnyObject {
  if (!hasComputedDouble(doc)) return doc;
  const typed = retype(doc, typedOriginOf(doc)) as AnyObject;
  stageOrigins?.push(typed);
  return toPlainTracked(typed) as AnyObject;
}

type Stage = (collection: Iterator, expr: unknown, options: Options) => Iterator;

/** The pipeline stages, each given plain-number input documents. */
export function withPlainStageInput<T extends Record<string, unknown>>(stages: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, stage] of Object.entries(stages)) {
    wrapped[name] =
      typeof stage === 'function'
        ? (collection: Iterator, expr: unknown, options: Options) =>
            (stage as Stage)(collection.map(plainStageInput as never), expr, options)
        : stage;
  }
  return wrapped as T;
}
