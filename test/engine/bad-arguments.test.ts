// Bad arguments to any command get MongoDB's error shape (ok: 0, code, codeName, errmsg) and
// never take the engine down or leave a write half-done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Document } from 'bson';
import { afterAll, describe, expect, it } from 'vitest';
import { CursorRegistry } from '../../src/engine/commands/cursors.js';
import {
  createCommandDispatcher,
  supportedCommands,
} from '../../src/engine/commands/dispatcher.js';
import { SessionRegistry } from '../../src/engine/commands/sessions.js';
import { toPlain } from '../../src/engine/query/index.js';
import { openSqliteBackend } from '../../src/engine/storage/sqlite-backend.js';

const dir = mkdtempSync(path.join(tmpdir(), 'career-badargs-'));
const storage = openSqliteBackend({ file: path.join(dir, 'engine.sqlite') });
const dispatch = createCommandDispatcher({
  storage,
  cursors: new CursorRegistry(),
  sessions: new SessionRegistry(),
  startedAt: new Date(),
  version: '7.0.0',
  connectionCount: () => 1,
});

afterAll(() => {
  storage.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(command: Document): Promise<Document> {
  return dispatch(
    { db: 'bad', command, rawSequences: new Map(), moreToCome: false, legacy: false },
    { id: 1, remote: 'test' },
  );
}

/** Values of every wrong shape a client might send in place of the right one. */
const badValues: unknown[] = [
  null,
  0,
  -1,
  1.5,
  'x',
  '',
  true,
  [],
  [1, 'a'],
  {},
  { $bad: 1 },
  new Date(0),
];
/** Argument names the engine's commands read. */
const fields = [
  'filter',
  'query',
  'sort',
  'projection',
  'update',
  'updates',
  'deletes',
  'documents',
  'pipeline',
  'limit',
  'skip',
  'batchSize',
  'key',
  'indexes',
  'index',
  'cursor',
  'let',
  'collation',
  'hint',
  'arrayFilters',
  'ordered',
  'remove',
  'new',
  'upsert',
  'fields',
  'to',
  'cursors',
  'collection',
  'nameOnly',
  'viewOn',
  'validator',
];

function expectMongoShape(reply: Document): void {
  expect(reply.ok === 1 || reply.ok === 0).toBe(true);
  if (reply.ok === 0) {
    expect(typeof reply.code).toBe('number');
    expect(typeof reply.codeName).toBe('string');
    expect(typeof reply.errmsg).toBe('string');
    // InternalError means the engine tripped over the input instead of judging it.
    expect(reply.code, String(reply.errmsg)).not.toBe(1);
  }
}

describe('bad arguments', () => {
  it('answers every command with every wrong argument in MongoDB error shape', async () => {
    await run({ insert: 'docs', documents: [{ _id: 1, a: 1 }] });
    const skip = new Set(['dropDatabase', 'drop']);
    let failures = 0;
    for (const name of supportedCommands) {
      if (skip.has(name)) continue;
      for (const field of fields) {
        for (const value of badValues) {
          const reply = await run({ [name]: 'docs', [field]: value });
          expectMongoShape(reply);
          if (reply.ok === 0) failures++;
        }
      }
      for (const value of badValues) expectMongoShape(await run({ [name]: value }));
    }
    expect(failures).toBeGreaterThan(500);
    expect(await run({ ping: 1 })).toEqual({ ok: 1 });
  });

  it('leaves the data as it was after failed writes', async () => {
    await run({ drop: 'kept' });
    await run({ insert: 'kept', documents: [{ _id: 1, v: 'original' }] });
    await run({ update: 'kept', updates: [{ q: { _id: 1 }, u: { $set: { v: 'x' }, $bad: 1 } }] });
    await run({ update: 'kept', updates: [{ q: { _id: 1 }, u: { $set: { _id: 2 } } }] });
    await run({ delete: 'kept', deletes: [{ q: { _id: 1 }, limit: 5 }] });
    await run({ findAndModify: 'kept', query: { _id: 1 }, update: { $inc: { v: 1 } } });
    const found = await run({ find: 'kept', filter: {} });
    // Replies are typed BSON values; compare their plain form.
    expect(toPlain((found.cursor as Document).firstBatch)).toEqual([{ _id: 1, v: 'original' }]);
  });
});
