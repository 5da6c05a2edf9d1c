// $facet with each branch on fresh tracked views of the documents (see copied-types.ts).
import { Aggregator } from 'mingo/aggregator';
import { Lazy } from 'mingo/lazy';
import type { AnyObject } from 'mingo/types';
import type { Stage } from './copied-types.js';
import { isPlainObject, toPlainTracked, typedOriginOf } from './plain.js';
import { retype, sameAsTyped } from './retype.js';

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
export function facetStage(mingoFacet: Stage): Stage {
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
