// Speed figures (printed, never asserted): `npm run bench`.
//  1. insertMany of 100,000 small documents through the driver into the engine, against
//     inserting the same BSON straight into SQLite (the storage's own ceiling).
//  2. a find on an indexed field among 1,000,000 documents.
//  3. `career --version` wall time against `node -e 0`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ObjectId, serialize, type Document } from 'bson';
import { MongoClient } from 'mongodb';
import { startEngine } from '../../src/engine/index.js';
import { run as agendaBench } from './agenda.js';
import { run as contactShowBench } from './contact-show.js';
import { run as backupBench } from './backup.js';
import { run as runImportBench } from './import.js';
import { run as searchBench } from './search.js';
import { run as queryBench } from './query.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const small = (i: number): Document => ({
  _id: new ObjectId(),
  i,
  userId: i % 1000,
  name: `user ${i}`,
  active: i % 2 === 0,
});

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'career-bench-'));
}

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')} docs/s`;
}

/** Runs of each insert measurement; the median is reported (the first run also warms the JIT). */
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function driverInsert(count: number): Promise<number> {
  const dir = tempDir();
  const engine = await startEngine({ dataDir: dir });
  const client = new MongoClient(engine.uri);
  try {
    const timings: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const docs = Array.from({ length: count }, (_, i) => small(i));
      const collection = client.db('bench').collection(`small${run}`);
      await collection.insertOne({ warmup: true });
      const started = performance.now();
      await collection.insertMany(docs, { ordered: true });
      timings.push(performance.now() - started);
    }
    return median(timings);
  } finally {
    await client.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function directInsert(count: number): number {
  const dir = tempDir();
  const db = new Database(path.join(dir, 'direct.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const timings: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      db.exec(`CREATE TABLE docs${run} (id INTEGER PRIMARY KEY, id_key BLOB UNIQUE, doc BLOB)`);
      const encoded = Array.from({ length: count }, (_, i) => {
        const doc = small(i);
        return { key: Buffer.from((doc._id as ObjectId).id), bytes: Buffer.from(serialize(doc)) };
      });
      const insert = db.prepare(`INSERT INTO docs${run} (id_key, doc) VALUES (?, ?)`);
      const started = performance.now();
      db.transaction(() => {
        for (const { key, bytes } of encoded) insert.run(key, bytes);
      })();
      timings.push(performance.now() - started);
    }
    return median(timings);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function indexedFind(
  total: number,
): Promise<{ median: number; p95: number; matched: number }> {
  const dir = tempDir();
  const engine = await startEngine({ dataDir: dir });
  const client = new MongoClient(engine.uri);
  try {
    const collection = client.db('bench').collection('big');
    await collection.createIndex({ userId: 1 });
    const batch = 50_000;
    for (let start = 0; start < total; start += batch) {
      const docs = Array.from({ length: Math.min(batch, total - start) }, (_, i) => ({
        i: start + i,
        userId: (start + i) % 100_000,
        pad: 'x'.repeat(40),
      }));
      await collection.insertMany(docs, { ordered: false });
    }
    const timings: number[] = [];
    let matched = 0;
    for (let q = 0; q < 200; q++) {
      const userId = (q * 7919) % 100_000;
      const started = performance.now();
      const found = await collection.find({ userId }).toArray();
      timings.push(performance.now() - started);
      matched = found.length;
    }
    timings.sort((a, b) => a - b);
    return { median: timings[100] ?? NaN, p95: timings[190] ?? NaN, matched };
  } finally {
    await client.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function medianWallTime(command: string, args: string[], runs: number): number {
  const timings: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(command, args, { cwd: root, stdio: 'ignore' });
    if (result.status !== 0)
      throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  return timings[Math.floor(runs / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const count = Number(process.env.BENCH_INSERT_COUNT ?? 100_000);
  const findTotal = Number(process.env.BENCH_FIND_TOTAL ?? 1_000_000);

  const direct = directInsert(count);
  const driver = await driverInsert(count);
  console.log(
    `insertMany ${count.toLocaleString('en-US')} small documents (median of ${RUNS} runs)`,
  );
  console.log(`  engine through the driver: ${rate(count, driver)} (${driver.toFixed(0)} ms)`);
  console.log(`  SQLite direct, same BSON:  ${rate(count, direct)} (${direct.toFixed(0)} ms)`);
  console.log(
    `  ratio: ${((direct / driver) * 100).toFixed(1)}% of the direct rate (target >= 25%, >= 30,000 docs/s)`,
  );

  const find = await indexedFind(findTotal);
  console.log(
    `find on an indexed field among ${findTotal.toLocaleString('en-US')} documents (${find.matched} matches each)`,
  );
  console.log(
    `  median ${find.median.toFixed(2)} ms, p95 ${find.p95.toFixed(2)} ms (target < 20 ms)`,
  );

  const node = medianWallTime(process.execPath, ['-e', '0'], 15);
  const version = medianWallTime(process.execPath, ['bin/career', '--version'], 15);
  console.log('career --version wall time');
  console.log(
    `  node -e 0: ${node.toFixed(1)} ms, career --version: ${version.toFixed(1)} ms, ratio ${(version / node).toFixed(2)}x (target <= 1.5x)`,
  );

  await backupBench();
  await runImportBench();
}

await main();
await agendaBench();
await searchBench();
await contactShowBench();
await (await import('./startup.js')).run();
await (await import('./rendering.js')).run();
console.table(
  (await queryBench()).map(({ baseline, ...row }) => ({ ...row, ping: baseline?.value })),
);
