// The stages that copy values by a field path, wrapped so the copies keep their BSON types (see
// copied-types.ts): $project, $addFields, $set, $replaceRoot/$replaceWith, $group's key and
// copying accumulators, $unwind's elements; $facet is facet-stage.ts.
import { Long } from 'bson';
import type { AnyObject } from 'mingo/types';
import {
  fieldCopies,
  holdsLostType,
  isFieldPath,
  lostType,
  plainAt,
  typedAt,
  typedOutput,
  type Copies,
  type FieldCopy,
  type Stage,
} from './copied-types.js';
import { facetStage } from './facet-stage.js';
import { isNumeric, isPlainObject, typedOriginOf } from './plain.js';

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
