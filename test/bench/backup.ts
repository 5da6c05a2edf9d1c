// Backup and restore speed (throughput.ts reports it): 200,000 application-like documents, with
// the indexes career declares on applications, in the embedded engine, run in one process as
// `career backup create` / `restore` run them (engine and client together; a restore's engine
// on a thread of its own), through the same src/db/backup code.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Decimal128,
  Long,
  MongoClient,
  ObjectId,
  type CreateIndexesOptions,
  type Document,
} from 'mongodb';
import { readArchive } from '../../src/db/backup/reader.js';
import { restoreArchive } from '../../src/db/backup/restore.js';
import { collectionNames, writeArchive } from '../../src/db/backup/writer.js';
import { startEngine } from '../../src/engine/index.js';
import { startEngineThread } from '../../src/engine/thread.js';
import { applicationSchema } from '../../src/models/application.js';
import { declaredCollections } from '../../src/repositories/index.js';

const DOCUMENTS = 200_000;

/** Something like an application: nested history, dates, ids, a long and a decimal. */
function applicationLike(i: number, userId: ObjectId): Document {
  const created = new Date(Date.UTC(2026, 0, 1) + i * 60_000);
  return {
    _id: new ObjectId(),
    userId,
    jobId: new ObjectId(),
    status: ['toApply', 'applied', 'interviewing', 'offer', 'rejected'][i % 5],
    applicationDate: created,
    notes: `Application ${i}: referred by a friend, follow up in two weeks.`,
    statusHistory: [
      { status: 'toApply', date: created, notes: '' },
      { status: 'applied', date: new Date(created.getTime() + 86_400_000) },
    ],
    interviews: i % 3 === 0 ? [{ date: created, type: 'video', interviewers: ['A', 'B'] }] : [],
    salary: Decimal128.fromString(`${60000 + (i % 1000)}.50`),
    views: Long.fromNumber(i),
    createdAt: created,
    updatedAt: created,
  };
}

async function seed(uri: string, documents: number): Promise<void> {
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db('career');
    const users = Array.from({ length: 100 }, () => new ObjectId());
    const applications = db.collection('applications');
    // The indexes career declares on applications, so a restore rebuilds real ones.
    for (const [key, options] of applicationSchema.indexes()) {
      await applications.createIndex(key as Document, options as CreateIndexesOptions);
    }
    for (let start = 0; start < documents; start += 10_000) {
      const batch = Array.from({ length: Math.min(10_000, documents - start) }, (_, k) =>
        applicationLike(start + k, users[(start + k) % users.length] as ObjectId),
      );
      await applications.insertMany(batch, { ordered: false });
    }
  } finally {
    await client.close();
  }
}

export interface BackupFigures {
  documents: number;
  createMs: number;
  verifyMs: number;
  restoreMs: number;
  archiveBytes: number;
  /** CPU time (user + system, every thread) of each, steadier than wall time on a busy machine. */
  cpuMs: { create: number; verify: number; restore: number };
  /** Secondary indexes a restore builds on the applications. */
  indexes: number;
}

export async function measureBackup(documents = DOCUMENTS): Promise<BackupFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'career-bench-backup-'));
  const source = await startEngine({ dataDir: path.join(dir, 'source') });
  // `career backup restore` runs the engine on a thread of its own, loading while it reads.
  const target = await startEngineThread({ dataDir: path.join(dir, 'target') });
  const sourceClient = new MongoClient(source.uri);
  const targetClient = new MongoClient(target.uri);
  try {
    await seed(source.uri, documents);
    const db = sourceClient.db('career');
    const cpuOf = (since: NodeJS.CpuUsage): number => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    let cpu = process.cpuUsage();
    const backupStarted = performance.now();
    const written = await writeArchive(
      {
        db,
        collections: await collectionNames(db),
        excluded: [],
        database: 'career',
        backend: 'embedded',
        appVersion: 'bench',
        schemaVersion: 1,
      },
      path.join(dir, 'backups'),
    );
    const backupMs = performance.now() - backupStarted;
    const createCpu = cpuOf(cpu);

    // Every document is checked (and decoded) as a restore would store it; see document-checks.ts.
    const options = {
      newestSchemaVersion: 1,
      rules: { declared: declaredCollections(), excluded: [] },
    };
    cpu = process.cpuUsage();
    const verifyStarted = performance.now();
    await readArchive(written.path, options);
    const verifyMs = performance.now() - verifyStarted;
    const verifyCpu = cpuOf(cpu);

    // As `backup restore` does it: the verification pass, then the loading pass.
    cpu = process.cpuUsage();
    const restoreStarted = performance.now();
    const contents = await readArchive(written.path, options);
    await restoreArchive(targetClient.db('career'), written.path, contents, {
      ...options,
      bringUpToDate: () => Promise.resolve(),
    });
    const restoreMs = performance.now() - restoreStarted;
    const restoreCpu = cpuOf(cpu);

    return {
      documents,
      createMs: backupMs,
      verifyMs,
      restoreMs,
      archiveBytes: statSync(written.path).size,
      cpuMs: { create: createCpu, verify: verifyCpu, restore: restoreCpu },
      indexes: applicationSchema.indexes().length,
    };
  } finally {
    await sourceClient.close();
    await targetClient.close();
    await source.close();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
