// Aggregation pipelines run by mingo over plain views of the documents; documents and
// subdocuments that pass through unchanged come back as the original typed objects.
import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import * as pipelineStages from 'mingo/operators/pipeline';
import type { AnyObject } from 'mingo/types';
import { searchNotEnabled } from '../errors.js';
import { typeRankOf } from './compare.js';
import { collectingStageOrigins } from './computed-doubles.js';
import { withMatchingResolver } from './lookup.js';
import { mingoOptions } from './mingo-options.js';
import { withIdFirst } from './paths.js';
import { isPlainObject, toPlain, toPlainTracked, typedOriginOf } from './plain.js';
import { queryError, QueryErrorCode, withMongoErrors } from './query-errors.js';
import { retype, sameAsTyped, type RetypeHint } from './retype.js';

export interface PipelineContext {
  db: string;
  resolveCollection: (db: string, name: string) => Document[];
  /**
   * The documents of a collection whose `field` may equal one of `values`, in natural order,
   * when an index can tell (undefined: it cannot). $lookup's equality joins read through it.
   */
  resolveMatching?: (
    db: string,
    name: string,
    field: string,
    values: unknown[],
  ) => Document[] | undefined;
  variables?: Document;
  collation?: Document;
}

// $geoNear is the engine's own (geo-near-stage.ts).
const KNOWN_STAGES = new Set([...Object.keys(pipelineStages), '$geoNear']);

export function validatePipeline(pipeline: unknown): Document[] {
  if (!Array.isArray(pipeline)) {
    throw queryError(
      QueryErrorCode.TypeMismatch,
      "'pipeline' option must be specified as an array",
    );
  }
  for (const stage of pipeline as unknown[]) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw queryError(
        QueryErrorCode.PipelineStageSingleField,
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
    const name = Object.keys(stage)[0] as string;
    if (name === '$listSearchIndexes') throw searchNotEnabled();
    if (!KNOWN_STAGES.has(name)) {
      throw queryError(
        QueryErrorCode.UnrecognizedPipelineStage,
        `Unrecognized pipeline stage name: '${name}'`,
      );
    }
  }
  return pipeline as Document[];
}

/** Objects mingo passed through untouched are replaced by the typed objects they came from. */
const passedThrough: RetypeHint = (_path, value) => {
  if (value === null || typeof value !== 'object') return undefined;
  const origin = typedOriginOf(value);
  return origin !== undefined && sameAsTyped(value, origin) ? origin : undefined;
};

/** mingo's message for an unknown stage nested in $facet/$lookup, as MongoDB reports it. */
function translateStageError(err: unknown): never {
  const unknown =
    err instanceof Error ? /unregistered pipeline operator (\$[^.\s]+)/.exec(err.message) : null;
  if (unknown) {
    throw queryError(
      QueryErrorCode.UnrecognizedPipelineStage,
      `Unrecognized pipeline stage name: '${unknown[1] as string}'`,
    );
  }
  throw err;
}

export function runPipeline(
  input: Iterable<Document>,
  pipeline: Document[],
  context: PipelineContext,
): Document[] {
  validatePipeline(pipeline);
  // Documents read from other collections, so reshaped ones can still find their typed source.
  const foreign: Document[] = [];
  const asForeign = (doc: Document): AnyObject => {
    foreign.push(doc);
    return toPlainTracked(doc) as AnyObject;
  };
  const collectionResolver = (name: string): AnyObject[] =>
    context.resolveCollection(context.db, name).map(asForeign);
  const { resolveMatching } = context;
  if (resolveMatching) {
    withMatchingResolver(collectionResolver, (name, field, values) =>
      resolveMatching(context.db, name, field, values)?.map(asForeign),
    );
  }
  const options = mingoOptions({
    variables: context.variables,
    collation: context.collation,
    collectionResolver,
  });
  const typedInput = Array.from(input);
  let output: AnyObject[];
  let stageOrigins: Document[] = [];
  try {
    const aggregator = withMongoErrors(
      () => new Aggregator(toPlain(pipeline) as AnyObject[], options),
    );
    const plainInput = typedInput.map((doc) => toPlainTracked(doc) as AnyObject);
    const run = collectingStageOrigins(() => withMongoErrors(() => aggregator.run(plainInput)));
    output = run.result;
    // The latest stage input with an _id first: it holds the doubles computed before it.
    stageOrigins = run.origins.reverse() as Document[];
  } catch (err) {
    translateStageError(err);
  }
  const byId = inputById(() => [...stageOrigins, ...typedInput, ...foreign]);
  return output.map((doc) => {
    // A reshaped document ($project, $set, ...) still takes unchanged values from its source.
    const origin = typedOriginOf(doc) ?? ('_id' in doc ? byId().get(idKeyOf(doc._id)) : undefined);
    return withIdFirst(retype(doc, origin, { fallback: passedThrough }) as Document);
  });
}

const idKeyOf = (id: unknown): string => `${typeRankOf(id)}:${JSON.stringify(toPlain(id))}`;

/** Source documents by _id (input first), built on first use. */
function inputById(sources: () => Document[]): () => Map<string, Document> {
  let index: Map<string, Document> | undefined;
  return () => {
    if (!index) {
      index = new Map();
      for (const doc of sources()) {
        const key = '_id' in doc ? idKeyOf(doc._id) : undefined;
        if (key !== undefined && !index.has(key)) index.set(key, doc);
      }
    }
    return index;
  };
}
