// $lookup with localField/foreignField AND a pipeline (MongoDB 5.0+'s concise correlated form):
// MongoDB runs the pipeline over the foreign documents that match on the fields; mingo ran it
// over the whole foreign collection, so every document was joined to every other one. The
// replacement does the equality join with mingo, then runs the pipeline (with `let`) over each
// document's matches. Every other $lookup form goes to mingo unchanged.
//
// The equality join itself (both forms) reads, where an index on the foreign field can answer,
// only the foreign documents that may match the input's local values, rather than the whole
// collection: mingo then joins against those, in the collection's natural order, so the
// results are the ones the whole collection gives. Local values an index lookup might not
// answer exactly (null or missing, which match a missing foreign field; arrays within arrays;
// documents, regexes, typed decimals...) keep the whole collection.
import { Lazy, type Iterator } from 'mingo/lazy';
import * as pipelineStages from 'mingo/operators/pipeline';
import type { AnyObject, Options } from 'mingo/types';
import { resolve } from 'mingo/util';
import { bsonTypeOf } from './plain.js';

type Stage = (collection: Iterator, spec: unknown, options: Options) => Iterator;

// mingo's PipelineOperator type is derived from its own operator set, hence the cast.
const mingoLookup = pipelineStages.$lookup as unknown as Stage;

/** Past this many distinct local values, the whole collection is read (one scan beats them). */
const MAX_INDEXED_VALUES = 50_000;

/** The foreign documents whose `field` may equal one of `values`, or undefined (see below). */
export type MatchingResolver = (
  name: string,
  field: string,
  values: unknown[],
) => AnyObject[] | undefined;

// Keyed by the pipeline's collection resolver: mingo hands the options (and so the resolver)
// down to every stage, nested ones included, but has no place for another function.
const matchingResolvers = new WeakMap<object, MatchingResolver>();

/** Lets $lookup stages run with `collectionResolver` read through `matching` when it can. */
export function withMatchingResolver(collectionResolver: object, matching: MatchingResolver): void {
  matchingResolvers.set(collectionResolver, matching);
}

interface LookupSpec {
  from?: unknown;
  localField?: string;
  foreignField?: string;
  let?: unknown;
  pipeline?: unknown[];
  as: string;
}

function isConciseCorrelated(spec: unknown): spec is LookupSpec {
  if (spec === null || typeof spec !== 'object') return false;
  const lookup = spec as LookupSpec;
  return (
    typeof lookup.localField === 'string' &&
    typeof lookup.foreignField === 'string' &&
    Array.isArray(lookup.pipeline) &&
    lookup.pipeline.length > 0
  );
}

function isPlainEquality(spec: unknown): spec is LookupSpec {
  if (spec === null || typeof spec !== 'object') return false;
  const lookup = spec as LookupSpec;
  return (
    typeof lookup.from === 'string' &&
    typeof lookup.localField === 'string' &&
    typeof lookup.foreignField === 'string' &&
    lookup.pipeline === undefined &&
    lookup.let === undefined
  );
}

/** A key telling apart the values mingo's join tells apart (1 and 1.0 are one JS number). */
function scalarKey(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return `s:${value}`;
    case 'number':
      return Number.isFinite(value) ? `n:${value}` : undefined;
    case 'boolean':
      return `b:${String(value)}`;
    default:
      if (value instanceof Date) {
        return Number.isNaN(value.getTime()) ? undefined : `d:${value.getTime()}`;
      }
      if (bsonTypeOf(value) === 'ObjectId') return `o:${String(value)}`;
      return undefined;
  }
}

/**
 * The distinct local values of the input (an array's elements each, as mingo joins them), or
 * undefined when one of them is not a scalar an index lookup answers exactly.
 */
function localValues(input: AnyObject[], localField: string): unknown[] | undefined {
  const values = new Map<string, unknown>();
  for (const doc of input) {
    const local: unknown = resolve(doc, localField) ?? null;
    for (const value of Array.isArray(local) ? local : [local]) {
      const key = scalarKey(value);
      if (key === undefined) return undefined;
      values.set(key, value);
    }
    if (values.size > MAX_INDEXED_VALUES) return undefined;
  }
  return [...values.values()];
}

/** mingo's equality $lookup, joined against the matching documents only when an index can tell. */
function equalityLookup(collection: Iterator, spec: LookupSpec, options: Options): Iterator {
  const resolver = options.collectionResolver;
  const matching = resolver ? matchingResolvers.get(resolver) : undefined;
  if (!matching || typeof spec.from !== 'string') return mingoLookup(collection, spec, options);
  const input = collection.collect<AnyObject>();
  const values = localValues(input, spec.localField as string);
  const foreign = values && matching(spec.from, spec.foreignField as string, values);
  return mingoLookup(Lazy(input), foreign ? { ...spec, from: foreign } : spec, options);
}

export function lookupStage(collection: Iterator, spec: unknown, options: Options): Iterator {
  if (isPlainEquality(spec)) return equalityLookup(collection, spec, options);
  if (!isConciseCorrelated(spec)) return mingoLookup(collection, spec, options);
  const { pipeline, let: letSpec, as, ...equality } = spec;
  const joined =
    typeof equality.from === 'string'
      ? equalityLookup(collection, { ...equality, as }, options)
      : mingoLookup(collection, { ...equality, as }, options);
  return joined.map((doc: AnyObject) => {
    const matches = doc[as];
    // mingo accepts an array as `from`: the pipeline then runs over just these documents.
    const [withPipeline] = mingoLookup(
      Lazy([doc]),
      { from: Array.isArray(matches) ? matches : [], let: letSpec ?? {}, pipeline, as },
      options,
    ).collect<AnyObject>();
    return withPipeline;
  });
}
