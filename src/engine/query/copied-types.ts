// Values a stage copies from its input by a field path keep their BSON type: $project,
// $addFields and $set fields like {key: '$_id'}, $group's _id '$k' (or {a: '$x'}) and $unwind's
// elements. mingo copies the plain JS number, so a stored Double 4 or Long 5 would come back an
// int32; here the output documents that hold such a copy are typed from the input's origin and
// handed on as tracked plain views (see plain.ts), so later stages and the result see the type.
import { Long } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { Lazy, type Iterator } from 'mingo/lazy';
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

type Stage = (collection: Iterator, expr: unknown, options: Options) => Iterator;
/** Output path (dotted) -> the typed value to put there. */
type Copies = Map<string, unknown>;
/** [output path, input path] of each field-path copy. */
type FieldCopy = [string[], string[]];

function plainAt(doc: unknown, path: string[]): unknown {
  let node = doc;
  for (const key of path) node = isPlainObject(node) ? node[key] : undefined;
  return node;
}

/** The typed value behind the plain one at `path`, through the nearest tracked origin. */
function typedAt(doc: unknown, path: string[]): unknown {
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
function lostType(plain: unknown, typed: unknown): boolean {
  return (
    typeof plain === 'number' &&
    isNumeric(typed) &&
    bsonTypeOf(typed) !== bsonTypeOf(defaultNumber(plain))
  );
}

const isFieldPath = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith('$') && !value.startsWith('$$');

/** A $project inclusion (`a: 1`, `a: true`): a copy of the field to itself. */
const isInclusion = (value: unknown): boolean =>
  value === true || (typeof value === 'number' && value !== 0);

/**
 * The field-path copies of a $project/$addFields-style spec, nested specs included, and with
 * `inclusions` ($project) its included fields.
 */
function fieldCopies(spec: unknown, inclusions = false, prefix: string[] = []): FieldCopy[] {
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
function holdsLostType(typed: unknown): boolean {
  if (Array.isArray(typed)) return typed.some(holdsLostType);
  if (isPlainObject(typed)) return Object.values(typed).some(holdsLostType);
  return isNumeric(typed) && lostType(numberOf(typed), typed);
}

/** The output typed with `copies` at their paths, as a tracked plain view; as is without any. */
function typedOutput(output: AnyObject, copies: Copies, origin: unknown, force = false): AnyObject {
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

interface Mapping {
  /** The spec's field-path copies. */
  copiesOf: (expr: unknown) => FieldCopy[];
  /** The output keeps the input's other fields ($addFields, $set): they keep their types. */
  keepsFields: boolean;
}

/** A one-to-one stage ($project, $addFields, $set, $replaceRoot): copies typed from the input. */
function mappingStage(mapping: Mapping): (stage: Stage) => Stage {
  return (stage) => (collection, expr, options) => {
    const copies = mapping.copiesOf(expr);
    if (copies.length === 0 && !mapping.keepsFields) return stage(collection, expr, options);
    let input: AnyObject | undefined;
    const tapped = collection.map((doc: AnyObject) => (input = doc));
    return stage(tapped, expr, options).map((output: AnyObject) => {
      const typed: Copies = new Map();
      for (const [to, from] of copies) {
        const value = typedAt(input, from);
        const plain = plainAt(output, to);
        const container = Array.isArray(plain) || isPlainObject(plain);
        if (container ? holdsLostType(value) : lostType(plain, value)) {
          typed.set(to.join('.'), value);
        }
      }
      const origin = input && typedOriginOf(input);
      const kept = mapping.keepsFields && origin !== undefined && holdsLostType(origin);
      return typedOutput(output, typed, mapping.keepsFields ? origin : undefined, kept);
    });
  };
}

const newRootOf = (expr: unknown): unknown => (isPlainObject(expr) ? expr.newRoot : undefined);

/** Accumulators that hand on the values of their field path unchanged. */
const COPYING_ACCUMULATORS = new Set(['$first', '$last', '$push', '$addToSet']);

/** $group's copies: its key's field paths and accumulators like {$first: '$x'}. */
function groupCopies(spec: AnyObject): FieldCopy[] {
  const copies = fieldCopies({ _id: spec._id });
  for (const [field, accumulator] of Object.entries(spec)) {
    if (field === '_id' || !isPlainObject(accumulator)) continue;
    const [op, arg] = Object.entries(accumulator)[0] ?? [];
    if (op && COPYING_ACCUMULATORS.has(op) && isFieldPath(arg)) {
      copies.push([[field], arg.slice(1).split('.')]);
    }
  }
  return copies;
}

/**
 * $group: a copied number typed as the first input holding that value had it (by value: a group
 * holding both an int 4 and a double 4 at one path gives both the first one's type).
 */
function groupStage(stage: Stage): Stage {
  return (collection, expr, options) => {
    const copies = isPlainObject(expr) ? groupCopies(expr) : [];
    if (copies.length === 0) return stage(collection, expr, options);
    const seen = copies.map(() => new Map<number, unknown>());
    const tapped = collection.map((doc: AnyObject) => {
      copies.forEach(([, from], i) => {
        const plain = plainAt(doc, from);
        const typed = typedAt(doc, from);
        if (typeof plain === 'number' && isNumeric(typed) && !seen[i]?.has(plain)) {
          seen[i]?.set(plain, typed);
        }
      });
      return doc;
    });
    return stage(tapped, expr, options).map((output: AnyObject) => {
      const typed: Copies = new Map();
      const type = (path: string, plain: unknown, values: Map<number, unknown> | undefined) => {
        const value = typeof plain === 'number' ? values?.get(plain) : undefined;
        if (lostType(plain, value)) typed.set(path, value);
      };
      copies.forEach(([to], i) => {
        const plain = plainAt(output, to);
        if (!Array.isArray(plain)) type(to.join('.'), plain, seen[i]);
        else plain.forEach((item, at) => type(`${to.join('.')}.${at}`, item, seen[i]));
      });
      return typedOutput(output, typed, undefined);
    });
  };
}

/** $unwind: each element typed as its array held it; includeArrayIndex a Long, as mongod. */
function unwindStage(stage: Stage): Stage {
  return (collection, expr, options) => {
    const spec = isPlainObject(expr) ? expr : { path: expr };
    if (typeof spec.path !== 'string') return stage(collection, expr, options);
    const path = spec.path.slice(1).split('.');
    const indexField = typeof spec.includeArrayIndex === 'string' ? spec.includeArrayIndex : '';
    let input: AnyObject | undefined;
    let index = 0;
    const tapped = collection.map((doc: AnyObject) => {
      index = 0;
      return (input = doc);
    });
    return stage(tapped, expr, options).map((output: AnyObject) => {
      const typed: Copies = new Map();
      const elements = typedAt(input, path);
      const position = index++;
      if (Array.isArray(elements)) {
        const element: unknown = elements[position];
        if (lostType(plainAt(output, path), element)) typed.set(path.join('.'), element);
      }
      const at = indexField === '' ? undefined : plainAt(output, indexField.split('.'));
      if (typeof at === 'number') typed.set(indexField, Long.fromNumber(at));
      return typedOutput(output, typed, input && typedOriginOf(input));
    });
  };
}

/** Objects of a plain view that still stand for their typed origin are that origin. */
const unchangedOrigin = (_path: string[], value: unknown): unknown => {
  if (value === null || typeof value !== 'object') return undefined;
  const origin = typedOriginOf(value);
  return origin !== undefined && sameAsTyped(value, origin) ? origin : undefined;
};

/** A fresh tracked view of a document, for a branch that may change it. */
function freshView(doc: AnyObject): AnyObject {
  const typed = retype(doc, typedOriginOf(doc), { fallback: unchangedOrigin });
  return toPlainTracked(typed) as AnyObject;
}

/**
 * $facet: each branch runs on fresh tracked views of the documents. mingo's clones them deeply
 * instead, and a clone has no typed origin: a Double 2 grouped in a branch came back an int32.
 */
function facetStage(mingoFacet: Stage): Stage {
  return (collection, expr, options) => {
    if (!isPlainObject(expr)) return mingoFacet(collection, expr, options);
    return collection.transform((docs: AnyObject[]) => {
      const out: AnyObject = {};
      for (const [name, pipeline] of Object.entries(expr)) {
        out[name] = new Aggregator(pipeline as AnyObject[], options).run(docs.map(freshView));
      }
      return Lazy([out]);
    });
  };
}

const WRAPPERS: Record<string, (stage: Stage) => Stage> = {
  $project: mappingStage({ copiesOf: (expr) => fieldCopies(expr, true), keepsFields: false }),
  $addFields: mappingStage({ copiesOf: (expr) => fieldCopies(expr), keepsFields: true }),
  $set: mappingStage({ copiesOf: (expr) => fieldCopies(expr), keepsFields: true }),
  $replaceRoot: mappingStage({
    copiesOf: (expr) => fieldCopies(newRootOf(expr)),
    keepsFields: false,
  }),
  $replaceWith: mappingStage({ copiesOf: (expr) => fieldCopies(expr), keepsFields: false }),
  $group: groupStage,
  $unwind: unwindStage,
  $facet: facetStage,
};

/** The pipeline stages, with field-path copies keeping their BSON types. */
export function withCopiedTypes<T extends Record<string, unknown>>(stages: T): T {
  const wrapped: Record<string, unknown> = { ...stages };
  for (const [name, wrap] of Object.entries(WRAPPERS)) {
    const stage = stages[name];
    if (typeof stage === 'function') wrapped[name] = wrap(stage as Stage);
  }
  return wrapped as T;
}
