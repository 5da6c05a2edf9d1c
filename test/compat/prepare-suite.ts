// Makes a private, writable copy of a Mongoose checkout (the given directory stays untouched),
// installs its locked dependencies there with `npm ci` (npm's cache keeps repeated runs fast),
// and stubs mongodb-memory-server when the tests require it but it is not installed: the runner
// always hands the tests a server through MONGOOSE_TEST_URI, so it must never start a mongod.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MEMORY_SERVER = 'mongodb-memory-server';
const INSTALL_TIMEOUT_MS = 10 * 60_000;

export async function prepareSuite(source: string): Promise<string> {
  for (const required of ['package.json', 'package-lock.json', 'test']) {
    if (!existsSync(join(source, required))) {
      throw new Error(`${source} is not a Mongoose checkout: ${required} is missing`);
    }
  }
  const work = await mkdtemp(join(tmpdir(), 'career-compat-mongoose-'));
  await cp(source, work, {
    recursive: true,
    filter: (path) => !path.includes(`${join(source, 'node_modules')}`),
  });
  await run('chmod', ['-R', 'u+w', work]);
  await run(
    'npm',
    ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
    { cwd: work, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
  );
  if (
    (await testsRequire(work, MEMORY_SERVER)) &&
    !existsSync(join(work, 'node_modules', MEMORY_SERVER))
  ) {
    await stubMemoryServer(join(work, 'node_modules', MEMORY_SERVER));
  }
  return work;
}

async function testsRequire(work: string, moduleName: string): Promise<boolean> {
  const testDir = join(work, 'test');
  for (const name of await readdir(testDir)) {
    if (!name.endsWith('.js')) continue;
    if ((await readFile(join(testDir, name), 'utf8')).includes(`require('${moduleName}')`))
      return true;
  }
  return false;
}

async function stubMemoryServer(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  await writeFile(
    join(directory, 'package.json'),
    `${JSON.stringify({ name: MEMORY_SERVER, version: '0.0.0-career-stub', main: 'index.js' })}\n`,
  );
  const refuse = `async create() { throw new Error('${MEMORY_SERVER} is stubbed: set MONGOOSE_TEST_URI'); }`;
  await writeFile(
    join(directory, 'index.js'),
    `'use strict';\n// Stub written by career's compat runner: the tests get a server through MONGOOSE_TEST_URI.\n` +
      `module.exports.MongoMemoryServer = class { static ${refuse} };\n` +
      `module.exports.MongoMemoryReplSet = class { static ${refuse} };\n`,
  );
}
