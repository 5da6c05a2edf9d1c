// Test runner threads (runOnThread / waitForThread): operations queued on a thread run one after
// another, concurrently with the main sequence; the first failure is kept for waitForThread.
import { RunnerError } from './values.js';

export class RunnerThread {
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown;

  /** Starts `operation` once the thread's earlier operations are done; does not wait for it. */
  run(operation: () => Promise<void>): void {
    this.tail = this.tail.then(async () => {
      if (this.failure !== undefined) return;
      try {
        await operation();
      } catch (error) {
        this.failure = error ?? new Error('thread operation failed');
      }
    });
  }

  /** Waits for the queued operations (at most `timeoutMS`), then raises the first failure. */
  async wait(timeoutMS: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMS);
    });
    const outcome = await Promise.race([this.tail.then(() => 'done' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') throw new RunnerError(`thread still busy after ${timeoutMS} ms`);
    if (this.failure !== undefined) throw this.failure;
  }
}
