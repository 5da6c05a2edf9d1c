// Backups of a database other processes are writing to, and backups and restores killed
// halfway.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MongoClient, ObjectId, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CrashPoint } from '../../src/db/backup/crash-points.js';
import { latestVersion } from '../../src/db/migrations/index.js';
import { startEngine } from '../../src/engine/index.js';
import { INDEX_SET_VERSION } from '../../src/models/index.js';
import { writeCraftedArchive } from '../helpers/archives.js';
import { projectRoot, runCli, spawnCli, type CliResult } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const SEEDED = 40_000;
const ARCHIVE = /^career-backup-\d{8}-\d{6}(-\d+)?\.tar\.gz$/;

/** A document whose `items` always has `n` elements: a torn read would break that. */
interface Counted {
  _id: number | string;
  n: number;
  items: string[];
}

let home: string;

afterAll(removeTempDirs);

async function withEmbedded<T>(dataHome: string, work: (client: MongoClient) => Promise<T>) {
  const engine = await startEngine({ dataDir: path.join(dataHome, 'data') });
  const client = await MongoClient.connect(engine.uri);
  try {
    return await work(client);
  } finally {
    await client.close();
    await engine.close();
  }
}

beforeAll(async () => {
  home = makeTempDir('career-bk-live-');
  await withEmbedded(home, async (client) => {
    const db = client.db('career');
    for (let start = 0; start < SEEDED; start += 10_000) {
      await db
        .collection<Counted>('applications')
        .insertMany(
          Array.from({ length: 10_000 }, (_, k) => ({ _id: start + k, n: 1, items: ['x'] })),
        );
    }
    await db
      .collection('contacts')
      .insertMany(Array.from({ length: 10_000 }, (_, i) => ({ name: `Contact ${i}` })));
  });
});

/**
 * Another process on the same data directory, writing until SIGTERM: inserts, growing
 * updates (n and items change together) and deletes. It prints how many writes it made.
 */
function startWriter(): { stop(): Promise<number>; writing: Promise<void> } {
  const require = createRequire(import.meta.url);
  // The engine from src/ through tsx: dist/ is a bundle of the CLI, with no engine module.
  const engineUrl = pathToFileURL(path.join(projectRoot, 'src', 'engine', 'index.ts')).href;
  const driverUrl = pathToFileURL(require.resolve('mongodb')).href;
  const code = `
    const { startEngine } = await import(${JSON.stringify(engineUrl)});
    const { MongoClient } = await import(${JSON.stringify(driverUrl)});
    const engine = await startEngine({ dataDir: ${JSON.stringify(path.join(home, 'data'))} });
    const client = await MongoClient.connect(engine.uri);
    const docs = client.db('career').collection('applications');
    let stopping = false;
    process.on('SIGTERM', () => { stopping = true; });
    let writes = 0;
    for (let k = 0; !stopping; k++) {
      await docs.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: 'w' + k + '-' + i, n: 1, items: ['x'] })));
      const target = Math.floor(Math.random() * ${SEEDED});
      await docs.updateOne({ _id: target }, { $inc: { n: 1 }, $push: { items: 'y'.repeat(300) } });
      await docs.deleteOne({ _id: Math.floor(Math.random() * ${SEEDED}) });
      writes += 3;
      if (k === 0) process.stdout.write('writing\\n');
    }
    await client.close();
    await engine.close();
    process.stdout.write('writes ' + writes + '\\n');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: projectRoot,
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stderr.pipe(process.stderr);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const writing = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('writing')) resolve();
    });
    void exited.then(() => reject(new Error(`the writer stopped early: ${output}`)));
  });
  return {
    writing,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      return Number(/writes (\d+)/.exec(output)?.[1] ?? 0);
    },
  };
}

function json<T>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

describe('career backup while other processes write', () => {
  it('makes an archive that verifies and restores, each collection without duplicates or torn documents', async () => {
    const writer = startWriter();
    let created: { file: string; collections: Record<string, number> };
    let writesDuringBackup: number;
    try {
      await writer.writing;
      // A minute, not the usual 20 s: on a loaded 2-core machine a backup racing a writer is slow.
      created = json(await runCli(['--json', 'backup', 'create'], { home, timeoutMs: 60_000 }));
    } finally {
      writesDuringBackup = await writer.stop();
    }
    expect(writesDuringBackup).toBeGreaterThan(3);
    json(await runCli(['--json', 'backup', 'verify', created.file], { home, timeoutMs: 60_000 }));

    const fresh = makeTempDir('career-bk-fresh-');
    json(
      await runCli(['--json', 'backup', 'restore', created.file], {
        home: fresh,
        timeoutMs: 60_000,
      }),
    );
    await withEmbedded(fresh, async (client) => {
      const db = client.db('career');
      for (const [name, count] of Object.entries(created.collections)) {
        const documents = await db.collection(name).find().toArray();
        expect(documents, name).toHaveLength(count);
        const ids = new Set(documents.map((doc) => String(doc._id)));
        expect(ids.size, `${name} has duplicate _ids`).toBe(count);
      }
      const applications = await db.collection<Counted>('applications').find().toArray();
      expect(applications.length).toBeGreaterThan(SEEDED / 2);
      const torn = applications.filter((doc) => doc.items.length !== doc.n);
      expect(torn).toEqual([]);
    });
  });

  it('a backup killed with SIGKILL leaves no archive under a final name; the next one cleans up', async () => {
    const dir = makeTempDir('career-bk-kill-');
    const backup = spawnCli(['backup', 'create', '--dir', dir], { home });
    const temporary = (): string[] => readdirSync(dir).filter((name) => name.endsWith('.tmp'));
    try {
      for (let waited = 0; temporary().length === 0; waited += 5) {
        if (waited > 60_000) throw new Error(`no temporary file: ${backup.stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      backup.child.kill('SIGKILL');
    }
    expect((await backup.exited).signal).toBe('SIGKILL');
    expect(readdirSync(dir).filter((name) => ARCHIVE.test(name))).toEqual([]);
    expect(temporary()).toHaveLength(1);

    expect(json(await runCli(['--json', 'backup', 'list', '--dir', dir], { home }))).toEqual([]);
    const next = await runCli(['backup', 'create', '--quiet', '--dir', dir], { home });
    expect(next).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const names = readdirSync(dir);
    expect(names.filter((name) => ARCHIVE.test(name))).toHaveLength(1);
    expect(temporary()).toEqual([]);
  });
});

