// career's text indexes (`career search`'s) in backups: an archive lists them in mongod's stored
// form ({_fts: "text", _ftsx: 1}, weights), which a restore must know as career's own: no
// warning, and the restored database has them (a search works there at once).
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';
import { createBackup, restoreBackup, verifyBackup } from '../../src/services/backup-service.js';
import { withWorkspace } from '../../src/services/workspace.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let engine: RunningEngine;
let client: MongoClient;

beforeAll(async () => {
  process.env.CAREER_HOME = makeTempDir('career-bk-text-home-');
  engine = await startEngine({ dataDir: makeTempDir('career-bk-text-db-') });
  client = await MongoClient.connect(engine.uri);
});

afterAll(async () => {
  await client?.close();
  await engine?.close();
  removeTempDirs();
});

function uriOf(name: string): string {
  const uri = new URL(engine.uri);
  uri.pathname = `/${name}`;
  return uri.toString();
}

describe('backups and the search text indexes', () => {
  it('an archive of a prepared database warns of no index, and its restore has the text indexes', async () => {
    const userId = new ObjectId();
    await client
      .db('career')
      .collection('jobs')
      .insertOne({ userId, company: 'Acme', title: 'Kubernetes Engineer', tags: [] });
    const archives = makeTempDir('career-bk-text-archives-');
    // Any command prepares the database first: every declared index, the text ones too.
    await withWorkspace({ dbUri: uriOf('career') }, () => Promise.resolve());
    const created = await createBackup({
      dbUri: uriOf('career'),
      dir: archives,
      toolOutput: process.stderr,
    });
    const listed = await client.db('career').collection('jobs').listIndexes().toArray();
    expect(listed.find((index) => index.name === 'search')?.key).toEqual({
      userId: 1,
      _fts: 'text',
      _ftsx: 1,
    });
    expect((await verifyBackup(created.file)).warnings).toEqual([]);

    const restored = await restoreBackup({
      archive: path.basename(created.file),
      dir: archives,
      dbUri: uriOf('copy'),
      drop: true,
      toolOutput: process.stderr,
      confirmReplace: () => Promise.resolve(true),
    });
    expect(restored.warnings).toEqual([]);
    const copy = client.db('copy');
    for (const name of [
      'jobs',
      'applications',
      'contacts',
      'connections',
      'developmentactivities',
    ]) {
      const indexes = await copy.collection(name).listIndexes().toArray();
      expect(
        indexes.some((index) => index.key._fts === 'text'),
        name,
      ).toBe(true);
    }
    const found = await copy
      .collection('jobs')
      .find({ userId, $text: { $search: 'kubernetes' } })
      .toArray();
    expect(found.map((job) => job.title)).toEqual(['Kubernetes Engineer']);
  });
});
