// The pipeline thread (see commands/pipeline-thread.ts): runs one aggregation pipeline at a
// time over documents sent as BSON, reading the collections its $lookup/$unionWith stages name
// through a SQLite connection of its own, and sends the results back as BSON.
import { parentPort } from 'node:worker_threads';
import type { Document } from 'bson';
import { decodeTyped, encode } from './codec.js';
import type { PipelineJob, PipelineOutcome } from './commands/pipeline-thread.js';
import { packDocuments, unpackDocuments } from './commands/pipeline-thread.js';
import { toServerError } from './errors.js';
import { runPipeline } from './query/index.js';
import { collectionDocuments, indexedDocuments } from './commands/lookup-source.js';
import type { StorageBackend } from './storage/backend.js';
import { openSqliteBackend } from './storage/sqlite-backend.js';

/** The page cache of the thread's own connection, in MiB (it reads foreign collections only). */
const CACHE_MB = 8;
let storage: StorageBackend | undefined;

function threadStorage(file: string): StorageBackend {
  storage ??= openSqliteBackend({ file, cacheMb: CACHE_MB });
  return storage;
}

function run(job: PipelineJob): PipelineOutcome {
  try {
    const { stages, variables, collation } = decodeTyped(job.settings) as {
      stages: Document[];
      variables?: Document;
      collation?: Document;
    };
    const input = unpackDocuments(job.input).map((bytes) => decodeTyped(bytes));
    const results = runPipeline(input, stages, {
      db: job.db,
      resolveCollection: (db, name) => collectionDocuments(threadStorage(job.dataFile), db, name),
      resolveMatching: (db, name, field, values) =>
        indexedDocuments(threadStorage(job.dataFile), db, name, field, values),
      ...(variables ? { variables } : {}),
      ...(collation ? { collation } : {}),
    });
    return { output: packDocuments(results.map(encode)) };
  } catch (error) {
    const failure = toServerError(error);
    return {
      error: { code: failure.code, message: failure.message, extra: encode(failure.extra) },
    };
  }
}

parentPort?.on('message', (job: PipelineJob) => {
  parentPort?.postMessage(run(job));
});
