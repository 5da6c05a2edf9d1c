// Who can read the data on disk: the data directory is 0700 and the SQLite file, its WAL and
// its shared-memory index are 0600, whatever existed before (an older version made the file
// 0644 in a directory made 0755) and whatever the umask.
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DATA_FILE_NAME, startEngine } from '../../src/engine/index.js';
import { runCli } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 60_000 });

afterAll(() => {
  removeTempDirs();
});

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** The modes of the data dir and the files in it, while the engine has it open after a write. */
async function modesWhileOpen(dataDir: string): Promise<Record<string, number>> {
  const engine = await startEngine({ dataDir });
  const client = await MongoClient.connect(engine.uri);
  try {
    await client.db('career').collection('contacts').insertOne({ name: 'Grace Hopper' });
    const file = path.join(dataDir, DATA_FILE_NAME);
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(existsSync(`${file}-shm`)).toBe(true);
    return {
      dir: modeOf(dataDir),
      file: modeOf(file),
      wal: modeOf(`${file}-wal`),
      shm: modeOf(`${file}-shm`),
    };
  } finally {
    await client.close();
    await engine.close();
  }
}

const PRIVATE = { dir: 0o700, file: 0o600, wal: 0o600, shm: 0o600 };

describe('file modes of the embedded database', () => {
  it('creates the data dir 0700 and the database, WAL and SHM 0600', async () => {
    const dataDir = path.join(makeTempDir('career-modes-'), 'data');
    expect(await modesWhileOpen(dataDir)).toEqual(PRIVATE);
  });

  it('makes a data dir made 0755 and files left 0644 (WAL and SHM too) private', async () => {
    const dataDir = path.join(makeTempDir('career-modes-'), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const engine = await startEngine({ dataDir });
    await engine.close();
    const file = path.join(dataDir, DATA_FILE_NAME);
    chmodSync(file, 0o644);
    // What a process killed mid-write leaves: an (empty) WAL and index, readable by all.
    for (const leftover of [`${file}-wal`, `${file}-shm`]) {
      writeFileSync(leftover, '');
      chmodSync(leftover, 0o644);
    }
    chmodSync(dataDir, 0o755);
    expect(await modesWhileOpen(dataDir)).toEqual(PRIVATE);
  });

  it('leaves them private after a command, in a CAREER_HOME made 0755', async () => {
    const home = makeTempDir('career-modes-');
    const dataDir = path.join(home, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const result = await runCli(['db', 'status'], { home });
    expect(result.code, result.stderr).toBe(0);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, DATA_FILE_NAME))).toBe(0o600);
  });
});
