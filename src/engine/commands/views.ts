// Read-only views: a collection whose options name a source (viewOn) and a pipeline. Reads
// run the pipeline over the source; writes are refused as MongoDB refuses them.
import type { Document } from 'bson';
import { decodeTyped } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';
import { runPipeline } from '../query/index.js';
import type { CollectionStore, StorageBackend } from '../storage/backend.js';
import { drain, PAUSE, type Paced, type TimeBudget } from './budget.js';
import type { EngineState } from './context.js';
import { selectDocumentsPaced, type SelectOptions } from './query-executor.js';

export interface ViewDefinition {
  /** The collection at the bottom of a chain of views. */
  source: string;
  /** The pipelines of every view in the chain, outermost last. */
  pipeline: Document[];
}

const MAX_VIEW_DEPTH = 20;

export function viewOf(
  storage: StorageBackend,
  db: string,
  name: string,
): ViewDefinition | undefined {
  const infos = storage.listCollections(db);
  let current = infos.find((info) => info.name === name);
  if (!current || current.type !== 'view') return undefined;
  const pipeline: Document[] = [];
  for (let depth = 0; current && current.type === 'view'; depth++) {
    if (depth > MAX_VIEW_DEPTH)
      throw new MongoServerError(
        ErrorCode.ViewDepthLimitExceeded,
        'View depth too deep or view cycle detected',
      );
    const options: Document = current.options;
    pipeline.unshift(...((options.pipeline as Document[] | undefined) ?? []));
    const source = String(options.viewOn);
    const next = infos.find((info) => info.name === source);
    if (!next || next.type !== 'view') return { source, pipeline };
    current = next;
  }
  return undefined;
}

export function refuseWriteToView(storage: StorageBackend, db: string, name: string): void {
  if (viewOf(storage, db, name)) {
    throw new MongoServerError(
      ErrorCode.CommandNotSupportedOnView,
      `Namespace ${db}.${name} is a view, not a collection`,
    );
  }
}

/**
 * Documents of a collection or view matching a filter, with sort/skip/limit applied; paced
 * (see budget.ts). A view's pipeline runs once its source has been read: on the pipeline
 * thread when it would hold the engine's thread too long (see pipeline-thread.ts).
 */
export async function readDocuments(
  engine: Pick<EngineState, 'storage' | 'pipelines'>,
  db: string,
  name: string,
  filter: Document,
  options: SelectOptions & { budget: TimeBudget },
): Promise<Iterable<Paced<Document>>> {
  const storage = engine.storage;
  const view = viewOf(storage, db, name);
  if (!view) {
    const selection = selectDocumentsPaced(storage.getCollection(db, name), filter, options);
    return (function* () {
      for (const item of selection) yield item === PAUSE ? item : item.doc;
    })();
  }
  const stages: Document[] = [...view.pipeline, { $match: filter }];
  if (options.sort && Object.keys(options.sort).length > 0) stages.push({ $sort: options.sort });
  if (options.skip) stages.push({ $skip: options.skip });
  if (options.limit) stages.push({ $limit: options.limit });
  const budget = options.budget;
  const source = await drain(sourceBytes(storage.getCollection(db, view.source), budget), budget);
  const pipelines = engine.pipelines;
  if (pipelines?.takes(source.length, stages)) {
    const settings = {
      stages,
      ...(options.variables ? { variables: options.variables } : {}),
      ...(options.collation ? { collation: options.collation } : {}),
    };
    const results = await pipelines.run(source, settings, db, budget);
    return results.map((bytes) => decodeTyped(bytes));
  }
  const input = await drain(decodedEach(source, budget), budget);
  const results = runPipeline(input, stages, {
    db,
    resolveCollection: (otherDb, other) => {
      const found = storage.getCollection(otherDb, other);
      return found ? [...found.candidates({})].map((stored) => decodeTyped(stored.bytes)) : [];
    },
    variables: options.variables,
    collation: options.collation,
  });
  // The stages ran in one go (in mingo); their time still counts.
  budget.check();
  return results;
}

function* sourceBytes(
  collection: CollectionStore | undefined,
  budget: TimeBudget,
): Generator<Paced<Buffer>> {
  for (const stored of collection?.candidates({}) ?? []) {
    if (budget.tick()) yield PAUSE;
    yield stored.bytes;
  }
}

function* decodedEach(source: Buffer[], budget: TimeBudget): Generator<Paced<Document>> {
  for (const bytes of source) {
    if (budget.tick()) yield PAUSE;
    yield decodeTyped(bytes);
  }
}
