// Read-only views: a collection whose options name a source (viewOn) and a pipeline. Reads
// run the pipeline over the source; writes are refused as MongoDB refuses them.
import type { Document } from 'bson';
import { decodeTyped } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';
import { runPipeline } from '../query/index.js';
import type { StorageBackend } from '../storage/backend.js';
import { PAUSE, type Paced, type TimeBudget } from './budget.js';
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
 * (see budget.ts). A view's pipeline runs once its source has been read.
 */
export function readDocuments(
  storage: StorageBackend,
  db: string,
  name: string,
  filter: Document,
  options: SelectOptions & { budget: TimeBudget },
): Iterable<Paced<Document>> {
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
  return (function* () {
    const input: Document[] = [];
    for (const stored of storage.getCollection(db, view.source)?.candidates({}) ?? []) {
      input.push(decodeTyped(stored.bytes));
      if (budget.tick()) yield PAUSE;
    }
    yield* runPipeline(input, stages, {
      db,
      resolveCollection: (otherDb, other) => {
        const found = storage.getCollection(otherDb, other);
        return found ? [...found.candidates({})].map((stored) => decodeTyped(stored.bytes)) : [];
      },
      variables: options.variables,
      collation: options.collation,
    });
  })();
}
