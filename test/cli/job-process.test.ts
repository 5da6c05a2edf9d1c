// A child-process smoke test of `career job` (the built CLI, bin/career -> dist/cli.js): exit
// codes and output of a real process, and the same bytes as the in-process harness gives
// (job.test.ts runs everything else in process).
import type { JobAddJson } from '../../src/commands/job/add.js';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { signedInAccount } from '../helpers/accounts.js';
import { runInProcess } from '../helpers/in-process.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

afterAll(removeTempDirs);

describe('career job in a child process', () => {
  it('adds, lists and shows with the exit codes and the bytes of an in-process run', async () => {
    const ada = await signedInAccount('Ada');
    const added = await ada.run(['job', 'add', '--company', 'ACME', '--title', 'Engineer']);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^✓ Added job [0-9a-f]{8}: Engineer at ACME\n$/);
    for (const args of [
      ['job', 'list'],
      ['job', 'list', '--json'],
      ['job', 'show', 'zzzz'],
    ]) {
      const child = await ada.run(args);
      const inProcess = await runInProcess(args, { home: ada.home });
      expect(inProcess, args.join(' ')).toMatchObject({
        code: child.code,
        stdout: child.stdout,
        stderr: child.stderr,
      });
    }
    // Ids made by separate processes differ early: the table shows them shortened.
    const second = await ada.run(['--json', 'job', 'add', '--company', 'Globex', '--title', 'Dev']);
    const secondId = (JSON.parse(second.stdout) as JobAddJson)._id;
    const table = await ada.run(['job', 'list']);
    expect(table.stdout).toContain(secondId.slice(0, 8));
    expect(table.stdout).not.toContain(secondId);
    const missing = await ada.run(['job', 'show', 'ffffffff']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error: /);
  });
});
