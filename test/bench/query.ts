// Per-query cost (issue 17): an indexed find of one document through the driver, against a
// ping on the same connection (the round trip with no query at all). A real mongod answers
// such a find in about a ping's time; the target is <= 2x. Also a compound equality + range
// find and a find sorted by the index with a limit. Printed, never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { startEngine } from '../../src/engine/index.js';
import type { BenchModule, BenchRow } from './rows.js';

const DOCUMENTS = 10_000;
const USERS = 100;
const ROUNDS = 2_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Interleaved, so load changes during the run touch both measurements alike. */
async function medians(
  rounds: number,
  a: (round: number) => Promise<unknown>,
  b: (round: number) => Promise<unknown>,
): Promise<[number, number]> {
  const first: number[] = [];
  const second: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let started = performance.now();
    await a(round);
    first.push(performance.now() - started);
    started = performance.now();
    await b(round);
    second.push(performance.now() - started);
  }
  return [median(first), median(second)];
}

async function seed(db: Db): Promise<ObjectId[]> {
  const users = Array.from({ length: USERS }, () => new ObjectId());
  const base = Date.UTC(2026, 0, 1);
  const collection = db.collection('applications');
  await collection.createIndex({ key: 1 }, { unique: true });
  await collection.createIndex({ userId: 1, appliedAt: -1 });
  await collection.insertMany(
    Array.from({ length: DOCUMENTS }, (_, i) => ({
      key: `k${i}`,
      userId: users[i % USERS],
      appliedAt: new Date(base + i * 3_600_000),
      company: `Company ${i % 500}`,
      status: i % 3 === 0 ? 'applied' : 'interview',
      notes: 'x'.repeat(200),
    })),
  );
  return users;
}

export const run: BenchModule = async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'career-bench-query-'));
  const engine = await startEngine({ dataDir: dir });
  const client = new MongoClient(engine.uri, { maxPoolSize: 1 });
  try {
    const db = client.db('bench');
    const users = await seed(db);
    const collection = db.collection('applications');
    const admin = client.db('admin');
    const ping = (): Promise<unknown> => admin.command({ ping: 1 });
    // Warm the JIT, the statement caches and the connection.
    for (let i = 0; i < 300; i++) {
      await ping();
      await collection.findOne({ key: `k${i}` });
    }
    const [onePing, one] = await medians(ROUNDS, ping, (round) =>
      collection.findOne({ key: `k${(round * 7919) % DOCUMENTS}` }),
    );
    const since = new Date(Date.UTC(2026, 0, 1) + (DOCUMENTS - 2_000) * 3_600_000);
    const [rangePing, range] = await medians(ROUNDS / 4, ping, (round) =>
      collection.find({ userId: users[round % USERS], appliedAt: { $gte: since } }).toArray(),
    );
    const [sortPing, sorted] = await medians(ROUNDS / 4, ping, (round) =>
      collection
        .find({ userId: users[round % USERS] })
        .sort({ appliedAt: -1 })
        .limit(5)
        .toArray(),
    );
    const row = (
      name: string,
      value: number,
      baseline: number,
      target: number,
      note: string,
    ): BenchRow => ({
      group: 'query',
      name,
      value: Number(value.toFixed(3)),
      unit: 'ms',
      baseline: { name: 'ping, same connection', value: Number(baseline.toFixed(3)), unit: 'ms' },
      ratio: Number((value / baseline).toFixed(2)),
      target: `<= ${target}x`,
      met: value <= target * baseline,
      note,
    });
    return [
      row(
        'findOne by a unique indexed field',
        one,
        onePing,
        2,
        `${DOCUMENTS.toLocaleString('en-US')} documents, median of ${ROUNDS}`,
      ),
      row(
        'find: equality + range on a compound index',
        range,
        rangePing,
        4,
        `about 20 of ${DOCUMENTS / USERS} per user`,
      ),
      row(
        'find: equality, sorted by the next index field, limit 5',
        sorted,
        sortPing,
        4,
        'the index gives the order: no sort, stops after 5',
      ),
    ];
  } finally {
    await client.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

// `npx tsx test/bench/query.ts` runs this module alone.
if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  console.table((await run()).map(({ baseline, ...row }) => ({ ...row, ping: baseline?.value })));
}
