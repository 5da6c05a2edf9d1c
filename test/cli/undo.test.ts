// `career undo`: every change a command makes is one step of the user's journal, reversed by
// `undo` (newest first, refused when a record was changed since outside the journal, unless
// --force); `undo --list` shows the steps. Two users on one database: neither sees nor undoes
// the other's steps. In process (test/helpers/in-process.ts) against an isolated engine.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount,
  type InProcessAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';
import type { UndoJson, UndoListJson } from '../../src/commands/undo/index.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

let database: IsolatedDatabase;
let alice: InProcessAccount;
let bob: InProcessAccount;

function ok(result: InProcessResult, what: string): InProcessResult {
  if (result.code !== 0) throw new Error(`${what} failed (${result.code}): ${result.stderr}`);
  return result;
}

function json<T>(result: InProcessResult, what: string): T {
  return JSON.parse(ok(result, what).stdout) as T;
}

async function steps(account: InProcessAccount): Promise<UndoListJson> {
  return json<UndoListJson>(await account.run(['--json', 'undo', '--list']), 'undo --list');
}

beforeAll(async () => {
  database = await isolatedDatabase();
  alice = await inProcessAccount('Alice Example', { dbUri: database.uri });
  bob = await inProcessAccount('Bob Example', { dbUri: database.uri });
});

afterAll(async () => {
  await database.close();
  removeTempDirs();
});

describe('undo', () => {
  it('undoes an added job, then says there is nothing to undo', async () => {
    const job = json<{ _id: string }>(
      await alice.run(['--json', 'job', 'add', '--company', 'Acme', '--title', 'Engineer']),
      'job add',
    );
    const listed = await steps(alice);
    expect(listed[0]).toMatchObject({ command: 'job add', undoable: true });
    expect(listed[0]?.records).toEqual([{ kind: 'job', count: 1 }]);
    const undone = json<UndoJson>(await alice.run(['--json', 'undo']), 'undo');
    expect(undone.undone.map((step) => step.command)).toEqual(['job add']);
    expect((await alice.run(['job', 'show', job._id])).code).toBe(3);
    const again = await alice.run(['undo']);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('nothing to undo');
  });
});
