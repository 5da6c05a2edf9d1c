// Import speed and memory (throughput.ts and import-memory.ts report them):
//  1. `career import` of a contacts CSV into the embedded engine (a child process, as a user
//     runs it, start-up included), against the driver's raw insertMany of the same documents
//     into the same kind of database (same collection and indexes) in this process.
//  2. peak RSS of a child `career import` of a 1,000,000-row CSV (VmHWM from /proc).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, ObjectId, type Document } from 'mongodb';
import { startEngine } from '../../src/engine/index.js';
import { contactKey } from '../../src/repositories/natural-keys.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'bin', 'career');
const PASSWORD = 'correct horse battery staple';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'career-bench-import-'));
}

function env(home: string): NodeJS.ProcessEnv {
  const clean = { ...process.env };
  delete clean.CAREER_DB_URI;
  delete clean.MONGODB_URI;
  return { ...clean, CAREER_HOME: home, HOME: home, NO_COLOR: '1', CAREER_PASSWORD: PASSWORD };
}

/** A home with a registered, signed-in user on its embedded database (indexes created). */
function account(home: string): void {
  const result = spawnSync(
    process.execPath,
    [cli, 'auth', 'register', '--name', 'Bench', '--email', 'bench@example.com'],
    { env: env(home), encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`register failed: ${result.stderr}`);
}

function contactRow(i: number): string {
  return `Person ${i},person${i}@example.com,Company ${i % 5000},Engineer,"node, mongodb"\n`;
}

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('Name,Email,Company,Title,Tags\n');
  for (let i = 0; i < rows; i++) if (!out.write(contactRow(i))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** Runs `career import` as a child; wall time and peak RSS (VmHWM, polled from /proc). */
async function timedImport(
  home: string,
  file: string,
): Promise<{ ms: number; peakKb: number; summary: Document }> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, '--json', 'import', file, '--type', 'contacts'], {
    env: env(home),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      // Gone already, or no /proc here.
    }
  }, 100);
  const [code] = (await once(child, 'close')) as [number | null];
  clearInterval(poll);
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`import exited ${code}: ${stderr}`);
  return { ms, peakKb, summary: JSON.parse(stdout) as Document };
}

/** insertMany of the documents the import writes, 1,000 at a time, into the same collection. */
async function rawInsert(rows: number): Promise<number> {
  const home = tempDir();
  try {
    account(home);
    const engine = await startEngine({ dataDir: path.join(home, 'data') });
    const client = new MongoClient(engine.uri);
    try {
      const contacts = client.db('career').collection('contacts');
      const userId = new ObjectId();
      const started = performance.now();
      for (let start = 0; start < rows; start += 1000) {
        const now = new Date();
        const docs = Array.from({ length: Math.min(1000, rows - start) }, (_, at) => {
          const i = start + at;
          const contact = {
            _id: new ObjectId(),
            userId,
            name: `Person ${i}`,
            email: `person${i}@example.com`,
            company: `Company ${i % 5000}`,
            title: 'Engineer',
            tags: ['node', 'mongodb'],
            createdAt: now,
            updatedAt: now,
          };
          // With its natural key, as the import stores it (its unique index is one of five).
          return { ...contact, naturalKey: contactKey(contact) };
        });
        await contacts.insertMany(docs, { ordered: false });
      }
      return performance.now() - started;
    } finally {
      await client.close();
      await engine.close();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export interface ImportFigures {
  rows: number;
  /** `career import` in a child process, start-up included. */
  importMs: number;
  inserted: number;
  /** The driver's insertMany of the same documents, 1,000 at a time. */
  rawMs: number;
}

export async function measureImport(rows = 100_000): Promise<ImportFigures> {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'contacts.csv');
    await writeCsv(file, rows);
    const home = path.join(dir, 'home');
    account(home);
    const imported = await timedImport(home, file);
    const raw = await rawInsert(rows);
    return { rows, importMs: imported.ms, inserted: Number(imported.summary.inserted), rawMs: raw };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Peak RSS (KiB) and wall time of a child `career import` of a `rows`-row CSV. */
export async function measureImportMemory(
  rows = 1_000_000,
): Promise<{ rows: number; peakKb: number; ms: number }> {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'big.csv');
    await writeCsv(file, rows);
    const home = path.join(dir, 'home');
    account(home);
    const big = await timedImport(home, file);
    return { rows, peakKb: big.peakKb, ms: big.ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
