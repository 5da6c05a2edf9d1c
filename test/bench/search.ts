// `career search` among 100,000 records of one user (30,000 jobs, 30,000 applications, 20,000
// contacts, 10,000 connections, 10,000 learning activities) next to another user's 100,000, on
// the embedded engine: the whole command as a user runs it (a child process, start-up
// included, against `career auth whoami` on the same database), and the search's queries alone
// in this process. Printed, never asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, ObjectId, type Document } from 'mongodb';
import { startEngine } from '../../src/engine/index.js';
import { searchRecords, SEARCH_TYPES } from '../../src/services/search-service.js';
import { withWorkspace } from '../../src/services/workspace.js';
import { median, type BenchModule, type BenchRow } from './rows.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'bin', 'career');
const PASSWORD = 'correct horse battery staple';
const COUNTS = { jobs: 30_000, applications: 30_000, contacts: 20_000, connections: 10_000 };
const ACTIVITIES = 10_000;
const RUNS = 7;
const BATCH = 5_000;

const SYLLABLES = [
  'ka',
  'lo',
  'me',
  'ru',
  'ti',
  'sa',
  'no',
  've',
  'zu',
  'pi',
  'do',
  're',
  'fa',
  'gu',
  'xi',
  'bo',
];
/** 4,096 made-up words: each record's text holds about ten, so a word is in ~0.25% of them. */
function word(n: number): string {
  const at = n % 4096;
  return `${SYLLABLES[at >> 8]}${SYLLABLES[(at >> 4) & 15]}${SYLLABLES[at & 15]}n`;
}

function words(seed: number, count: number): string {
  let state = seed * 2654435761;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out.push(word(state >> 4));
  }
  return out.join(' ');
}

function env(home: string): NodeJS.ProcessEnv {
  const clean = { ...process.env };
  delete clean.CAREER_DB_URI;
  delete clean.MONGODB_URI;
  return { ...clean, CAREER_HOME: home, HOME: home, NO_COLOR: '1', CAREER_PASSWORD: PASSWORD };
}