/** The collections holding documents, each sorted by _id; the index marker left out. */
async function dataOf(db: Db): Promise<Record<string, Document[]>> {
  const contents: Record<string, Document[]> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const filter = name === 'schema_version' ? { _id: { $ne: 'indexes' as never } } : {};
    const documents = await db.collection(name).find(filter).sort({ _id: 1 }).toArray();
    if (documents.length > 0) contents[name] = documents;
  }
  return contents;
}

const schema = { _id: 'schema', version: latestVersion, applied: [] };
const OLD: Record<string, Document[]> = {
  jobs: [
    { _id: new ObjectId('000000000000000000000001'), title: 'old 1' },
    { _id: new ObjectId('000000000000000000000002'), title: 'old 2' },
  ],
  oldonly: [{ _id: 1, note: 'only in the old data' }],
  schema_version: [schema],
  sessions: [{ _id: new ObjectId('000000000000000000000003'), tokenHash: 'f'.repeat(64) }],
  users: [{ _id: new ObjectId('000000000000000000000004'), name: 'Old', email: 'old@x.io' }],
};
const NEW: Record<string, Document[]> = {
  contacts: [{ _id: new ObjectId('000000000000000000000011'), name: 'New contact' }],
  jobs: Array.from({ length: 3 }, (_, i) => ({
    _id: new ObjectId(`00000000000000000000002${i}`),
    title: `new ${i}`,
  })),
  schema_version: [schema],
  users: [{ _id: new ObjectId('000000000000000000000031'), name: 'New', email: 'new@x.io' }],
};

