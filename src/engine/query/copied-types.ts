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
import { bsonTypeOf, isNumeric, isPlainObject, toPlainTracked, typedOriginOf } from './plain.js';
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

/** The field-path copies of a $project/$addFields-style spec, nested specs included. */
function fieldCopies(spec: unknown, prefix: string[] = []): FieldCopy[] {
  if (!isPlainObject(spec)) return [];
  return Object.entries(spec).flatMap(([key, value]): FieldCopy[] => {
    const out = [...prefix, ...key.split('.')];
    if (isFieldPath(value)) return [[out, value.slice(1).split('.')]];
    if (isPlainObject(value) && !Object.keys(value).some((k) => k.startsWith('$'))) {
      return fieldCopies(value, out);
    }
    return [];
  });
}

/** The output typed with `copies` at their paths, as a tracked plain view; as is without any. */
function typedOutput(output: AnyObject, copies: Copies, origin: unknown): AnyObject {
  if (copies.size === 0) return output;
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

/** A one-to-one stage ($project, $addFields, $set): copies typed from the document's input. */
function mappingStage(stage: Stage): Stage {
  return (collection, expr, options) => {
    const copies = fieldCopies(expr);
    if (copies.length === 0) return stage(collection, expr, options);
    let input: AnyObject | undefined;
    const tapped = collection.map((doc: AnyObject) => (input = doc));
    return stage(tapped, expr, options).map((output: AnyObject) => {
      const typed: Copies = new Map();
      for (const [to, from] of copies) {
        const value = typedAt(input, from);
        if (lostType(plainAt(output, to), value)) typed.set(to.join('.'), value);
      }
      return typedOutput(output, typed, input && typedOriginOf(input));
    });
  };
}

/** $group: each key's field path typed as the first input holding that value had it. */
function groupStage(stage: Stage): Stage {
  return (collection, expr, options) => {
    const copies = isPlainObject(expr) ? fieldCopies({ _id: expr._id }) : [];
    if (copies.length === 0) return stage(collection, expr, options);
    const seen = copies.map(() => new Map<number, unknown>());
    const tapped = collection.map((doc: AnyObject) => {
      copies.forEach(([, from], i) => {
        const plain = plainAt(doc, from);
        const typed = typedAt(doc, from);
        if (lostType(plain, typed) && !seen[i]?.has(plain as number)) {
          seen[i]?.set(plain as number, typed);
        }
      });
      return doc;
    });
    return stage(tapped, expr, options).map((output: AnyObject) => {
      const typed: Copies = new Map();
      copies.forEach(([to], i) => {
        const value = seen[i]?.get(plainAt(output, to) as number);
        if (value !== undefined) typed.set(to.join('.'), value);
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
  $project: mappingStage,
  $addFields: mappingStage,
  $set: mappingStage,
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
