// The --json output of a successful run, typed with the verb's exported Json type
// (src/commands/<noun>/<verb>.ts): fails the test on an error line or a non-zero exit.
import { expect } from 'vitest';

export interface RunOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** With `emptyStderr`, the run must not have written to stderr at all (no notes either). */
export function jsonOutput<T>(result: RunOutput, { emptyStderr = false } = {}): T {
  if (emptyStderr) expect(result.stderr).toBe('');
  else expect(result.stderr).not.toMatch(/^error:/m);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}
