// Temporary directories for tests, removed together at the end of a test file.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const created = new Set<string>();

/** A fresh empty directory under the system temp dir (short, so Unix socket paths fit). */
export function makeTempDir(prefix = 'career-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  created.add(dir);
  return dir;
}

/** Call from afterAll: removes every directory made by makeTempDir. */
export function removeTempDirs(): void {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
  created.clear();
}
