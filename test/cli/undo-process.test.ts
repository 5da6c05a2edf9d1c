// `career undo` end to end in a child process (the built CLI): the exit codes of undoing,
// of nothing to undo and of a conflict, and the same bytes as the in-process harness gives
// for the list (undo.test.ts runs everything else in process).
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { signedInAccount } from '../helpers/accounts.js';
import { isolatedDatabase } from '../helpers/database.js';
import { runInProcess } from '../helpers/in-process.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

afterAll(removeTempDirs);

describe('career undo in a child process', () => {
  it('undoes, refuses a record changed since (exit 5) and has nothing left (exit 3)', async () => {
    const database = await isolatedDatabase({ transport: 'tcp' });
    const client = await MongoClient.connect(database.uri);
    try {
      const ada = await signedInAccount('Ada', { dbUri: database.uri });
      const added = await ada.run(['--json', 'job', 'add', '--company', 'ACME', '--title', 'Dev']);
      expect(added.code).toBe(0);
      const job = (JSON.parse(added.stdout) as { _id: string })._id;
      const list = await ada.run(['undo', '--list']);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/job add\s+1 job/);
      const inProcess = await runInProcess(['undo', '--list'], {
        home: ada.home,
        env: { CAREER_DB_URI: database.uri },
      });
      expect(inProcess).toMatchObject({ code: 0, stdout: list.stdout, stderr: list.stderr });

      const names = await client.db().admin().listDatabases();
      const name = names.databases.map((db) => db.name).find((db) => db.startsWith('career'));
      await client
        .db(name)
        .collection('jobs')
        .updateOne({ _id: new ObjectId(job) }, { $set: { title: 'Changed elsewhere' } });
      const refused = await ada.run(['undo']);
      expect(refused.code).toBe(5);
      expect(refused.stderr).toMatch(/^error: job [0-9a-f]{8} was changed since `job add`/);
      const forced = await ada.run(['undo', '--force']);
      expect(forced.code).toBe(0);
      expect(forced.stdout).toMatch(/^✓ Undid `job add` \(.+\): 1 job\n$/);
      expect((await ada.run(['job', 'show', job])).code).toBe(3);
      const nothing = await ada.run(['undo']);
      expect(nothing.code).toBe(3);
      expect(nothing.stderr).toContain('error: nothing to undo');
    } finally {
      await client.close();
      await database.close();
    }
  });
});
