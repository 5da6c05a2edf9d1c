// $lookup with localField/foreignField AND a pipeline (MongoDB 5.0+'s concise correlated form):
// MongoDB runs the pipeline over the foreign documents that match on the fields; mingo ran it
// over the whole foreign collection, so every document was joined to every other one. The
// replacement does the equality join with mingo, then runs the pipeline (with `let`) over each
// document's matches. Every other $lookup form goes to mingo unchanged.
import { Lazy, type Iterator } from 'mingo/lazy';
import * as pipelineStages from 'mingo/operators/pipeline';
import type { AnyObject, Options } from 'mingo/types';

type Stage = (collection: Iterator, spec: unknown, options: Options) => Iterator;

// mingo's PipelineOperator type is derived from its own operator set, hence the cast.
const mingoLookup = pipelineStages.$lookup as unknown as Stage;

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

export function lookupStage(collection: Iterator, spec: unknown, options: Options): Iterator {
  if (!isConciseCorrelated(spec)) return mingoLookup(collection, spec, options);
  const { pipeline, let: letSpec, as, ...equality } = spec;
  const joined = mingoLookup(collection, { ...equality, as }, options);
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
