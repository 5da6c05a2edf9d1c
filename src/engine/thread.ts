// The engine on a thread of its own, for a long run of writes (an import): the client
// parses and checks the next batch while the engine stores this one, which on two cores
// takes a third off the time. The client talks to it over its socket, exactly as to an
// engine on the main thread.
//
// Such a run must also keep its memory flat: the thread gets a small young generation and,
// unless told otherwise, a small page cache (an import touches each page about once).
import type { EngineOptions, RunningEngine } from './index.js';
import { startWorkerThread } from './worker-thread.js';

/** What the engine thread tells the thread that started it. */
export type EngineThreadMessage =
  | ({ type: 'ready' } & Omit<RunningEngine, 'close'>)
  | { type: 'closed' }
  | {
      type: 'failed';
      message: string;
      name?: string;
      stack?: string | undefined;
      /** What to do about it, when the error says (UnsafeSocketDirectoryError does). */
      hint?: string;
    };

/** The thread's error as this thread sees it: message, name, stack and hint carried over. */
function failure(message: Extract<EngineThreadMessage, { type: 'failed' }>): Error {
  const error: Error & { hint?: string } = new Error(message.message);
  if (message.name !== undefined) error.name = message.name;
  if (message.stack !== undefined) error.stack = message.stack;
  if (message.hint !== undefined) error.hint = message.hint;
  return error;
}

/** The thread's young generation, in MiB: the engine's objects live for one command. */
const YOUNG_GENERATION_MB = 8;
/** SQLite's page cache on the thread, in MiB, unless the options say otherwise. */
const THREAD_CACHE_MB = 8;

export async function startEngineThread(options: EngineOptions): Promise<RunningEngine> {
  const worker = startWorkerThread('thread-worker', 'the engine thread', {
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
