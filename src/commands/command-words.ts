// The words of the command a run is running ("apply status"), for what names it below the
// command layer (the undo journal's steps). Kept per run (AsyncLocalStorage), as notices are,
// so runs in one process never see each other's.
import { AsyncLocalStorage } from 'node:async_hooks';

const running = new AsyncLocalStorage<{ words: readonly string[] }>();

/** Runs `work` (one run of the CLI) with its own command words, empty until parsed. */
export function namingCommand<T>(work: () => T): T {
  return running.run({ words: [] }, work);
}

/** Sets the words of the command this run is about to run (from commander's preAction). */
export function setRunningCommand(words: readonly string[]): void {
  const store = running.getStore();
  if (store !== undefined) store.words = [...words];
}

/** The words of the command this run runs ("apply status"); '' outside a run. */
export function runningCommand(): string {
  return running.getStore()?.words.join(' ') ?? '';
}
