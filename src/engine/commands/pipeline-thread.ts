// Big pipelines off the engine's thread. mingo runs a pipeline's stages in one go: a $group
// over 200,000 documents holds a thread for a second or more, which no pause can break up. So
// a pipeline over many documents runs on a thread of its own, while the engine's thread goes
// on serving every connection; past its maxTimeMS the thread is stopped, and started again
// for the next pipeline.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Document } from 'bson';
import { decodeTyped, encode } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';
import { timeLimitExceeded, type TimeBudget } from './budget.js';

/** Pipelines over at least this many documents run on the pipeline thread. */
export const OFF_THREAD_INPUT = 10_000;

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

/** The worker's module, beside this one from source, or in the bundle's engine/ folder. */
function workerUrl(): URL {
  const candidates = import.meta.url.endsWith('.ts')
    ? ['../pipeline-worker.ts']
    : ['./engine/pipeline-worker.js', '../engine/pipeline-worker.js'];
  for (const candidate of candidates) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(`the pipeline thread's module is missing (looked for ${candidates.join(', ')})`);
}

function startWorker(): Worker {
  const url = workerUrl();
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  // From source (the tests): the worker loads TypeScript through tsx, as its parent does.
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true });
}

export class PipelineThread {
  private worker: Worker | undefined;
  /** One pipeline at a time: the next waits for the last (its time counts). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataFile: string) {}

  /** Runs the pipeline on the thread; the results come back decoded. */
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
    const result = this.queue.then(() => this.send(job, budget));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private send(job: PipelineJob, budget: TimeBudget): Promise<Buffer[]> {
    const worker = (this.worker ??= startWorker());
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
      const onFailure = (error: unknown): void =>
        stop(
          new MongoServerError(
            ErrorCode.InternalError,
            `the pipeline thread failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      // Past maxTimeMS the thread is stopped mid-pipeline: nothing else could interrupt mingo.
      const timer = setTimeout(
        () => stop(timeLimitExceeded()),
        Math.min(budget.remainingMs(), 2 ** 31 - 1),
      );
      worker.on('message', onMessage);
      worker.on('error', onFailure);
      worker.on('exit', onFailure);
      // Copied, not transferred: a small Buffer may share its memory with others.
      worker.postMessage(job);
    });
  }
}
