// Several processes on one data dir: no lost writes, and a SIGKILL mid-insert leaves each
// write command either fully applied or not at all.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine } from '../../src/engine/index.js';

const writer = fileURLToPath(new URL('./fixtures/writer.ts', import.meta.url));
// The writer is TypeScript importing the engine's sources.
const TSX = ['--import', 'tsx'];
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'career-proc-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function message(child: ChildProcess, wanted: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on('message', (text) => text === wanted && resolve());
    child.once('exit', () => reject(new Error(`writer exited before '${wanted}'`)));
  });
}

async function withClient<T>(dataDir: string, fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const engine = await startEngine({ dataDir });
  const client = new MongoClient(engine.uri);
  try {
    return await fn(client);
  } finally {
    await client.close();
    await engine.close();
  }
}

describe('several processes on one data dir', () => {
  it('two processes writing 1,000 documents each leave 2,000 documents', async () => {
    const dataDir = tempDir();
    const children = ['a', 'b'].map((tag) =>
      fork(writer, [dataDir, tag, '1000', '1'], { stdio: 'inherit', execArgv: TSX }),
    );
    const codes = await Promise.all(children.map(exited));
    expect(codes).toEqual([0, 0]);
    await withClient(dataDir, async (client) => {
      const docs = client.db('shared').collection('docs');
      expect(await docs.countDocuments({})).toBe(2000);
      for (const tag of ['a', 'b']) {
        const seen = await docs.distinct('i', { tag });
        expect(seen).toHaveLength(1000);
      }
    });
  });

  it('a process killed during a large insert leaves only whole write commands', async () => {
    const dataDir = tempDir();
    const batch = 5000;
    const child = fork(writer, [dataDir, 'k', String(batch * 40), String(batch)], {
      stdio: 'inherit',
      execArgv: TSX,
    });
    await message(child, 'first-write');
    child.kill('SIGKILL');
    await exited(child);
    await withClient(dataDir, async (client) => {
      const docs = client.db('shared').collection('docs');
      const perBatch = await docs
        .aggregate<{ _id: number; n: number }>([{ $group: { _id: '$batch', n: { $sum: 1 } } }])
        .toArray();
      expect(perBatch.length).toBeGreaterThan(0);
      for (const group of perBatch) expect(group.n).toBe(batch);
      // The database is still writable after the crash.
      await docs.insertOne({ after: true });
      expect(await docs.countDocuments({ after: true })).toBe(1);
    });
  });
});
