// aggregate: mingo runs the stages; the engine feeds it (pushing a leading $match down to
// storage so indexes apply) and carries out $out / $merge itself, since those write.
import type { Document } from 'bson';
import { decodeTyped, RawDocument } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';
import { evaluateVariables, runPipeline } from '../query/index.js';
import type { PipelineContext } from '../query/pipeline.js';
import { collectionDocuments, indexedDocuments } from './lookup-source.js';
import type { CollectionStore, StorageBackend } from '../storage/backend.js';
import { isDocument } from './arguments.js';
import { drain, PAUSE, type Paced, type TimeBudget } from './budget.js';
import { defineCommand } from './command-definition.js';
import { CURSOR_OPTION_FIELDS } from './generic-fields.js';
import {
  extractFields,
  IGNORED,
  NOT_IMPLEMENTED,
  optional,
  type ArgumentsOf,
} from './parameters.js';
import type { CommandContext, CommandList } from './context.js';
import { selectDocuments, selectDocumentsPaced } from './query-executor.js';
import { checkHint } from './update-support.js';
import { viewOf } from './views.js';
import { encodeChecked, validatorFor, withId, type DocumentValidator } from './write-support.js';
import { explainAggregateOption, explainCommand } from './explain.js';
import { withGeoNearKey } from './geo-order.js';
import { checkSourceStagesFirst, sourceStageDocuments } from './source-stages.js';
import { hasTextOperator, textScoreOfDocument } from '../query/text-meta.js';
import { checkTextStageFirst, TEXT_SCORE_FIELD, textScoreStages } from './text-pipeline.js';
import { countingGroup, countingResult } from './count-stage.js';

interface Namespace {
  db: string;
  collection: string;
}

/** How a pipeline reads the collections its $lookup / $unionWith stages name. */
function foreignReads(
  storage: StorageBackend,
): Pick<PipelineContext, 'resolveCollection' | 'resolveMatching'> {
  return {
    resolveCollection: (db, name) => collectionDocuments(storage, db, name),
    resolveMatching: (db, name, field, values) =>
      indexedDocuments(storage, db, name, field, values),
  };
}

/** A pipeline's input document: its stored bytes (when it has them), decoded when needed. */
interface PipelineInput {
  bytes?: Buffer;
  doc?: Document;
}

/** A collection's stored documents, for a pipeline's input; paced. */
function* storedPaced(
  collection: CollectionStore | undefined,
  budget: TimeBudget,
): Generator<Paced<PipelineInput>> {
  for (const stored of collection?.candidates({}) ?? []) {
    if (budget.tick()) yield PAUSE;
    yield { bytes: stored.bytes };
  }
}

function* decodedEach(input: PipelineInput[], budget: TimeBudget): Generator<Paced<Document>> {
  for (const item of input) {
    if (budget.tick()) yield PAUSE;
    yield item.doc ?? decodeTyped(item.bytes as Buffer);
  }
}

function outTarget(stage: Document, db: string): Namespace {
  const target = stage.$out;
  if (typeof target === 'string') return { db, collection: target };
  if (isDocument(target) && typeof target.coll === 'string') {
    return { db: typeof target.db === 'string' ? target.db : db, collection: target.coll };
  }
  throw new MongoServerError(
    ErrorCode.FailedToParse,
    "$out stage requires a string or an object with 'coll'",
  );
}

/** Replaces the target's documents with the results, keeping its indexes (like MongoDB). */
function writeOut(
  storage: StorageBackend,
  target: Namespace,
  results: Document[],
  validator?: DocumentValidator,
): void {
  storage.write(() => {
    const collection = storage.getCollection(target.db, target.collection, true);
    if (!collection)
      throw new MongoServerError(ErrorCode.InternalError, 'could not create $out target');
    collection.truncate();
    for (const result of results) {
      const doc = withId(result).doc;
      validator?.check(doc);
      collection.insert(doc, encodeChecked(doc));
    }
  });
}

function mergeTarget(spec: unknown, db: string): { target: Namespace; options: Document } {
  if (typeof spec === 'string') return { target: { db, collection: spec }, options: {} };
  if (!isDocument(spec))
    throw new MongoServerError(ErrorCode.FailedToParse, '$merge requires a string or an object');
  const into = spec.into;
  if (typeof into === 'string') return { target: { db, collection: into }, options: spec };
  if (isDocument(into) && typeof into.coll === 'string') {
    return {
      target: { db: typeof into.db === 'string' ? into.db : db, collection: into.coll },
      options: spec,
    };
  }
  throw new MongoServerError(
    ErrorCode.FailedToParse,
    "$merge 'into' must be a string or an object with 'coll'",
  );
}

function filterValues(doc: Document, fields: string[]): Document {
  return Object.fromEntries(fields.map((field) => [field, doc[field]]));
}

