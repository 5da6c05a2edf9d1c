// The engine on a worker thread (see thread.ts): started on the options it is given, it
// reports where it listens, and closes when told to.
import { parentPort, workerData } from 'node:worker_threads';
import { startEngine, type EngineOptions, type RunningEngine } from './index.js';
import type { EngineThreadMessage } from './thread.js';

function post(message: EngineThreadMessage): void {
  parentPort?.postMessage(message);
}

async function main(): Promise<void> {
  let engine: RunningEngine;
  try {
    engine = await startEngine(workerData as EngineOptions);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    const hint = 'hint' in failure && typeof failure.hint === 'string' ? failure.hint : undefined;
    post({
      type: 'failed',
      message: failure.message,
      name: failure.name,
      stack: failure.stack,
      ...(hint === undefined ? {} : { hint }),
    });
    return;
  }
  parentPort?.once('message', () => {
    engine.close().then(
      () => post({ type: 'closed' }),
      (error: unknown) => post({ type: 'failed', message: String(error) }),
    );
  });
  const { close: _close, ...where } = engine;
  post({ type: 'ready', ...where });
}

void main();
