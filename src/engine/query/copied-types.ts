// Shared by the copying stages (copying-stages.ts, facet-stage.ts): values a stage copies from
// its input by a field path keep their BSON type. mingo copies the plain JS number, so a stored
// Double 4 or Long 5 would come back an int32; an output document holding such a copy is typed
// from its input's origin and handed on as a tracked plain view (see plain.ts), so later stages
// and the result see the type.
import type { Iterator } from 'mingo/lazy';
import type { AnyObject, Options } from 'mingo/types';
import { recordStageOrigin } from './computed-doubles.js';
import {
  bsonTypeOf,
  isNumeric,
  isPlainObject,
  numberOf,
  toPlainTracked,
  typedOriginOf,
} from './plain.js';
import { defaultNumber, retype, sameAsTyped } from './retype.js';

export type Stage = (collection: Iterator, expr: unknown, options: Options) => Iterator;
/** Output path (dotted) -> the typed value to put there. */
export type Copies = Map<string, unknown>;
/** [output path, input path] of each field-path copy. */
export type FieldCopy = [string[], string[]];

export function plainAt(doc: unknown, path: string[]): unknown {
  let node = doc;
  for (const key of path) node = isPlainObject(node) ? node[key] : undefined;
  return node;
}

/** The typed value behind the plain one at `path`, through the nearest tracked origin. */
export function typedAt(doc: unknown, path: string[]): unknown {
  let plain = doc;
  let typed: unknown;
  for (const key of path) {
    if (typed === undefined && plain !== null && typeof plain === 'object') {
      typed = typedOriginOf(plain);
    }
    plain = isPlainObject(plain) ? plain[key] : undefined;
    typed = isPlainObject(typed) ? typed[key] : undefined;
  }
  return typed !== undefined && sameAsTyped(plain, typed) ? typed : undefined;
}

/** A typed number a plain JS number at the output would not default to (a Double 4, a Long 5). */
export function lostType(plain: unknown, typed: unknown): boolean {
  return (
    typeof plain === 'number' &&
    isNumeric(typed) &&
    bsonTypeOf(typed) !== bsonTypeOf(defaultNumber(plain))
  );
}

export const isFieldPath = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith('$') && !value.startsWith('$$');

/** A $project inclusion (`a: 1`, `a: true`): a copy of the field to itself. */
const isInclusion = (value: unknown): boolean =>
  value === true || (typeof value === 'number' && value !== 0);

/**
 * The field-path copies of a $project/$addFields-style spec, nested specs included, and with
 * `inclusions` ($project) its included fields.
 */
export function fieldCopies(spec: unknown, inclusions = false, prefix: string[] = []): FieldCopy[] {
  if (!isPlainObject(spec)) return [];
  return Object.entries(spec).flatMap(([key, value]): FieldCopy[] => {
    const out = [...prefix, ...key.split('.')];
    if (isFieldPath(value)) return [[out, value.slice(1).split('.')]];
    if (inclusions && isInclusion(value)) return [[out, out]];
    if (isPlainObject(value) && !Object.keys(value).some((k) => k.startsWith('$'))) {
      return fieldCopies(value, inclusions, out);
    }
    return [];
  });
}

/** Whether a typed value holds a number its plain view would not default back to. */
export function holdsLostType(typed: unknown): boolean {
  if (Array.isArray(typed)) return typed.some(holdsLostType);
  if (isPlainObject(typed)) return Object.values(typed).some(holdsLostType);
  return isNumeric(typed) && lostType(numberOf(typed), typed);
}

/** The output typed with `copies` at their paths, as a tracked plain view; as is without any. */
export function typedOutput(
  output: AnyObject,
  copies: Copies,
  origin: unknown,
  force = false,
): AnyObject {
  if (copies.size === 0 && !force) return output;
  const covered = [...copies.keys()];
  const typed = retype(output, origin, {
    target: (path) => copies.get(path.join('.')),
    covers: (path) => {
      const at = path.join('.');
      return covered.some((key) => at === '' || key === at || key.startsWith(`${at}.`));
    },
  }) as AnyObject;
  recordStageOrigin(typed);
  return toPlainTracked(typed) as AnyObject;
}
