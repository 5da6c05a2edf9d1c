// Start-up of `career` against `node -e 0`, pair by pair in one run: each round runs the
// baseline and then the command, so both see the same machine load, and the medians of the
// rounds are compared. `apply list` and `agenda` run on 1,000 applications (with 1,000 jobs)
// of a signed-in user, next to another user's 1,000, in a temp CAREER_HOME. The first run of
// each command is left out (it writes the code cache). Printed, never asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, ObjectId } from 'mongodb';
import { startEngine } from '../../src/engine/index.js';
import type { BenchModule, BenchRow } from './rows.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'bin', 'career');
const APPLICATIONS = 1_000;
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 11);
const DAY = 24 * 3600 * 1000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function env(home: string): NodeJS.ProcessEnv {
  const clean = { ...process.env };
  delete clean.CAREER_DB_URI;
  delete clean.MONGODB_URI;
  delete clean.NODE_OPTIONS;
  return { ...clean, CAREER_HOME: home, HOME: home, NO_COLOR: '1' };
}

/** Wall time of one child process, which must succeed. */
function wall(args: string[], home: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env: env(home), encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')}: ${result.stderr}`);
  return ms;
}

async function seed(home: string, email: string): Promise<ObjectId> {
  const registered = spawnSync(
    process.execPath,
    [cli, 'auth', 'register', '--name', 'Bench', '--email', email],
    { env: { ...env(home), CAREER_PASSWORD: 'correct horse battery staple' }, encoding: 'utf8' },
  );
  if (registered.status !== 0) throw new Error(`auth register: ${registered.stderr}`);
  const engine = await startEngine({ dataDir: path.join(home, 'data') });
  const client = new MongoClient(engine.uri);
  try {
    const db = client.db('career');
    const user = await db.collection('users').findOne({ email });
    const userId = user?._id as ObjectId;
    const now = Date.now();
    const statuses = ['toApply', 'applied', 'interviewing', 'offer', 'rejected'];
    const jobs = Array.from({ length: APPLICATIONS }, (_, i) => ({
      _id: new ObjectId(),
      userId,
      company: `Company ${i}`,
      title: `Engineer ${i}`,
      tags: [],
      naturalKey: `bench-job-${i}`,
      createdAt: new Date(now - (i % 90) * DAY),
      updatedAt: new Date(now - (i % 90) * DAY),
    }));
    await db.collection('jobs').insertMany(jobs);
    await db.collection('applications').insertMany(
      jobs.map((job, i) => {
        const at = new Date(now + (((i * 7919) % 60) - 30) * DAY);
        const past = new Date(Math.min(at.getTime(), now) - DAY);
        const status = statuses[i % statuses.length] ?? 'applied';
        return {
          userId,
          jobId: job._id,
          status,
          applicationDate: past,
          notes: `Application ${i}`,
          interviews: i % 4 === 0 ? [{ _id: new ObjectId(), date: at, status: 'scheduled' }] : [],
          statusHistory: [{ status, at: past }],
          ...(status === 'offer' ? { offer: { base: 50_000 + i, currency: 'EUR' } } : {}),
          naturalKey: `bench-app-${i}`,
          createdAt: past,
          updatedAt: past,
        };
      }),
    );
    return userId;
  } finally {
    await client.close();
    await engine.close();
  }
}

/** A home with two users of 1,000 applications each, the second signed in (kept in BENCH_STARTUP_HOME when set). */
export async function seededHome(): Promise<string> {
  const kept = process.env.BENCH_STARTUP_HOME;
  if (kept !== undefined && existsSync(path.join(kept, 'data'))) return kept;
  const home = kept ?? mkdtempSync(path.join(tmpdir(), 'career-bench-startup-'));
  await seed(home, 'other@example.com');
  await seed(home, 'bench@example.com');
  return home;
}

const commands: Array<{ name: string; args: string[]; target: number }> = [
  { name: 'career --version', args: ['--version'], target: 1.5 },
  { name: 'career --help', args: ['--help'], target: 1.5 },
  { name: 'career apply list (1,000 applications)', args: ['apply', 'list'], target: 3 },
  { name: 'career agenda (1,000 applications)', args: ['agenda'], target: 3 },
];

export const run: BenchModule = async () => {
  const home = await seededHome();
  const rows: BenchRow[] = [];
  try {
    console.log(`start-up against node -e 0, pair by pair (median of ${RUNS} rounds)`);
    for (const command of commands) {
      // The first run writes the code cache; a user pays it once, after an install.
      wall([cli, ...command.args], home);
      const baseline: number[] = [];
      const measured: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        baseline.push(wall(['-e', '0'], home));
        measured.push(wall([cli, ...command.args], home));
      }
      const node = median(baseline);
      const value = median(measured);
      const ratio = value / node;
      console.log(
        `  ${command.name}: ${value.toFixed(0)} ms against node -e 0 ${node.toFixed(0)} ms, ${ratio.toFixed(2)}x (target <= ${command.target}x)`,
      );
      rows.push({
        group: 'startup',
        name: command.name,
        value,
        unit: 'ms',
        baseline: { name: 'node -e 0', value: node, unit: 'ms' },
        ratio,
        target: `<= ${command.target}x`,
        met: ratio <= command.target,
        note: `median of ${RUNS} pairs`,
      });
    }
  } finally {
    if (process.env.BENCH_STARTUP_HOME === undefined)
      rmSync(home, { recursive: true, force: true });
  }
  return rows;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
