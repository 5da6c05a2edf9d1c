// TTL indexes remove expired documents: at engine start and on each sweep.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine } from '../../src/engine/index.js';
import { openSqliteBackend } from '../../src/engine/storage/sqlite-backend.js';
import { encode } from '../../src/engine/codec.js';
import { sweepExpired } from '../../src/engine/ttl-monitor.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'career-ttl-'));
  dirs.push(dir);
  return dir;
}

const now = new Date('2026-06-01T12:00:00Z');
const hoursAgo = (hours: number): Date => new Date(now.getTime() - hours * 3600_000);

describe('TTL indexes', () => {
  it('removes only documents whose indexed date is past expireAfterSeconds', () => {
    const storage = openSqliteBackend({ file: path.join(tempDir(), 'ttl.sqlite') });
    try {
      const sessions = storage.createCollection('app', 'sessions');
      sessions.createIndex({
        v: 2,
        key: { expiresAt: 1 },
        name: 'expiresAt_1',
        expireAfterSeconds: 3600,
      });
      const docs = [
        { _id: 1, expiresAt: hoursAgo(2) },
        { _id: 2, expiresAt: hoursAgo(0.5) },
        { _id: 3, expiresAt: [hoursAgo(0), hoursAgo(3)] },
        { _id: 4, expiresAt: 'not a date' },
        { _id: 5 },
      ];
      for (const doc of docs) sessions.insert(doc, encode(doc));
      const other = storage.createCollection('app', 'plain');
      other.createIndex({ v: 2, key: { at: 1 }, name: 'at_1' });
      other.insert({ _id: 1, at: hoursAgo(100) }, encode({ _id: 1, at: hoursAgo(100) }));

      expect(sweepExpired(storage, now)).toBe(2);
      expect(sessions.count()).toBe(3);
      expect(sessions.findById(1)).toBeUndefined();
      expect(sessions.findById(3)).toBeUndefined();
      expect(sessions.findById(2)).toBeDefined();
      expect(other.count()).toBe(1);
    } finally {
      storage.close();
    }
  });

  it('sweeps when the engine starts', async () => {
    const dataDir = tempDir();
    let engine = await startEngine({ dataDir });
    let client = new MongoClient(engine.uri);
    const expired = new Date(Date.now() - 2 * 3600_000);
    await client
      .db('app')
      .collection('sessions')
      .createIndex({ at: 1 }, { expireAfterSeconds: 60 });
    await client
      .db('app')
      .collection('sessions')
      .insertMany([{ at: expired }, { at: new Date() }]);
    await client.close();
    await engine.close();

    engine = await startEngine({ dataDir });
    client = new MongoClient(engine.uri);
    try {
      expect(await client.db('app').collection('sessions').countDocuments()).toBe(1);
    } finally {
      await client.close();
      await engine.close();
    }
  });
});
