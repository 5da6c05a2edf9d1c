// What bin/career runs (bundled alone as dist/launch.cjs): it answers `--version` from
// package.json, and otherwise runs the CLI's bundle (dist/main/cli.cjs, from src/cli.ts)
// through V8's code cache, so a command does not pay for compiling the code it runs. Node's
// own compile cache (module.enableCompileCache, Node >= 22.1) is used where there is one;
// elsewhere the bundle is compiled with vm.Script and the cache of what the command compiled
// is stored after it, one file per noun (`apply`, `agenda`, `--help`...: each runs different
// code) in the cache directory (CAREER_HOME/cache), 0700 and 0600. A cache file that is not
// ours (another build, Node version or owner), damaged or refused by V8 is ignored and
// rewritten: the cache can only make start-up faster, never change what a command does.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { careerPaths } from './db/paths.js';

/** The start of every cache file, then the payload's SHA-1, then the payload. */
const MAGIC = Buffer.from('career-code-cache-1\n');
const DIGEST_BYTES = 20;

interface LaunchPaths {
  bundle: string;
  buildId: string;
  cacheDir: string;
}

function packageVersion(dir: string): string {
  const packageJson: unknown = JSON.parse(
    fs.readFileSync(path.join(dir, '..', 'package.json'), 'utf8'),
  );
  const version = (packageJson as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

/** The noun the cache file is for: `apply`, `agenda`; `-` for options only (`--help`). */
export function cacheKey(args: readonly string[]): string {
  const noun = args.find((arg) => !arg.startsWith('-'));
  if (noun === undefined) return 'options';
  return /^[a-z_]{1,20}$/.test(noun) ? noun : 'other';
}

/** The cache file of this bundle, Node version and noun. */
export function cacheFile(paths: LaunchPaths, key: string): string {
  const version = `${process.version}-${process.arch}`;
  return path.join(paths.cacheDir, `code-${paths.buildId}-${version}-${key}.bin`);
}

/** The cached code in `file`, when it is this user's own, private and undamaged. */
export function readCache(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    const mine = typeof process.getuid !== 'function' || stat.uid === process.getuid();
    if (!stat.isFile() || !mine || (stat.mode & 0o077) !== 0) return undefined;
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const start = MAGIC.length + DIGEST_BYTES;
  if (bytes.length <= start || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const payload = bytes.subarray(start);
  const digest = createHash('sha1').update(payload).digest();
  return digest.equals(bytes.subarray(MAGIC.length, start)) ? payload : undefined;
}

/** Removes the code caches of other builds and Node versions (they would never be read). */
function removeStaleCaches(dir: string, current: string): void {
  const prefix = current.slice(0, current.lastIndexOf('-') + 1);
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith('code-') && !name.startsWith(prefix)) {
      fs.rmSync(path.join(dir, name), { force: true });
    }
  }
}

/** Stores `payload` in `file` (0600, in a 0700 directory), atomically; never throws. */
export function writeCache(file: string, payload: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    removeStaleCaches(path.dirname(file), path.basename(file));
    const digest = createHash('sha1').update(payload).digest();
    fs.writeFileSync(temp, Buffer.concat([MAGIC, digest, payload]), { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}

/**
 * With CAREER_DEBUG_STARTUP=1, what start-up did is printed to stderr at exit: the time of
 * each step, the code cache's state and the files Node loaded (the bundle's external
 * packages, such as better-sqlite3 for the embedded engine, appear there once loaded).
 */
const debugStartup = process.env.CAREER_DEBUG_STARTUP === '1';
const marks: string[] = [];

function mark(what: string): void {
  if (debugStartup) marks.push(`${what} ${performance.now().toFixed(1)} ms`);
}

function printStartup(): void {
  const root = path.join(__dirname, '..');
  const files = Object.keys(createRequire(__filename).cache).map((file) =>
    path.relative(root, file),
  );
  // Node's own modules loaded so far (undocumented, hence read defensively).
  const list = (process as { moduleLoadList?: unknown }).moduleLoadList;
  const builtins = (Array.isArray(list) ? (list as string[]) : [])
    .filter((entry) => entry.startsWith('NativeModule ') && !entry.includes('internal/'))
    .map((entry) => `node:${entry.slice('NativeModule '.length)}`);
  process.stderr.write(
    `startup: ${marks.join(', ')}, exit ${performance.now().toFixed(1)} ms\n` +
      `startup: loaded ${[...files, ...builtins].join(' ')}\n`,
  );
}

/** Runs the bundle compiled by vm.Script, with the cache in `file` and rewriting it if refused. */
function runWithCodeCache(bundle: string, file: string): void {
  // The build escapes every non-ASCII character, so the bundle reads as latin1, a copy,
  // rather than through the slower UTF-8 decoding (which stays for a bundle that is not).
  const bytes = fs.readFileSync(bundle);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const cachedData = readCache(file);
  mark(`read (cache: ${cachedData === undefined ? 'none' : `${cachedData.length} bytes`})`);
  const script = new vm.Script(Module.wrap(source), {
    filename: bundle,
    // The bundle's one import() left is of a Node built-in (the MongoDB driver's `os`).
    importModuleDynamically: (specifier: string) => import(specifier),
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // Once the command is done, the cache holds every function it compiled.
    process.once('exit', () => writeCache(file, script.createCachedData()));
  }
  const verdict = script.cachedDataRejected === true ? 'rejected' : 'accepted';
  mark(`compiled (cache: ${cachedData === undefined ? 'none' : verdict})`);
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
  wrapper(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
}

function buildIdOf(dir: string): string {
  try {
    return fs.readFileSync(path.join(dir, 'build-id'), 'utf8').trim();
  } catch {
    return '';
  }
}

function launch(dir: string): void {
  const args = process.argv.slice(2);
  if (debugStartup) process.once('exit', printStartup);
  mark('launch');
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${packageVersion(dir)}\n`);
    return;
  }
  // dist/ is a bundle: with --debug, stack traces point at the TypeScript sources instead
  // (enabled before the bundle is compiled, so its source map is read).
  if (args.includes('--debug')) process.setSourceMapsEnabled(true);
  // Without a noun (`career`, `--help`, a usage error) nothing but commander and the
  // registry of nouns runs: dist/main/help.cjs is that much of src/cli.ts, without the nouns.
  const key = cacheKey(args);
  const bundle = path.join(dir, 'main', key === 'options' ? 'help.cjs' : 'cli.cjs');
  const cacheDir = careerPaths().cacheDir;
  const enableCompileCache = (Module as { enableCompileCache?: (dir: string) => unknown })
    .enableCompileCache;
  const buildId = buildIdOf(dir);
  if (typeof enableCompileCache === 'function') {
    enableCompileCache(path.join(cacheDir, 'node-compile-cache'));
    createRequire(bundle)(bundle);
  } else if (buildId === '' || process.env.CAREER_CODE_CACHE === '0') {
    createRequire(bundle)(bundle);
  } else {
    runWithCodeCache(bundle, cacheFile({ bundle, buildId, cacheDir }, key));
  }
}

launch(__dirname);