function writeMerge(
  storage: StorageBackend,
  spec: unknown,
  db: string,
  results: Document[],
  variables?: Document,
  validatorOf?: (target: Namespace) => DocumentValidator | undefined,
): void {
  const { target, options } = mergeTarget(spec, db);
  const validator = validatorOf?.(target);
  const on =
    options.on === undefined
      ? ['_id']
      : Array.isArray(options.on)
        ? options.on.map(String)
        : [String(options.on)];
  const whenMatched = options.whenMatched ?? 'merge';
  const whenNotMatched = options.whenNotMatched ?? 'insert';
  storage.write(() => {
    const collection = storage.getCollection(target.db, target.collection, true);
    if (!collection)
      throw new MongoServerError(ErrorCode.InternalError, 'could not create $merge target');
    for (const raw of results) {
      const result = on.includes('_id') ? withId(raw).doc : raw;
      const filter: Document = {};
      for (const field of on) {
        if (result[field] === undefined)
          throw new MongoServerError(
            51132,
            `$merge write error: 'on' field '${field}' cannot be missing`,
          );
        filter[field] = { $eq: result[field] };
      }
      const [existing] = selectDocuments(collection, filter, { limit: 1 });
      if (!existing) {
        if (whenNotMatched === 'discard') continue;
        if (whenNotMatched === 'fail')
          throw new MongoServerError(
            13113,
            '$merge could not find a matching document in the target collection',
          );
        const doc = withId(result).doc;
        validator?.check(doc);
        collection.insert(doc, encodeChecked(doc));
        continue;
      }
      let merged: Document;
      if (whenMatched === 'keepExisting') continue;
      if (whenMatched === 'fail') {
        // MongoDB fails exactly as the insert would: a duplicate-key error naming the index.
        const doc = withId(result).doc;
        collection.insert(doc, encodeChecked(doc));
        throw new MongoServerError(
          ErrorCode.DuplicateKey,
          `E11000 duplicate key error collection: ${target.db}.${target.collection}`,
          {
            keyPattern: Object.fromEntries(on.map((field) => [field, 1])),
            keyValue: filterValues(result, on),
          },
        );
      }
      if (whenMatched === 'replace') merged = { ...result, _id: existing.doc._id };
      else if (whenMatched === 'merge')
        merged = { ...existing.doc, ...result, _id: existing.doc._id };
      else if (Array.isArray(whenMatched)) {
        const [updated] = runPipeline([existing.doc], whenMatched as Document[], {
          db,
          ...foreignReads(storage),
          variables: {
            ...(variables ?? {}),
            new: result,
            ...(isDocument(options.let) ? options.let : {}),
          },
        });
        merged = { ...(updated ?? existing.doc), _id: existing.doc._id };
      } else
        throw new MongoServerError(ErrorCode.FailedToParse, 'unsupported $merge whenMatched mode');
      validator?.check(merged, existing.doc);
      collection.replace(existing.stored.id, merged, encodeChecked(merged));
    }
  });
}

const AGGREGATE_FIELDS = {
  aggregate: optional('any'),
  pipeline: optional('any'),
  explain: optional('bool'),
  cursor: optional('object'),
  let: optional('object'),
  collation: optional('object'),
  hint: optional('any'),
  allowDiskUse: IGNORED,
  bypassDocumentValidation: optional('bool'),
  fromMongos: IGNORED,
  fromRouter: IGNORED,
  needsMerge: IGNORED,
  collectionUUID: IGNORED,
  isMapReduceCommand: IGNORED,
  includeQueryStatsMetrics: IGNORED,
  exchange: NOT_IMPLEMENTED,
  encryptionInformation: NOT_IMPLEMENTED,
} as const;

