// Start-up of the built CLI (src/launch.ts), in child processes: the code cache lives in
// CAREER_HOME/cache, private (0700, 0600), one file per noun; a damaged or foreign cache file
// is ignored (the command's output is the same) and replaced; `--help` loads neither the
// embedded engine nor the database driver. CAREER_DEBUG_STARTUP=1 makes the launcher say what
// it did on stderr (the cache's state, the files and Node modules loaded), which is what these
// tests observe. Speed itself is measured by `npm run bench` (test/bench/startup.ts), never here.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

afterAll(() => removeTempDirs());

const MAGIC = Buffer.from('career-code-cache-1\n');
const DEBUG = { CAREER_DEBUG_STARTUP: '1' };

function cacheFiles(home: string): string[] {
  return readdirSync(path.join(home, 'cache'))
    .filter((name) => name.startsWith('code-'))
    .map((name) => path.join(home, 'cache', name));
}

/** The one cache file of `noun` (`options` for `--help`) in `home`. */
function cacheFileOf(home: string, noun: string): string {
  const files = cacheFiles(home).filter((file) => file.endsWith(`-${noun}.bin`));
  expect(files).toHaveLength(1);
  return files[0] as string;
}

/** What the launcher said about the cache: "none", "accepted" or "rejected". */
function cacheVerdict(result: CliResult): string | undefined {
  return /compiled \(cache: (\w+)\)/.exec(result.stderr)?.[1];
}

function loadedBy(result: CliResult): string[] {
  const line = result.stderr.split('\n').find((text) => text.startsWith('startup: loaded '));
  return (line ?? '').slice('startup: loaded '.length).split(' ');
}

function mode(file: string): number {
  return statSync(file).mode & 0o777;
}

/** A cache file with our header and a valid digest around `payload`. */
function withHeader(payload: Buffer): Buffer {
  return Buffer.concat([MAGIC, createHash('sha1').update(payload).digest(), payload]);
}

describe('start-up: the code cache', () => {
  it('keeps one private file per noun in CAREER_HOME/cache and uses it the next time', async () => {
    const home = makeTempDir();
    const first = await runCli(['--help'], { home, env: DEBUG });
    expect(first.code).toBe(0);
    expect(cacheVerdict(first)).toBe('none');
    expect(mode(path.join(home, 'cache'))).toBe(0o700);
    const file = cacheFileOf(home, 'options');
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file).subarray(0, MAGIC.length)).toEqual(MAGIC);

    const second = await runCli(['--help'], { home, env: DEBUG });
    expect(cacheVerdict(second)).toBe('accepted');
    expect(second.stdout).toBe(first.stdout);

    // Another noun has its own file; nothing is written outside CAREER_HOME.
    const usage = await runCli(['job', '--help'], { home });
    expect(usage.code).toBe(0);
    expect(mode(cacheFileOf(home, 'job'))).toBe(0o600);
    expect(readdirSync(usage.userHome)).toEqual([]);
  });

  it('ignores a damaged cache file (same output) and writes a good one again', async () => {
    const home = makeTempDir();
    const clean = await runCli(['--help'], { home });
    const file = cacheFileOf(home, 'options');
    const good = readFileSync(file);

    const flipped = Buffer.from(good);
    for (let at = MAGIC.length + 40; at < flipped.length; at += 997) {
      flipped[at] = (flipped[at] ?? 0) ^ 0xff;
    }
    for (const damaged of [flipped, good.subarray(0, good.length >> 1), Buffer.from('junk')]) {
      writeFileSync(file, damaged, { mode: 0o600 });
      const result = await runCli(['--help'], { home, env: DEBUG });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(clean.stdout);
      expect(cacheVerdict(result)).toBe('none');
      expect(readFileSync(cacheFileOf(home, 'options')).equals(damaged)).toBe(false);
    }
    const after = await runCli(['--help'], { home, env: DEBUG });
    expect(cacheVerdict(after)).toBe('accepted');
  });

  it('ignores a cache that is not its own: code V8 refuses, a file others can read', async () => {
    const home = makeTempDir();
    const clean = await runCli(['--help'], { home });
    const file = cacheFileOf(home, 'options');

    // Well-formed for our header, but not V8's code of this bundle (another build, Node...).
    writeFileSync(file, withHeader(randomBytes(4096)), { mode: 0o600 });
    const foreign = await runCli(['--help'], { home, env: DEBUG });
    expect(foreign.code).toBe(0);
    expect(foreign.stdout).toBe(clean.stdout);
    expect(cacheVerdict(foreign)).toBe('rejected');
    expect(cacheVerdict(await runCli(['--help'], { home, env: DEBUG }))).toBe('accepted');

    // A cache file others may read or write is never trusted, and is replaced by a private one.
    chmodSync(file, 0o666);
    const shared = await runCli(['--help'], { home, env: DEBUG });
    expect(shared.stdout).toBe(clean.stdout);
    expect(cacheVerdict(shared)).toBe('none');
    expect(mode(cacheFileOf(home, 'options'))).toBe(0o600);
  });

  it('answers --version before the bundle, and runs without a cache when told to', async () => {
    const home = makeTempDir();
    const version = await runCli(['--version'], { home, env: DEBUG });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(version.stderr).not.toMatch(/compiled/);
    const uncached = await runCli(['--help'], { home, env: { CAREER_CODE_CACHE: '0' } });
    expect(uncached.code).toBe(0);
    expect(uncached.stdout).toMatch(/^Usage: career/);
    expect(readdirSync(home)).not.toContain('cache');
  });
});

describe('start-up: what each command loads', () => {
  it('--help loads neither the embedded engine (SQLite), the driver (tls) nor bcrypt', async () => {
    const help = await runCli(['--help'], { env: DEBUG });
    expect(help.code).toBe(0);
    const loaded = loadedBy(help);
    expect(loaded).toContain('dist/launch.cjs');
    expect(loaded.filter((file) => /better-sqlite3|bcrypt/.test(file))).toEqual([]);
    expect(loaded).not.toContain('node:tls');

    // The same marker sees them when a command opens the data (here: not signed in, exit 6).
    const whoami = await runCli(['auth', 'whoami'], { env: DEBUG });
    expect(whoami.code).toBe(6);
    const opened = loadedBy(whoami);
    expect(opened.some((file) => file.includes('better-sqlite3'))).toBe(true);
    expect(opened).toContain('node:tls');
  });
});
