// Throughput (issue 17): how fast documents go in and out, each against a baseline of the same
// run:
//  - insertMany of 100,000 small documents through the driver into the engine, against
//    inserting the same BSON straight into SQLite (the storage's own ceiling): target >= 30%;
//  - `career import` of a 100,000-row contacts CSV (a child process, start-up included),
//    against the driver's raw insertMany of the same documents: target >= 50%;
//  - backup create and restore of 200,000 application-like documents (restore: the verifying
//    read, then the load with career's indexes): target >= 50,000 docs/s each.
// BENCH_INSERT_COUNT, BENCH_IMPORT_ROWS and BENCH_BACKUP_DOCS change the sizes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ObjectId, serialize, type Document } from 'bson';
import { MongoClient } from 'mongodb';
import { startEngine } from '../../src/engine/index.js';
import { measureBackup } from './backup.js';
import { measureImport } from './import.js';
import { median, perSecond, ratioRow, type BenchModule, type BenchRow } from './rows.js';

/** Runs of each insert measurement; the median is reported (the first run also warms the JIT). */
const RUNS = 3;
const BACKUP_TARGET = 50_000;

const small = (i: number): Document => ({
  _id: new ObjectId(),
  i,
  userId: i % 1000,
  name: `user ${i}`,
  active: i % 2 === 0,
});

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'career-bench-throughput-'));
}

function sizeFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
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

/** The same documents' BSON into a table shaped like the engine's, one transaction, one statement. */
function directInsert(count: number): number {
  const dir = tempDir();
  const db = new Database(path.join(dir, 'direct.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const timings: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      db.exec(
        `CREATE TABLE docs${run} (rowid INTEGER PRIMARY KEY, id_key BLOB NOT NULL UNIQUE, doc BLOB NOT NULL)`,
      );
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

export const run: BenchModule = async () => {
  const count = sizeFromEnv('BENCH_INSERT_COUNT', 100_000);
  const importRows = sizeFromEnv('BENCH_IMPORT_ROWS', 100_000);
  const backupDocuments = sizeFromEnv('BENCH_BACKUP_DOCS', 200_000);
  const rows: BenchRow[] = [];

  const direct = directInsert(count);
  const driver = await driverInsert(count);
  rows.push(
    ratioRow(
      {
        group: 'throughput',
        name: 'insertMany through the driver',
        value: perSecond(count, driver),
        unit: 'docs/s',
        baseline: { name: 'SQLite direct', value: perSecond(count, direct), unit: 'docs/s' },
        note: `${count.toLocaleString('en-US')} small documents, the same BSON both ways; median of ${RUNS}`,
      },
      { text: '>= 30%', met: (ratio) => ratio >= 0.3 },
    ),
  );

  const imported = await measureImport(importRows);
  rows.push(
    ratioRow(
      {
        group: 'throughput',
        name: 'career import (contacts CSV)',
        value: perSecond(imported.rows, imported.importMs),
        unit: 'rows/s',
        baseline: {
          name: 'raw insertMany',
          value: perSecond(imported.rows, imported.rawMs),
          unit: 'rows/s',
        },
        note: `${imported.rows.toLocaleString('en-US')} rows (${imported.inserted.toLocaleString('en-US')} inserted), a child process, start-up included`,
      },
      { text: '>= 50%', met: (ratio) => ratio >= 0.5 },
    ),
  );

  const backup = await measureBackup(backupDocuments);
  const documents = backup.documents.toLocaleString('en-US');
  const target = `>= ${BACKUP_TARGET.toLocaleString('en-US')} docs/s`;
  const create = perSecond(backup.documents, backup.createMs);
  const restore = perSecond(backup.documents, backup.restoreMs);
  rows.push(
    {
      group: 'throughput',
      name: 'backup create',
      value: create,
      unit: 'docs/s',
      target,
      met: create >= BACKUP_TARGET,
      note: `${documents} application-like documents, ${(backup.archiveBytes / 1024 / 1024).toFixed(1)} MB archive`,
    },
    {
      group: 'throughput',
      name: 'backup verify',
      value: perSecond(backup.documents, backup.verifyMs),
      unit: 'docs/s',
      note: 'every document decoded and checked as a restore stores it',
    },
    {
      group: 'throughput',
      name: 'backup restore',
      value: restore,
      unit: 'docs/s',
      target,
      met: restore >= BACKUP_TARGET,
      note: `the verifying read, then the load with ${backup.indexes} secondary indexes`,
    },
  );
  return rows;
};
