// The engine's socket never becomes a door: a data dir too deep for a socket address gets a
// socket in a private 0700 directory (never TCP), that directory is checked before each use,
// and the sockets of killed processes are removed.
import { fork, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine } from '../../src/engine/index.js';
import {
  privateSocketDirectoryPath,
  UnsafeSocketDirectoryError,
} from '../../src/engine/socket-dir.js';
import { startEngineThread } from '../../src/engine/thread.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

const holder = fileURLToPath(new URL('./fixtures/engine-holder.ts', import.meta.url));
const uid = process.getuid?.() ?? 0;
const realTmpdir = process.env.TMPDIR;
/** A fresh parent for the private directory per test: TMPDIR points there. */
let parent: string;
let privateDir: string;

beforeEach(() => {
  parent = makeTempDir('career-tmp-');
  privateDir = privateSocketDirectoryPath(parent);
  process.env.TMPDIR = parent;
});

afterEach(() => {
  if (realTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = realTmpdir;
});

afterAll(removeTempDirs);

/** A data dir whose socket path would pass 100 bytes. */
function deepDataDir(): string {
  return path.join(makeTempDir('career-deep-'), 'd'.repeat(60), 'e'.repeat(40));
}

describe('a data dir too deep for a socket address', () => {
  it('gets a socket in a private 0700 directory, and no TCP listener', async () => {
    const dataDir = deepDataDir();
    const engine = await startEngine({ dataDir });
    try {
      expect(engine.host).toBeUndefined();
      expect(engine.port).toBeUndefined();
      expect(path.dirname(engine.socketPath ?? '')).toBe(privateDir);
      expect(engine.uri).toContain(`@${encodeURIComponent(privateDir)}`);
      const stats = lstatSync(privateDir);
      expect(stats.isDirectory()).toBe(true);
      expect(stats.mode & 0o7777).toBe(0o700);
      expect(stats.uid).toBe(uid);
      expect(statSync(engine.socketPath ?? '').mode & 0o777).toBe(0o600);
      const client = await MongoClient.connect(engine.uri);
      await client.db('career').collection('x').insertOne({ deep: true });
      await client.close();
      expect(existsSync(path.join(dataDir, 'career.sqlite'))).toBe(true);
    } finally {
      await engine.close();
    }
    expect(readdirSync(privateDir)).toEqual([]);
  });

  const unsafe: Array<[string, () => void, RegExp]> = [
    ['open to others (0755)', () => mkdirSync(privateDir, { mode: 0o755 }), /mode is 755/],
    [
      'a symbolic link (even to a 0700 directory of ours)',
      () => {
        const target = makeTempDir('career-target-');
        chmodSync(target, 0o700);
        symlinkSync(target, privateDir);
      },
      /symbolic link/,
    ],
    ['a file', () => writeFileSync(privateDir, ''), /not a directory/],
    [
      'in a parent others may write without the sticky bit',
      () => {
        chmodSync(parent, 0o777);
        mkdirSync(privateDir, { mode: 0o700 });
      },
      /parent is writable by others/,
    ],
  ];
  if (uid === 0) {
    // Only root can give a directory away; elsewhere this case cannot be set up.
    unsafe.push([
      "another user's",
      () => {
        mkdirSync(privateDir, { mode: 0o700 });
        chownSync(privateDir, 65534, 65534);
      },
      /belongs to user 65534/,
    ]);
  }

  for (const [what, setUp, reason] of unsafe) {
    it(`refuses a private directory that is ${what}, and listens nowhere`, async () => {
      setUp();
      const before = lstatSync(privateDir);
      const started = startEngine({ dataDir: deepDataDir() });
      await expect(started).rejects.toBeInstanceOf(UnsafeSocketDirectoryError);
      await expect(started).rejects.toThrow(reason);
      // Left as it was: not "repaired", not used.
      const after = lstatSync(privateDir);
      expect([after.mode, after.uid, after.isSymbolicLink()]).toEqual([
        before.mode,
        before.uid,
        before.isSymbolicLink(),
      ]);
      if (after.isDirectory()) expect(readdirSync(privateDir)).toEqual([]);
    });
  }
});

describe('an engine on a thread of its own', () => {
  it("refuses an unsafe private directory with the error's name and hint", async () => {
    mkdirSync(privateDir, { mode: 0o700 });
    chmodSync(privateDir, 0o755);
    const started = startEngineThread({ dataDir: deepDataDir() });
    await expect(started).rejects.toMatchObject({
      name: 'UnsafeSocketDirectoryError',
      message: expect.stringContaining('its mode is 755, not 700') as unknown,
      hint: new UnsafeSocketDirectoryError(privateDir, 'any reason').hint,
    });
  }, 60_000);
});

describe('sockets of killed processes', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  function hold(dataDir: string): Promise<{ child: ChildProcess; socketPath: string }> {
    const child = fork(holder, [dataDir], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, TMPDIR: parent },
      stdio: 'inherit',
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.once('message', (message: { socketPath: string }) =>
        resolve({ child, socketPath: message.socketPath }),
      );
      child.once('exit', (code) => reject(new Error(`the holder exited (${code}) early`)));
    });
  }

  async function killHard(child: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  it('are removed when the next engine starts, in the data dir and the private dir; live ones stay', async () => {
    const dataDir = makeTempDir('career-stale-');
    const [inDataDir, inPrivateDir, alive] = await Promise.all([
      hold(dataDir),
      hold(deepDataDir()),
      hold(deepDataDir()),
    ]);
    expect(path.dirname(inDataDir.socketPath)).toBe(dataDir);
    expect(path.dirname(inPrivateDir.socketPath)).toBe(privateDir);
    await killHard(inDataDir.child);
    await killHard(inPrivateDir.child);
    // What kill -9 leaves behind.
    expect(existsSync(inDataDir.socketPath)).toBe(true);
    expect(existsSync(inPrivateDir.socketPath)).toBe(true);
    // A file that only looks like a socket of a dead process is not ours to remove.
    const lookalike = path.join(dataDir, 'engine-999999999-1.sock');
    writeFileSync(lookalike, '');

    const engine = await startEngine({ dataDir });
    await engine.close();
    expect(existsSync(inDataDir.socketPath)).toBe(false);
    expect(existsSync(inPrivateDir.socketPath)).toBe(false);
    expect(existsSync(alive.socketPath)).toBe(true);
    expect(existsSync(lookalike)).toBe(true);
  });
});
