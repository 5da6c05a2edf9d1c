// Each import batch in one transaction on the embedded engine (a one-member replica set):
// a batch the database fails half-way leaves none of its records (the batches before it
// stay), a transient write conflict runs the batch again instead of failing the import, and a
// record another writer stored between the plan and the write is found and updated. The
// failures come from the engine's failCommand fail point (test commands, as mongod's).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Types, type Connection } from 'mongoose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mongoose } from '../../src/db/mongoose.js';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';
import { Repositories, type UserRepositories } from '../../src/repositories/index.js';
import type { MappedRow } from '../../src/services/import/row-mapper.js';
import { openImport, runImport } from '../../src/services/import/index.js';
import { kindsFor } from '../../src/services/import/rows.js';
import { writeRowsInTransaction } from '../../src/services/import/transactional-rows.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let engine: RunningEngine;
let connection: Connection;
let repositories: Repositories;
let dir: string;

beforeAll(async () => {
  dir = makeTempDir('career-import-txn-');
  engine = await startEngine({ dataDir: path.join(dir, 'data'), testCommands: true });
  connection = await mongoose
    .createConnection(engine.uri, { dbName: 'career-test', sanitizeFilter: true, autoIndex: false })
    .asPromise();
  repositories = new Repositories(connection);
  await repositories.prepare();
});

afterEach(() => failPoint('off'));

afterAll(async () => {
  await connection?.close();
  await engine?.close();
  removeTempDirs();
});

async function failPoint(mode: unknown, data: Record<string, unknown> = {}): Promise<void> {
  await connection.db?.admin().command({
    configureFailPoint: 'failCommand',
    mode,
    data: { failCommands: ['insert'], ...data },
  });
}

/** An applications CSV: each row a job of its own (company N) and its application. */
function applicationsFile(name: string, rows: number, extra: string[] = []): string {
  const file = path.join(dir, name);
  const lines = ['Company,Title,Status,Applied On,Location'];
  for (let i = 0; i < rows; i++) lines.push(`Company ${i},Engineer,applied,2026-02-02,`);
  writeFileSync(file, `${[...lines, ...extra].join('\n')}\n`);
  return file;
}

async function importApplications(data: UserRepositories, file: string, batchSize: number) {
  const opened = await openImport({ file, type: 'applications', raw: false });
  return runImport(data, opened, { dryRun: false, batchSize, connection });
}

async function stored(owner: Types.ObjectId): Promise<{ jobs: number; applications: number }> {
  const count = (name: string) =>
    connection.db?.collection(name).countDocuments({ userId: owner }) ?? Promise.resolve(-1);
  return { jobs: await count('jobs'), applications: await count('applications') };
}

describe('import batches in transactions', () => {
  it('a batch failing half-way leaves none of its records; the batches before it stay', async () => {
    const owner = new Types.ObjectId();
    const data = repositories.forUser(owner);
    // Batch 1 (5 rows) inserts five jobs and their applications. Batch 2 inserts four jobs,
    // then changes batch 1's first job (its location), and that update fails: the
    // applications of batch 2 are never reached.
    const file = applicationsFile('half-way.csv', 9, [
      'Company 0,Engineer,applied,2026-03-03,Berlin',
    ]);
    await failPoint({ times: 1 }, { failCommands: ['update'], errorCode: 8 });
    await expect(importApplications(data, file, 5)).rejects.toThrow(/failCommand/);
    expect(await stored(owner)).toEqual({ jobs: 5, applications: 5 });

    // Run again: the second batch is written whole.
    const again = await importApplications(data, file, 5);
    expect(again).toMatchObject({ transaction: true, inserted: 5, skipped: 5 });
    expect(again.related.jobs).toEqual({ inserted: 4, updated: 1 });
    expect(await stored(owner)).toEqual({ jobs: 9, applications: 10 });
  });

  it('a transient write conflict runs the batch again: every record once, none lost', async () => {
    const owner = new Types.ObjectId();
    const data = repositories.forUser(owner);
    const file = applicationsFile('conflicts.csv', 12);
    await failPoint({ times: 3 }, { errorCode: 112, errorLabels: ['TransientTransactionError'] });
    const summary = await importApplications(data, file, 5);
    expect(summary).toMatchObject({ transaction: true, inserted: 12, rejected: 0 });
    expect(summary.related.jobs).toEqual({ inserted: 12, updated: 0 });
    expect(await stored(owner)).toEqual({ jobs: 12, applications: 12 });
  });

  it('plain writes too: an insert the database fails as a whole fails the import, never counted as written', async () => {
    const owner = new Types.ObjectId();
    const data = repositories.forUser(owner);
    const file = applicationsFile('plain.csv', 4);
    const opened = await openImport({ file, type: 'applications', raw: false });
    // No connection: the ordered, re-runnable writes of a standalone mongod.
    await failPoint({ times: 1 }, { errorCode: 8 });
    await expect(runImport(data, opened, { dryRun: false })).rejects.toThrow(/failCommand/);
    expect(await stored(owner)).toEqual({ jobs: 0, applications: 0 });
  });

  it('a job another writer stored meanwhile is refused in the transaction, found and updated', async () => {
    const owner = new Types.ObjectId();
    const data = repositories.forUser(owner);
    const kinds = kindsFor('applications', data);
    await kinds.parent?.kind.prime();
    // Another writer stores the job after the import read the keys: the plan inserts it.
    const job = await data.jobs.create({ company: 'Initech', title: 'Analyst' });
    const row: MappedRow = {
      line: 2,
      values: {},
      fields: { job: { company: 'Initech', title: 'Analyst', location: 'Austin' } },
      given: ['job.company', 'job.title', 'job.location'],
      noteLines: [],
    };
    const options = { dryRun: false, now: new Date(), settled: () => Promise.resolve() };
    const write = await writeRowsInTransaction(connection, kinds, [row], options);
    await write.written;
    expect(write.related?.outcomes).toEqual([{ kind: 'updated', id: job._id }]);
    expect(write.outcomes.map((outcome) => outcome?.kind)).toEqual(['inserted']);
    expect(kinds.parent?.kind.contended).toBe(true);
    expect((await data.jobs.findById(job._id))?.location).toBe('Austin');
    expect(await stored(owner)).toEqual({ jobs: 1, applications: 1 });
  });
});
