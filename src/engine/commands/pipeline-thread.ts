// Big pipelines off the engine's thread. mingo runs a pipeline's stages in one go: a $group
// over 200,000 documents holds a thread for a second or more, which no pause can break up. So
// a pipeline over many documents runs on a thread of its own, while the engine's thread goes
// on serving every connection; past its maxTimeMS the thread is stopped, and started again
// for the next pipeline. A server others connect to sends there too every pipeline that can
// grow far past its input ($range and $unwind on one document took 4.4 s).
import type { Worker } from 'node:worker_threads';
import type { Document } from 'bson';
import { decodeTyped, encode } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';
import { isDocument } from './arguments.js';
import { startWorkerThread } from '../worker-thread.js';
import { timeLimitExceeded, type TimeBudget } from './budget.js';

/** Pipelines over at least this many documents run on the pipeline thread. */
const OFF_THREAD_INPUT = 10_000;

/**
 * Stages whose work does not follow their input's size: they read other collections whole
 * ($lookup, $graphLookup, $unionWith), run sub-pipelines ($facet), multiply documents
 * ($unwind, $densify) or compare each with a window of others ($setWindowFields).
 */
const EXPANDING_STAGES: ReadonlySet<string> = new Set([
  '$lookup',
  '$graphLookup',
  '$unionWith',
  '$facet',
  '$unwind',
  '$densify',
  '$setWindowFields',
]);
/** Expressions that can build far more than they are given: arrays from two numbers, loops. */
const EXPANDING_OPERATORS: ReadonlySet<string> = new Set(['$range', '$reduce']);

/** The pipeline thread's heap: past it the pipeline fails (ExceededMemoryLimit), not the engine. */
const DEFAULT_MEMORY_MB = 1024;

function mentionsExpandingOperator(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(mentionsExpandingOperator);
  if (!isDocument(value)) return false;
  return Object.entries(value).some(
    ([key, inner]) => EXPANDING_OPERATORS.has(key) || mentionsExpandingOperator(inner),
  );
}

/** Whether a pipeline can do far more work than its input's size suggests. */
function canExpand(stages: Document[]): boolean {
  return stages.some(
    (stage) =>
      Object.keys(stage).some((name) => EXPANDING_STAGES.has(name)) ||
      mentionsExpandingOperator(stage),
  );
}

interface PipelineThreadOptions {
  /**
   * Send every pipeline that can expand (see canExpand) to the thread, however few documents it
   * reads: for a server other programs connect to, which such a pipeline would hold up. Off,
   * only pipelines over many documents go there (starting the thread costs about 0.1 s).
   */
  expanding?: boolean;
  /** The thread's heap limit, in MiB (default 1024). */
  memoryMb?: number;
}

/** What the engine sends the pipeline thread: documents and settings as BSON. */
export interface PipelineJob {
  /** The input documents' BSON, one after another. */
  input: Uint8Array;
  /** BSON of { stages, variables?, collation? }. */
  settings: Uint8Array;
  db: string;
  dataFile: string;
}

export type PipelineOutcome =
  { output: Uint8Array } | { error: { code: number; message: string; extra: Uint8Array } };

/** BSON documents one after another: each starts with its own length. */
export function packDocuments(documents: Uint8Array[]): Uint8Array {
  return Buffer.concat(documents);
}

export function unpackDocuments(packed: Uint8Array): Buffer[] {
  const bytes = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const documents: Buffer[] = [];
  for (let offset = 0; offset < bytes.length;) {
    const length = bytes.readInt32LE(offset);
    documents.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  return documents;
}

function startWorker(memoryMb: number): Worker {
  return startWorkerThread('pipeline-worker', 'the pipeline thread', {
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
  });
}

function threadFailure(error: unknown, memoryMb: number): MongoServerError {
  if (error instanceof Error && 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new MongoServerError(
      ErrorCode.ExceededMemoryLimit,
      `the pipeline needed more than the pipeline thread's ${memoryMb} MiB of memory`,
    );
  }
  return new MongoServerError(
    ErrorCode.InternalError,
    `the pipeline thread failed: ${error instanceof Error ? error.message : String(error)}`,
  );
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export class PipelineThread {
  private worker: Worker | undefined;
  /** One pipeline at a time: the next waits for the last (its time counts). */
  private queue: Promise<void> = Promise.resolve();

  private readonly expanding: boolean;
  private readonly memoryMb: number;

  constructor(
    private readonly dataFile: string,
    options: PipelineThreadOptions = {},
  ) {
    this.expanding = options.expanding ?? false;
    this.memoryMb = options.memoryMb ?? DEFAULT_MEMORY_MB;
  }

  /** Whether a pipeline of these stages over this many documents should run on the thread. */
  takes(inputCount: number, stages: Document[]): boolean {
    return inputCount >= OFF_THREAD_INPUT || (this.expanding && canExpand(stages));
  }

  /**
   * Runs the pipeline on the thread; the results come back decoded. Its maxTimeMS runs from
   * now: a pipeline whose deadline passes while it waits for the thread fails then
   * (MaxTimeMSExpired), without waiting for the pipelines ahead of it.
   */
  run(
    input: Uint8Array[],
    settings: { stages: Document[]; variables?: Document; collation?: Document },
    db: string,
    budget: TimeBudget,
  ): Promise<Buffer[]> {
    const job: PipelineJob = {
      input: packDocuments(input),
      settings: encode(settings),
      db,
      dataFile: this.dataFile,
    };
    const deadline = performance.now() + budget.remainingMs();
    return new Promise<Buffer[]>((resolve, reject) => {
      let expired = false;
      const waiting = Number.isFinite(deadline)
        ? setTimeout(
            () => {
              expired = true;
              reject(timeLimitExceeded());
            },
            Math.min(deadline - performance.now(), MAX_TIMER_MS),
          )
        : undefined;
      this.queue = this.queue.then(async () => {
        clearTimeout(waiting);
        // Dropped while it waited: the thread goes straight to the next pipeline.
        if (expired) return;
        if (performance.now() >= deadline) return reject(timeLimitExceeded());
        await this.send(job, deadline).then(resolve, reject);
      });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private send(job: PipelineJob, deadline: number): Promise<Buffer[]> {
    const worker = (this.worker ??= startWorker(this.memoryMb));
    worker.unref();
    return new Promise<Buffer[]>((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onFailure);
        worker.off('exit', onFailure);
      };
      const stop = (error: Error): void => {
        settle();
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        reject(error);
      };
      const onMessage = (outcome: PipelineOutcome): void => {
        settle();
        if ('output' in outcome) resolve(unpackDocuments(outcome.output));
        else {
          const { code, message, extra } = outcome.error;
          reject(new MongoServerError(code, message, decodeTyped(extra)));
        }
      };
      const onFailure = (error: unknown): void => stop(threadFailure(error, this.memoryMb));
      // Past maxTimeMS the thread is stopped mid-pipeline: nothing else could interrupt mingo.
      const timer = setTimeout(
        () => stop(timeLimitExceeded()),
        Math.min(deadline - performance.now(), MAX_TIMER_MS),
      );
      worker.on('message', onMessage);
      worker.on('error', onFailure);
      worker.on('exit', onFailure);
      // Copied, not transferred: a small Buffer may share its memory with others.
      worker.postMessage(job);
    });
  }
}
