// Keeping a long import's memory flat (the bound: under 200 MB of RSS for a
// million rows). Each batch allocates a few megabytes that die with it, but V8 lets its
// heap grow far past what is live before collecting, and grows its young generation to
// 16 MB x 2 under an import's steady allocation. A young generation held at the size it
// has, and a full collection whenever the heap passes a limit, keep the process under the
// bound; the price is CPU, spent on the main thread.
//
// V8 reads its heap sizes when a thread starts, and Node offers no way to give them to the
// main thread after that, so these are set at run time through V8's flags. The engine's own
// thread (src/engine/thread.ts) is given its limits when it starts.
import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | undefined;

/**
 * Keeps the young generation (semi-spaces) at its current size for the rest of the process.
 * Starting a worker thread resets V8's flags: call it again after one has started.
 */
export function limitYoungGeneration(): void {
  try {
    v8.setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    // Not fatal: only memory use depends on it.
  }
}

/** A full garbage collection, when the runtime allows it (else nothing). */
export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      // gc() is only exposed with --expose-gc; the flag applies to contexts made after it.
      v8.setFlagsFromString('--expose-gc');
      const gc: unknown = vm.runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as () => void) : () => undefined;
    } catch {
      collect = () => undefined;
    }
  }
  collect();
}

/** A full collection when V8's heap has grown past `megabytes` (checked once per batch). */
export function collectGarbageAbove(megabytes: number): void {
  if (process.memoryUsage().heapTotal > megabytes * 1024 * 1024) collectGarbage();
}
