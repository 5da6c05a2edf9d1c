// Declared command parameters (src/engine/commands/parameters.ts): wrong types, unknown and
// not-implemented fields answer with MongoDB's codes and wording; generic fields pass; the
// declarations feed listCommands and help.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Int32, Long, type Document } from 'bson';
import { afterAll, describe, expect, it } from 'vitest';
import { CursorRegistry } from '../../src/engine/commands/cursors.js';
import { createCommandDispatcher } from '../../src/engine/commands/dispatcher.js';
import { SessionRegistry } from '../../src/engine/commands/sessions.js';
import { openSqliteBackend } from '../../src/engine/storage/sqlite-backend.js';

const dir = mkdtempSync(path.join(tmpdir(), 'career-params-'));
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

async function run(command: Document, db = 'params'): Promise<Document> {
  return dispatch(
    { db, command, rawSequences: new Map(), moreToCome: false, legacy: false },
    { id: 1, remote: 'test' },
  );
}

describe('declared command parameters', () => {
  it("answers a wrong type with TypeMismatch and mongod's wording", async () => {
    expect(await run({ find: 'docs', filter: 'x' })).toMatchObject({
      ok: 0,
      code: 14,
      codeName: 'TypeMismatch',
      errmsg: "BSON field 'find.filter' is the wrong type 'string', expected type 'object'",
    });
    expect(await run({ find: 'docs', limit: 'ten' })).toMatchObject({
      code: 14,
      errmsg:
        "BSON field 'find.limit' is the wrong type 'string', expected types '[long, int, decimal, double]'",
    });
    expect(await run({ insert: 'docs', documents: [{}], ordered: new Date(0) })).toMatchObject({
      code: 14,
      errmsg: "BSON field 'insert.ordered' is the wrong type 'date', expected type 'bool'",
    });
  });

  it('refuses an unknown field with 40415, also inside update statements', async () => {
    expect(await run({ find: 'docs', foo: 1 })).toMatchObject({
      ok: 0,
      code: 40415,
      codeName: 'UnknownBsonField',
      errmsg: "BSON field 'find.foo' is an unknown field.",
    });
    expect(
      await run({ update: 'docs', updates: [{ q: {}, u: { $set: { a: 1 } }, bogus: true }] }),
    ).toMatchObject({
      code: 40415,
      errmsg: "BSON field 'update.updates.bogus' is an unknown field.",
    });
  });

  it("checks the declarations of main's later commands: bulkWrite, update's sort, validate, explain", async () => {
    expect(await run({ bulkWrite: 1, ops: [], nsInfo: [], bogus: 1 }, 'admin')).toMatchObject({
      code: 40415,
      errmsg: "BSON field 'bulkWrite.bogus' is an unknown field.",
    });
    expect(await run({ bulkWrite: 1, ops: [] }, 'admin')).toMatchObject({ code: 40414 });
    // A bad value fails its statement only, as a write error.
    const sorted = await run({
      update: 'docs',
      updates: [{ q: {}, u: { $set: { a: 1 } }, sort: 1 }],
    });
    expect(sorted.writeErrors).toMatchObject([
      {
        code: 14,
        errmsg: "BSON field 'update.updates.sort' is the wrong type 'int', expected type 'object'",
      },
    ]);
    expect(await run({ validate: 'docs', full: 'yes' })).toMatchObject({ code: 14 });
    expect(await run({ explain: { find: 'docs' }, verbosity: 'queryPlanner' })).toMatchObject({
      ok: 1,
    });
    expect(await run({ explain: { find: 'docs' }, bogus: 1 })).toMatchObject({ code: 40415 });
    const listed = (await run({ listCommands: 1 })).commands as Record<string, Document>;
    expect(listed.bulkWrite).toMatchObject({ adminOnly: true });
    expect(Object.keys(listed)).toEqual(
      expect.arrayContaining(['validate', 'createSearchIndexes', 'explain']),
    );
  });

  it('refuses a declared but not implemented field with 238, unless it is false', async () => {
    expect(await run({ find: 'docs', tailable: true })).toMatchObject({
      ok: 0,
      code: 238,
      codeName: 'NotImplemented',
    });
    expect(await run({ find: 'docs', tailable: false })).toMatchObject({ ok: 1 });
  });

  it('reports a missing required field with 40414', async () => {
    expect(await run({ insert: 'docs' })).toMatchObject({
      code: 40414,
      errmsg: "BSON field 'insert.documents' is missing but a required field",
    });
  });

  it('takes the generic fields drivers send, and ignored ones, with any command', async () => {
    const generic = {
      $db: 'params',
      lsid: { id: new Long(1) },
      $clusterTime: { clusterTime: new Long(1) },
      readConcern: { level: 'local' },
      comment: 'hi',
      apiVersion: '1',
      apiStrict: false,
      $readPreference: { mode: 'primary' },
      maxTimeMS: new Int32(1000),
    };
    expect(
      await run({ insert: 'docs', documents: [{ _id: 1 }], writeConcern: { w: 1 }, ...generic }),
    ).toMatchObject({ ok: 1, n: 1 });
    expect(
      await run({ find: 'docs', allowDiskUse: true, noCursorTimeout: false, ...generic }),
    ).toMatchObject({ ok: 1 });
    expect(
      await run({
        findandmodify: 'docs',
        query: { _id: 1 },
        update: { $set: { a: 1 } },
        ...generic,
      }),
    ).toMatchObject({ ok: 1 });
  });

  it('lists every declared command, and answers help from the same declaration', async () => {
    const listed = await run({ listCommands: 1 });
    const commands = listed.commands as Record<string, Document>;
    expect(commands.find).toMatchObject({
      help: 'query for documents',
      adminOnly: false,
      requiresAuth: true,
    });
    expect(commands.listDatabases).toMatchObject({ adminOnly: true });
    expect(commands.hello).toMatchObject({ requiresAuth: false });
    expect(Object.keys(commands)).toEqual(
      expect.arrayContaining(['insert', 'findandmodify', 'listCommands']),
    );
    expect(await run({ find: 'docs', help: true })).toEqual({
      help: 'help for: find query for documents',
      lockType: 0,
      ok: 1,
    });
  });
});
