// The engine on a thread of its own, for a long run of writes (an import): the client
// parses and checks the next batch while the engine stores this one, which on two cores
// takes a third off the time. The client talks to it over its socket, exactly as to an
// engine on the main thread.
//
// Such a run must also keep its memory flat: the thread gets a small young generation and,
// unless told otherwise, a small page cache (an import touches each page about once).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EngineOptions, RunningEngine } from './index.js';

/** What the engine thread tells the thread that started it. */
export type EngineThreadMessage =
  | ({ type: 'ready' } & Omit<RunningEngine, 'close'>)
  | { type: 'closed' }
  | { type: 'failed'; message: string; name?: string; stack?: string | undefined };

/**
 * The worker's module: beside this one when running from source; in the bundle (dist/),
 * built as its own entry point, engine/thread-worker.js under the bundle's root, while this
 * code sits in the root or in one of its chunks/.
 */
function workerUrl(): URL {
  const candidates = import.meta.url.endsWith('.ts')
    ? ['./thread-worker.ts']
    : ['./engine/thread-worker.js', '../engine/thread-worker.js'];
  for (const candidate of candidates) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(`the engine thread's module is missing (looked for ${candidates.join(', ')})`);
}

function failure(message: Extract<EngineThreadMessage, { type: 'failed' }>): Error {
  const error = new Error(message.message);
  if (message.name !== undefined) error.name = message.name;
  if (message.stack !== undefined) error.stack = message.stack;
  return error;
}

/** The thread's young generation, in MiB: the engine's objects live for one command. */
const YOUNG_GENERATION_MB = 8;
/** SQLite's page cache on the thread, in MiB, unless the options say otherwise. */
const THREAD_CACHE_MB = 8;

export async function startEngineThread(options: EngineOptions): Promise<RunningEngine> {
  const worker = new Worker(workerUrl(), {
    workerData: { cacheMb: THREAD_CACHE_MB, ...options },
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  // A crash of the thread after it started: kept, and thrown by close().
  let crashed: Error | undefined;
  const started = await new Promise<Omit<RunningEngine, 'close'>>((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    const onExit = (code: number): void =>
      reject(new Error(`the engine's thread stopped (exit code ${code}) before it started`));
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.once('message', (message: EngineThreadMessage) => {
      worker.off('error', onError);
      worker.off('exit', onExit);
      worker.on('error', (error: Error) => (crashed = error));
      if (message.type === 'ready') {
        const { type: _type, ...where } = message;
        resolve(where);
      } else if (message.type === 'failed') {
        reject(failure(message));
      }
    });
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });

  const close = async (): Promise<void> => {
    if (crashed) throw crashed;
    const reply = new Promise<EngineThreadMessage>((resolve) => {
      worker.once('message', resolve);
      worker.once('exit', () => resolve({ type: 'closed' }));
    });
    worker.postMessage('close');
    const message = await reply;
    await worker.terminate();
    if (crashed) throw crashed;
    if (message.type === 'failed') throw failure(message);
  };
  return { ...started, close };
}
