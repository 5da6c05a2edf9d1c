// Keeping a long import's memory flat. Each batch allocates a few megabytes that die with
// it, but V8 lets its heap grow far past what is live before collecting (over 250 MB of RSS
// for a large import, with ~30 MB live). A small young generation, and a full collection
// when the heap passes a limit, keep the process under 200 MB; the price is CPU (GC).
import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | undefined;

/**
 * Keeps the young generation (semi-spaces) at its starting size for the rest of the
 * process: under an import's steady allocation V8 grows it to 16 MB x 3, which an import
 * never needs (its objects live for one batch).
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
