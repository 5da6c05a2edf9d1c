// An import killed with SIGKILL halfway through, then run again: the database ends up with
// exactly the file's rows, none twice (natural keys make the rerun finish the job).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedInAccount, type TestAccount } from '../helpers/accounts.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { spawnCli } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

// Enough rows that the import is still running when the test sees the first 2,000 stored, on
// an idle machine too (20,000 could all be in before the kill landed).
const ROWS = 80_000;

let database: IsolatedDatabase;
let client: MongoClient;
let account: TestAccount;
let file: string;

async function writeContacts(target: string, rows: number): Promise<void> {
  const out = createWriteStream(target);
  out.write('Name,Email,Company,Title,Tags\n');
  for (let i = 0; i < rows; i++) {
    const line = `Person ${i},person${i}@example.com,Company ${i % 500},Engineer,"a, b"\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  client = await MongoClient.connect(database.uri);
  account = await signedInAccount('Ada Lovelace', { dbUri: database.uri });
  file = path.join(makeTempDir(), 'contacts.csv');
  await writeContacts(file, ROWS);
});

afterAll(async () => {
  await client?.close();
  await database?.close();
  removeTempDirs();
});

describe('career import killed halfway', () => {
  it('is finished by running it again: every row once', async () => {
    const user = await client.db('career').collection('users').findOne({ email: account.email });
    const contacts = client.db('career').collection('contacts');
    const count = () => contacts.countDocuments({ userId: user?._id });

    const run = spawnCli(['import', file, '--type', 'contacts'], {
      home: account.home,
      env: { CAREER_DB_URI: database.uri },
    });
    // Wait until some batches are in, but not all, then kill -9.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if ((await count()) >= 2_000) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    run.child.kill('SIGKILL');
    const { code, signal } = await run.exited;
    expect(signal, `the import ended by itself (exit code ${code}) before the kill`).toBe(
      'SIGKILL',
    );
    const afterKill = await count();
    expect(afterKill).toBeGreaterThanOrEqual(2_000);
    expect(afterKill).toBeLessThan(ROWS);

    const rerun = await account.run(['--json', 'import', file, '--type', 'contacts'], {
      timeoutMs: 150_000,
    });
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout) as {
      inserted: number;
      skipped: number;
      rejected: number;
    };
    expect(summary.inserted + summary.skipped).toBe(ROWS);
    expect(summary.skipped).toBe(afterKill);
    expect(summary.rejected).toBe(0);

    expect(await count()).toBe(ROWS);
    const distinct = await contacts
      .aggregate([
        { $match: { userId: user?._id } },
        { $group: { _id: '$email' } },
        { $count: 'n' },
      ])
      .toArray();
    expect(distinct[0]?.n).toBe(ROWS);
  });
});
