// Pipeline stages that produce documents from the engine itself rather than from a collection's
// documents, and must come first: $collStats (what mongosh's db.coll.stats() runs), $indexStats
// and $currentOp.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import type { CollectionStore } from '../storage/backend.js';
import { asNumber, isDocument } from './arguments.js';
import type { CommandContext } from './context.js';

export const SOURCE_STAGES = new Set(['$collStats', '$indexStats', '$currentOp']);

/** storageStats as $collStats and collStats report them (sizes divided by `scale`). */
export function storageStatsOf(
  collection: CollectionStore | undefined,
  options: Document,
  scale: number,
): Document {
  const stats = collection?.stats() ?? { count: 0, size: 0, nindexes: 0 };
  const indexes = collection?.listIndexes() ?? [];
  const size = Math.floor(stats.size / scale);
  return {
    size,
    count: stats.count,
    avgObjSize: stats.count > 0 ? Math.floor(stats.size / stats.count) : 0,
    numOrphanDocs: 0,
    storageSize: size,
    freeStorageSize: 0,
    capped: options.capped === true,
    ...(options.capped === true ? { max: options.max ?? 0, maxSize: options.size } : {}),
    nindexes: indexes.length,
    indexBuilds: [],
    // Index entries live in SQLite tables shared by all indexes; no per-index size is kept.
    totalIndexSize: 0,
    totalSize: size,
    indexSizes: Object.fromEntries(indexes.map((index) => [index.name, 0])),
    scaleFactor: scale,
  };
}

function collStatsDocument(stage: unknown, name: string, context: CommandContext): Document {
  if (!isDocument(stage)) {
    throw new MongoServerError(5447000, '$collStats must take a nested object');
  }
  const storage = context.engine.storage;
  const info = storage.listCollections(context.db).find((entry) => entry.name === name);
  const collection = storage.getCollection(context.db, name);
  const out: Document = {
    ns: `${context.db}.${name}`,
    host: 'localhost:27017',
    localTime: new Date(),
  };
  if (isDocument(stage.latencyStats)) {
    const zero = { latency: 0, ops: 0 };
    out.latencyStats = { reads: zero, writes: zero, commands: zero, transactions: zero };
  }
  if (isDocument(stage.storageStats)) {
    if (!info) {
      throw new MongoServerError(
        ErrorCode.NamespaceNotFound,
        `Unable to retrieve storageStats in $collStats stage :: caused by :: Collection [${context.db}.${name}] not found.`,
      );
    }
    const scale = asNumber(stage.storageStats.scale) ?? 1;
    if (!Number.isInteger(scale) || scale < 1) {
      throw new MongoServerError(ErrorCode.BadValue, 'scale must be a positive integer');
    }
    out.storageStats = storageStatsOf(collection, info.options, scale);
  }
  if (isDocument(stage.count)) out.count = collection?.count() ?? 0;
  if (isDocument(stage.queryExecStats)) {
    out.queryExecStats = { collectionScans: { total: 0, nonTailable: 0 } };
  }
  return out;
}

function indexStatsDocuments(name: string, context: CommandContext): Document[] {
  const collection = context.engine.storage.getCollection(context.db, name);
  return (collection?.listIndexes() ?? []).map((spec) => ({
    name: spec.name,
    key: spec.key,
    host: 'localhost:27017',
    // Index use is not counted; the counter starts (and stays) at the engine's start.
    accesses: { ops: 0, since: context.engine.startedAt },
    spec,
  }));
}

/** The one operation running for this client: the aggregate asking. */
function currentOpDocuments(context: CommandContext): Document[] {
  if (context.db !== 'admin') {
    throw new MongoServerError(
      ErrorCode.InvalidNamespace,
      "$currentOp must be run against the 'admin' database with {aggregate: 1}",
    );
  }
  return [
    {
      type: 'op',
      host: 'localhost:27017',
      desc: `conn${context.connection.id ?? 0}`,
      connectionId: context.connection.id ?? 0,
      active: true,
      currentOpTime: new Date().toISOString(),
      opid: 1,
      secs_running: 0,
      microsecs_running: 0,
      op: 'command',
      ns: 'admin.$cmd.aggregate',
      command: context.request.command,
      numYields: 0,
      waitingForLock: false,
    },
  ];
}

/** The documents a leading source stage produces, or undefined when the stage is not one. */
export function sourceStageDocuments(
  stage: Document | undefined,
  target: unknown,
  context: CommandContext,
): Document[] | undefined {
  const name = stage ? Object.keys(stage)[0] : undefined;
  if (!stage || !name || !SOURCE_STAGES.has(name)) return undefined;
  if (name === '$currentOp') return currentOpDocuments(context);
  if (typeof target !== 'string') {
    throw new MongoServerError(
      ErrorCode.InvalidNamespace,
      `${name} must be run against a collection`,
    );
  }
  return name === '$collStats'
    ? [collStatsDocument(stage.$collStats, target, context)]
    : indexStatsDocuments(target, context);
}

/** A source stage anywhere but first, as MongoDB refuses it. */
export function checkSourceStagesFirst(stages: Document[]): void {
  stages.forEach((stage, i) => {
    const name = Object.keys(stage)[0] ?? '';
    if (i > 0 && SOURCE_STAGES.has(name)) {
      throw new MongoServerError(40602, `${name} is only valid as the first stage in a pipeline`);
    }
  });
}
