// Import speed and memory (printed, never asserted):
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

function perSecond(rows: number, ms: number): string {
  return `${Math.round((rows / ms) * 1000).toLocaleString('en-US')} rows/s`;
}

export async function run(): Promise<void> {
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
  const bigRows = Number(process.env.BENCH_IMPORT_BIG_ROWS ?? 1_000_000);
  const dir = tempDir();
  try {
    const file = path.join(dir, 'contacts.csv');
    await writeCsv(file, rows);
    const home = path.join(dir, 'home');
    account(home);
    const imported = await timedImport(home, file);
    const raw = await rawInsert(rows);
    console.log(
      `career import of a ${rows.toLocaleString('en-US')}-row contacts CSV (embedded engine)`,
    );
    console.log(
      `  career import (child, start-up included): ${perSecond(rows, imported.ms)} (${imported.ms.toFixed(0)} ms, ${String(imported.summary.inserted)} inserted)`,
    );
    console.log(
      `  driver insertMany, same documents:       ${perSecond(rows, raw)} (${raw.toFixed(0)} ms)`,
    );
    console.log(
      `  ratio: ${((raw / imported.ms) * 100).toFixed(1)}% of the raw rate (target >= 50%, >= 20,000 rows/s)`,
    );

    const bigFile = path.join(dir, 'big.csv');
    await writeCsv(bigFile, bigRows);
    const bigHome = path.join(dir, 'big-home');
    account(bigHome);
    const big = await timedImport(bigHome, bigFile);
    console.log(`career import of a ${bigRows.toLocaleString('en-US')}-row CSV`);
    console.log(
      `  peak RSS ${(big.peakKb / 1024).toFixed(0)} MB (target < 200 MB), ${perSecond(bigRows, big.ms)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
