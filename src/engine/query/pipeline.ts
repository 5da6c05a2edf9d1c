// Aggregation pipelines run by mingo over plain views of the documents; documents and
// subdocuments that pass through unchanged come back as the original typed objects.
import type { Document } from 'bson';
import { Aggregator } from 'mingo';
import * as pipelineStages from 'mingo/operators/pipeline';
import type { AnyObject } from 'mingo/types';
import { mingoOptions } from './mingoOptions.js';
import { isPlainObject, toPlain, toPlainTracked, typedOriginOf } from './plain.js';
import { queryError, QueryErrorCode, withMongoErrors } from './queryErrors.js';
import { retype, sameAsTyped, type RetypeHint } from './retype.js';

export interface PipelineContext {
  db: string;
  resolveCollection: (db: string, name: string) => Document[];
  variables?: Document;
  collation?: Document;
}

const KNOWN_STAGES = new Set(Object.keys(pipelineStages));

export function validatePipeline(pipeline: unknown): Document[] {
  if (!Array.isArray(pipeline)) {
    throw queryError(QueryErrorCode.TypeMismatch, "'pipeline' option must be specified as an array");
  }
  for (const stage of pipeline as unknown[]) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw queryError(
        QueryErrorCode.PipelineStageSingleField,
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
    const name = Object.keys(stage)[0] as string;
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

export function runPipeline(
  input: Iterable<Document>,
  pipeline: Document[],
  context: PipelineContext,
): Document[] {
  validatePipeline(pipeline);
  const options = mingoOptions({
    variables: context.variables,
    collation: context.collation,
    collectionResolver: (name) =>
      context.resolveCollection(context.db, name).map((doc) => toPlainTracked(doc) as AnyObject),
  });
  const aggregator = withMongoErrors(() => new Aggregator(toPlain(pipeline) as AnyObject[], options));
  const plainInput = Array.from(input, (doc) => toPlainTracked(doc) as AnyObject);
  const output = withMongoErrors(() => aggregator.run(plainInput));
  return output.map((doc) => retype(doc, typedOriginOf(doc), passedThrough) as Document);
}
