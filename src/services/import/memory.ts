// Keeping a long import's memory flat (the bound: under 200 MB of RSS for a
// million rows). Each batch allocates a few megabytes that die with it, but by default V8
// grows its young generation to 16 MB x 2 under an import's steady allocation, and lets
// the old generation grow to several times what is live before it marks again.
//
// V8 reads its heap sizes when a thread starts, and Node offers no way to give them to the
// main thread after that; these two flags are read at each collection, so setting them at
// run time works. The engine's own thread is given its limits when it starts
// (src/engine/thread.ts).
import v8 from 'node:v8';

/** After a major collection, the old generation may grow this much (%) before the next. */
const HEAP_GROWING_PERCENT = 50;

/**
 * Holds the young generation at the size it has, and the old generation close to what is
 * live, for the rest of the process. Starting a worker thread resets V8's flags (seen with
 * Node 20): call it again once the engine's thread has started.
 */
export function keepMemoryFlat(): void {
  try {
    v8.setFlagsFromString('--semi-space-growth-factor=1');
    v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    // Not fatal: only memory use depends on it.
  }
}