describe('career backup restore killed with SIGKILL at each phase', () => {
  const phases: Array<[CrashPoint, 'old' | 'new']> = [
    ['load', 'old'],
    ['switch-start', 'new'],
    ['switch-middle', 'new'],
    ['switch-end', 'new'],
    ['update', 'new'],
  ];
  let archive: string;
  beforeAll(async () => {
    archive = await writeCraftedArchive(path.join(makeTempDir('career-bk-new-'), 'new.tar.gz'), {
      collections: Object.fromEntries(
        Object.entries(NEW).map(([name, documents]) => [
          name,
          {
            documents,
            indexes:
              name === 'users' ? [{ v: 2, key: { email: 1 }, name: 'email_1', unique: true }] : [],
          },
        ]),
      ),
    });
  });

  for (const [phase, expected] of phases) {
    it(`at ${phase}: the next command finds the ${expected} data, whole, and no staging or journal`, async () => {
      const target = makeTempDir('career-bk-crash-');
      await withEmbedded(target, async (client) => {
        const db = client.db('career');
        for (const [name, documents] of Object.entries(OLD)) {
          await db.collection(name).insertMany(documents);
        }
      });
      const killed = await runCli(['backup', 'restore', archive, '--drop', '--yes'], {
        home: target,
        // Test-only: the restore sends itself SIGKILL at that point (src/db/backup/crash-points.ts).
        env: { CAREER_TEST_CRASH_AT: phase },
      });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      await withEmbedded(target, async (client) => {
        // As the kill left it: the journal says what was under way.
        const left = client.db('career');
        const journal = await left.collection('career-restore').findOne();
        expect(journal?.phase).toBe(
          phase === 'load' ? 'loading' : phase === 'update' ? 'updating' : 'switching',
        );
        if (phase === 'switch-middle') {
          // Killed between renames: a mix of old and new collections, until the next command.
          const data = await dataOf(left);
          expect(data.contacts).toEqual(NEW.contacts);
          expect(data.jobs).toEqual(OLD.jobs);
        }
      });

      const next = await runCli(['--json', 'db', 'status'], { home: target });
      expect(next.code, next.stderr).toBe(0);
      // Said once, on stderr: stdout stays the command's JSON.
      expect(next.stderr).toMatch(
        expected === 'old'
          ? /^warning: a restore of new\.tar\.gz was interrupted while loading and has been undone/
          : /^warning: a restore of new\.tar\.gz was interrupted after its switch and has been finished/,
      );
      await withEmbedded(target, async (client) => {
        const db = client.db('career');
        expect(await dataOf(db)).toEqual(expected === 'old' ? OLD : NEW);
        const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map(
          (info) => info.name,
        );
        // No staging left, and no journal (its collection stays, empty).
        expect(names.filter((name) => name.startsWith('career-restore.'))).toEqual([]);
        expect(await db.collection('career-restore').countDocuments()).toBe(0);
        if (expected === 'new') {
          // Finished: career's indexes are built and the marker says so.
          const indexes = await db.collection('users').listIndexes().toArray();
          expect(indexes.some((index) => index.key.email === 1 && index.unique === true)).toBe(
            true,
          );
          expect(
            await db.collection('schema_version').findOne({ _id: 'indexes' as never }),
          ).toMatchObject({ version: INDEX_SET_VERSION });
        }
      });
    });
  }
});

describe('career backup restore killed from outside while it switches', () => {
  it('a kill -9 landing between the renames leaves, for the next command, the new data whole', async () => {
    const COLLECTIONS = 40;
    const names = Array.from({ length: COLLECTIONS }, (_, i) => `c${String(i).padStart(2, '0')}`);
    const archive = await writeCraftedArchive(
      path.join(makeTempDir('career-bk-many-'), 'many.tar.gz'),
      {
        collections: Object.fromEntries(
          names.map((name) => [name, { documents: [{ _id: 1, v: 'new' }] }]),
        ),
      },
    );
    const target = makeTempDir('career-bk-outside-');
    await withEmbedded(target, async (client) => {
      for (const name of names)
        await client
          .db('career')
          .collection(name)
          .insertOne({ _id: 1 as never, v: 'old' });
    });
    // Watch the data from this process (the engine shares the data file between processes)
    // and kill the restore the moment its first collection is switched in.
    const engine = await startEngine({ dataDir: path.join(target, 'data') });
    const watcher = await MongoClient.connect(engine.uri);
    let killedAt: string[];
    try {
      const restore = spawnCli(['backup', 'restore', archive, '--drop', '--yes'], { home: target });
      const first = watcher.db('career').collection(names[0] as string);
      let done = false;
      void restore.exited.then(() => (done = true));
      while (!done) {
        if ((await first.findOne())?.v === 'new') {
          restore.child.kill('SIGKILL');
          break;
        }
      }
      expect((await restore.exited).signal, 'the restore was killed before it ended').toBe(
        'SIGKILL',
      );
      killedAt = await Promise.all(
        names.map(async (name) =>
          String((await watcher.db('career').collection(name).findOne())?.v),
        ),
      );
    } finally {
      await watcher.close();
      await engine.close();
    }
    console.log(
      `killed with ${killedAt.filter((v) => v === 'new').length} of ${COLLECTIONS} collections switched`,
    );

    const next = await runCli(['--json', 'db', 'status'], { home: target });
    expect(next.code, next.stderr).toBe(0);
    await withEmbedded(target, async (client) => {
      const values = await Promise.all(
        names.map(async (name) => (await client.db('career').collection(name).findOne())?.v),
      );
      expect(values).toEqual(names.map(() => 'new'));
    });
  });
});