async function aggregate(
  args: ArgumentsOf<typeof AGGREGATE_FIELDS>,
  context: CommandContext,
  command: Document,
): Promise<Document> {
  const target = args.aggregate;
  const pipeline = args.pipeline;
  if (!Array.isArray(pipeline) || !pipeline.every(isDocument)) {
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      "'pipeline' option must be specified as an array",
    );
  }
  const explain = args.explain ?? false;
  if (explain) return explainAggregateOption(command, context);
  const cursorOptions = args.cursor;
  if (!cursorOptions) {
    throw new MongoServerError(
      ErrorCode.FailedToParse,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  const variables = evaluateVariables(args.let);
  const storage = context.engine.storage;
  // The command's own collation wins; otherwise the collection's default one, for every stage.
  const collation =
    args.collation ??
    (typeof target === 'string'
      ? storage.getCollection(context.db, target)?.defaultCollation()
      : undefined);
  const stages = [...pipeline];
  const last = stages[stages.length - 1];
  const writeStage = last && ('$out' in last || '$merge' in last) ? stages.pop() : undefined;
  for (const stage of stages) {
    if ('$out' in stage || '$merge' in stage) {
      throw new MongoServerError(
        40601,
        `${Object.keys(stage)[0]} can only be the final stage in the pipeline`,
      );
    }
  }

  const budget = context.budget;
  let input: PipelineInput[];
  let name: string;
  const view = typeof target === 'string' ? viewOf(storage, context.db, target) : undefined;
  checkSourceStagesFirst(stages);
  checkTextStageFirst(stages);
  let withText = false;
  const sourced = sourceStageDocuments(stages[0], target, context);
  if (sourced) {
    // $collStats, $indexStats, $currentOp: documents from the engine, then the rest.
    stages.shift();
    name = typeof target === 'string' ? target : '$cmd.aggregate';
    input = sourced.map((doc) => ({ doc }));
  } else if (typeof target === 'string' && view) {
    // A view's pipeline runs first, over its source collection.
    name = target;
    stages.unshift(...view.pipeline);
    input = await drain(
      storedPaced(storage.getCollection(context.db, view.source), budget),
      budget,
    );
  } else if (typeof target === 'string') {
    name = target;
    const collection = storage.getCollection(context.db, name);
    checkHint(collection, args.hint);
    if (isDocument(stages[0]?.$geoNear)) stages[0] = withGeoNearKey(collection, stages[0].$geoNear);
    const first = stages[0];
    if (first && isDocument(first.$match) && !('$expr' in first.$match)) {
      // The leading $match goes to storage so an index can narrow the input.
      stages.shift();
      withText = hasTextOperator(first.$match);
      // countDocuments only counts: the matches need not be decoded where the filter's own
      // fields decide them (they stay bytes, decoded should the pipeline need them after all).
      const counting = !withText && countingGroup(stages) !== undefined;
      const selection = selectDocumentsPaced(collection, first.$match, {
        collation,
        variables,
        budget,
        raw: counting,
      });
      input = (await drain(selection, budget)).map((item) =>
        withText
          ? { doc: { ...item.doc, [TEXT_SCORE_FIELD]: textScoreOfDocument(item.doc) } }
          : item.doc instanceof RawDocument
            ? { bytes: item.stored.bytes }
            : { bytes: item.stored.bytes, doc: item.doc },
      );
    } else input = await drain(storedPaced(collection, budget), budget);
  } else if (target === 1 || Number(target) === 1) {
    name = '$cmd.aggregate';
    input = [];
    if (stages[0] && '$listLocalSessions' in stages[0]) {
      // The engine's own stage: the sessions it has seen, then the rest of the pipeline.
      stages.shift();
      input = context.engine.sessions.list().map((doc) => ({ doc }));
    }
  } else
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      "Invalid aggregate namespace: 'aggregate' must be a string or 1",
    );

  stages.splice(0, stages.length, ...textScoreStages(stages, withText));
  const settings = {
    stages,
    ...(variables ? { variables } : {}),
    ...(collation ? { collation } : {}),
  };
  const pipelines = context.engine.pipelines;
  const counting = writeStage ? undefined : countingGroup(stages);
  const counted = counting && countingResult(counting, input.length);
  let results: Document[];
  if (counted) {
    // countDocuments: the number of documents the $match let through.
    results = counted;
  } else if (pipelines?.takes(input.length, stages) && input.every((item) => item.bytes)) {
    const bytes = await pipelines.run(
      input.map((item) => item.bytes as Buffer),
      settings,
      context.db,
      budget,
    );
    // Replies can carry the thread's BSON as it is; a write stage needs the documents.
    results =
      context.engine.rawReplies && !writeStage
        ? bytes.map((doc) => new RawDocument(doc))
        : bytes.map((doc) => decodeTyped(doc));
  } else {
    const documents = await drain(decodedEach(input, budget), budget);
    results = runPipeline(documents, stages, {
      db: context.db,
      ...foreignReads(storage),
      variables,
      collation,
    });
    // The stages themselves ran in one go (in mingo); their time still counts.
    budget.check();
  }

  if (writeStage) {
    const bypass = args.bypassDocumentValidation === true;
    const validatorOf = (ns: Namespace): DocumentValidator | undefined =>
      validatorFor(storage, ns.db, ns.collection, bypass, context.engine.log);
    if ('$out' in writeStage) {
      const out = outTarget(writeStage, context.db);
      writeOut(storage, out, results, validatorOf(out));
    } else writeMerge(storage, writeStage.$merge, context.db, results, variables, validatorOf);
  }
  const ns = `${context.db}.${name}`;
  const { batchSize } = extractFields(
    cursorOptions ?? {},
    CURSOR_OPTION_FIELDS,
    'aggregate.cursor',
    {
      strict: false,
    },
  );
  const output = writeStage ? [] : results;
  const batch = context.engine.cursors.firstBatch(ns, output[Symbol.iterator](), batchSize);
  return { cursor: { firstBatch: batch.documents, id: batch.cursorId, ns }, ok: 1 };
}

const EXPLAIN_FIELDS = {
  explain: optional('object'),
  verbosity: optional('string'),
} as const;

export const aggregateCommands: CommandList = [
  defineCommand('aggregate', {
    help: 'run an aggregation pipeline',
    fields: AGGREGATE_FIELDS,
    run: aggregate,
  }),
  defineCommand('explain', {
    help: 'the plan a query would use, at queryPlanner, executionStats or allPlansExecution',
    fields: EXPLAIN_FIELDS,
    run: (_args, context, command) => explainCommand(command, context),
  }),
];
