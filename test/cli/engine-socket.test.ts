// The CLI's in-process engine with a CAREER_HOME too deep for a socket address: it listens on a
// socket in the private directory (never on TCP, where any local user could connect), or
// refuses to start when that directory is not safe.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { privateSocketDirectoryPath } from '../../src/engine/socket-dir.js';
import { TEST_PASSWORD } from '../helpers/accounts.js';
import { tcpListeners } from '../helpers/proc.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

/** A CAREER_HOME whose data dir's socket path would pass 100 bytes, and a TMPDIR of its own. */
function deepHome(): { home: string; env: Record<string, string>; privateDir: string } {
  const tmp = makeTempDir('career-tmp-');
  return {
    home: path.join(makeTempDir('career-deep-'), 'h'.repeat(90)),
    env: { TMPDIR: tmp },
    privateDir: privateSocketDirectoryPath(tmp),
  };
}

async function waitFor<T>(what: string, probe: () => T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const found = probe();
    if (found !== undefined) return found;
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.skipIf(process.platform !== 'linux')('a CAREER_HOME too deep for a socket', () => {
  it("puts the command's engine on a socket in the private directory, never on TCP", async () => {
    const { home, env, privateDir } = deepHome();
    const registered = await runCli(
      ['auth', 'register', '--name', 'Deep', '--email', 'deep@example.com'],
      { home, env: { ...env, CAREER_PASSWORD: TEST_PASSWORD } },
    );
    expect(registered.code, registered.stderr).toBe(0);

    // An import from stdin keeps its engine (on a thread) listening while stdin stays open; it
    // connects once it has read the first 64 KiB (these rows are 140 KB).
    const run = spawnCli(['import', '-', '--type', 'contacts', '--format', 'csv'], {
      home,
      env,
      keepStdinOpen: true,
    });
    try {
      const rows = Array.from({ length: 4000 }, (_, i) => `Person ${i},person${i}@example.com\n`);
      run.child.stdin.write(`name,email\n${rows.join('')}`);
      const socket = await waitFor('the socket in the private directory', () =>
        readdirSync(privateDir, { withFileTypes: true }).find((entry) =>
          /^engine-\d+-\d+-\d+\.sock$/.test(entry.name),
        ),
      );
      expect(statSync(privateDir).mode & 0o7777).toBe(0o700);
      // The engine makes the socket owner-only right after listen() creates it (the 0700
      // directory keeps others out meanwhile): wait for that, rather than race it.
      const socketMode = await waitFor('the socket to be made owner-only', () => {
        const mode = statSync(path.join(privateDir, socket.name)).mode & 0o777;
        return mode === 0o600 ? mode : undefined;
      });
      expect(socketMode).toBe(0o600);
      expect(tcpListeners(run.child.pid ?? 0)).toEqual([]);
      run.child.stdin.end();
      expect(await run.exited).toEqual({ code: 0, signal: null });
    } finally {
      run.child.kill('SIGKILL');
    }
    expect(run.stdout()).toContain('4000 new');
    expect(readdirSync(privateDir)).toEqual([]);
  });

  it('refuses to start when the private directory is open to others: exit 7, error and hint', async () => {
    const { home, env, privateDir } = deepHome();
    mkdirSync(privateDir, { mode: 0o755 });
    const result = await runCli(['db', 'status'], { home, env });
    expect(result.code).toBe(7);
    expect(result.stderr).toBe(
      `error: cannot start the embedded database in ${path.join(home, 'data')}: the private socket directory ${privateDir} is not safe to use: its mode is 755, not 700\n` +
        'hint: remove that directory if it is yours (career makes it again), or use a shorter CAREER_HOME\n',
    );
    expect(readdirSync(privateDir)).toEqual([]);
  });
});