function career(home: string, args: string[]): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], { env: env(home), encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`career ${args.join(' ')}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

async function insertAll(
  client: MongoClient,
  name: string,
  docs: (i: number) => Document,
  count: number,
): Promise<void> {
  const collection = client.db('career').collection(name);
  for (let start = 0; start < count; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - start) }, (_, at) =>
      docs(start + at),
    );
    await collection.insertMany(batch, { ordered: false });
  }
}

async function seed(client: MongoClient, userId: ObjectId, salt: number): Promise<void> {
  const at = new Date('2026-11-01T00:00:00Z');
  const stamp = { createdAt: at, updatedAt: at };
  const jobIds = Array.from({ length: COUNTS.jobs }, () => new ObjectId());
  const contactIds = Array.from({ length: COUNTS.contacts }, () => new ObjectId());
  await insertAll(
    client,
    'jobs',
    (i) => ({
      _id: jobIds[i],
      userId,
      company: `${word(i + salt)} Labs`,
      title: `${words(i + salt, 2)} engineer`,
      tags: [word(i * 7 + salt)],
      description: words(i * 3 + salt, 12),
      naturalKey: `bench-job-${i}`,
      ...stamp,
    }),
    COUNTS.jobs,
  );
  await insertAll(
    client,
    'applications',
    (i) => ({
      userId,
      jobId: jobIds[i],
      status: 'applied',
      applicationDate: at,
      notes: words(i * 5 + salt, 8),
      interviews: [],
      statusHistory: [{ status: 'applied', at }],
      naturalKey: `bench-app-${i}`,
      ...stamp,
    }),
    COUNTS.applications,
  );
  await insertAll(
    client,
    'contacts',
    (i) => ({
      _id: contactIds[i],
      userId,
      name: `${words(i * 11 + salt, 2)}`,
      company: `${word(i + salt)} Labs`,
      tags: [],
      notes: words(i * 13 + salt, 8),
      naturalKey: `bench-contact-${i}`,
      ...stamp,
    }),
    COUNTS.contacts,
  );
  await insertAll(
    client,
    'connections',
    (i) => ({
      userId,
      contactId: contactIds[i],
      status: 'accepted',
      type: 'peer',
      notes: words(i * 17 + salt, 6),
      followUps: [
        {
          _id: new ObjectId(),
          type: 'email',
          dueDate: at,
          notes: words(i * 19 + salt, 6),
          completed: false,
        },
      ],
      ...stamp,
    }),
    COUNTS.connections,
  );
  await insertAll(
    client,
    'developmentactivities',
    (i) => ({
      userId,
      type: 'course',
      title: words(i * 23 + salt, 3),
      provider: `${word(i + salt)} Academy`,
      status: 'planned',
      skills: [word(i * 29 + salt)],
      notes: words(i * 31 + salt, 8),
      naturalKey: `bench-activity-${i}`,
      ...stamp,
    }),
    ACTIVITIES,
  );
}

/** Registers `email` in `home` (signing it in) and returns its user id. */
async function register(home: string, email: string): Promise<ObjectId> {
  career(home, ['auth', 'register', '--name', 'Bench', '--email', email]);
  const engine = await startEngine({ dataDir: path.join(home, 'data') });
  const client = new MongoClient(engine.uri);
  try {
    const user = await client.db('career').collection('users').findOne({ email });
    return user?._id as ObjectId;
  } finally {
    await client.close();
    await engine.close();
  }
}

async function queriesOnly(
  home: string,
  userId: ObjectId,
  search: string,
): Promise<{ ms: number; found: number }> {
  const engine = await startEngine({ dataDir: path.join(home, 'data') });
  try {
    return await withWorkspace({ dbUri: engine.uri }, async ({ repositories }) => {
      const data = repositories.forUser(userId);
      const timings: number[] = [];
      let found = 0;
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        found = (await searchRecords(data, search, { types: SEARCH_TYPES, limit: 20 })).length;
        timings.push(performance.now() - started);
      }
      return { ms: median(timings), found };
    });
  } finally {
    await engine.close();
  }
}

/** A home with both users' records (kept in BENCH_SEARCH_HOME when set, to profile a run). */
async function seededHome(): Promise<{ home: string; user: ObjectId; seconds?: number }> {
  const kept = process.env.BENCH_SEARCH_HOME;
  if (kept !== undefined && existsSync(path.join(kept, 'user-id'))) {
    return { home: kept, user: new ObjectId(readFileSync(path.join(kept, 'user-id'), 'utf8')) };
  }
  const home = kept ?? mkdtempSync(path.join(tmpdir(), 'career-bench-search-'));
  const other = await register(home, 'other@example.com');
  const user = await register(home, 'bench@example.com');
  const engine = await startEngine({ dataDir: path.join(home, 'data') });
  const client = new MongoClient(engine.uri);
  const started = performance.now();
  try {
    await seed(client, user, 0);
    await seed(client, other, 1);
  } finally {
    await client.close();
    await engine.close();
  }
  if (kept !== undefined) writeFileSync(path.join(kept, 'user-id'), user.toHexString());
  return { home, user, seconds: (performance.now() - started) / 1000 };
}

export const run: BenchModule = async () => {
  const { home, user, seconds } = await seededHome();
  try {
    const seeded = seconds === undefined ? '' : `; ${seconds.toFixed(0)} s to store both`;
    const searches = [
      ['one word (in ~0.25% of texts)', word(1234)],
      ['two words', `${word(1234)} ${word(2345)}`],
      ['a word in every job ("labs")', 'labs'],
    ] as const;
    career(home, ['search', word(1)]);
    const whoami = median(Array.from({ length: RUNS }, () => career(home, ['auth', 'whoami']).ms));
    const rows: BenchRow[] = [];
    for (const [label, search] of searches) {
      const wall = median(Array.from({ length: RUNS }, () => career(home, ['search', search]).ms));
      const queries = await queriesOnly(home, user, search);
      rows.push({
        group: 'search',
        name: `career search, ${label}`,
        value: wall,
        unit: 'ms',
        baseline: { name: 'career auth whoami', value: whoami, unit: 'ms' },
        ratio: wall / whoami,
        target: '< 300 ms',
        met: wall < 300,
        note:
          `among 100,000 records of one user (another user as big${seeded}; median of ${RUNS}): ` +
          `its queries ${queries.ms.toFixed(0)} ms, ${queries.found} shown`,
      });
    }
    return rows;
  } finally {
    if (process.env.BENCH_SEARCH_HOME === undefined) rmSync(home, { recursive: true, force: true });
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await run());
