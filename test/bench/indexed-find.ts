// A find on an indexed field among 1,000,000 documents (BENCH_FIND_TOTAL), 200 of them, each
// for one of 100,000 user ids: the median and the 95th percentile. Target < 20 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startEngine } from '../../src/engine/index.js';
import type { BenchModule } from './rows.js';

export const run: BenchModule = async () => {
  const total = Number(process.env.BENCH_FIND_TOTAL ?? 1_000_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'career-bench-find-'));
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
    const size = `among ${total.toLocaleString('en-US')} documents, ${matched} matches each`;
    const [median, p95] = [timings[100] ?? NaN, timings[190] ?? NaN];
    return [
      {
        group: 'find',
        name: 'indexed find, median',
        value: median,
        unit: 'ms',
        target: '< 20 ms',
        met: median < 20,
        note: size,
      },
      {
        group: 'find',
        name: 'indexed find, p95',
        value: p95,
        unit: 'ms',
        target: '< 20 ms',
        met: p95 < 20,
      },
    ];
  } finally {
    await client.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
