// The parsed `--json` output of a successful run (child process or in process), typed with the
// verb's exported `<Noun><Verb>Json`: one helper instead of a `json<T>` copied into each file.
import { expect } from 'vitest';

export interface RunOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Expects exit 0 and no `error:` line (showing stderr otherwise) and parses stdout as T. With
 * `emptyStderr`, the run must not have written to stderr at all (no notes either).
 */
export function jsonOutput<T>(result: RunOutput, { emptyStderr = false } = {}): T {
  if (emptyStderr) expect(result.stderr).toBe('');
  else expect(result.stderr, 'stderr').not.toMatch(/^error:/m);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}
