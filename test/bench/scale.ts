// Scale (issue 17): one user's everyday commands on a database of 10,000 users with 1,000,000
// applications (and proportional jobs, contacts, connections and learning activities), against
// the same commands of a user on an otherwise empty database. Each command is a child process,
// as a user runs it (start-up included); the median of RUNS runs, the two databases taking
// turns. Target <= 1.5x: a user's commands must not slow down with other users' data.
//
// The dataset is written straight through the engine's storage (one SQLite transaction per
// batch, the insert command's own path, career's indexes in place), not through the CLI, and
// kept in a directory under the temp dir keyed by DATASET_VERSION and its size, so later runs
// reuse it; `--clean-scale` writes it again. BENCH_SCALE=0.01 shrinks it (100 users, 10,000
// applications) for a smoke run: every user keeps the same amount of data, only their number
// changes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ObjectId, serialize, type Document } from 'bson';
import { decodeTyped } from '../../src/engine/codec.js';
import { DATA_FILE_NAME } from '../../src/engine/index.js';
import type { StorageBackend } from '../../src/engine/storage/backend.js';
import { openSqliteBackend } from '../../src/engine/storage/sqlite-backend.js';
import {
  activityKey,
  applicationKey,
  contactKey,
  jobKey,
} from '../../src/repositories/natural-keys.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { median, ratioRow, type BenchModule, type BenchRow } from './rows.js';

/** Raise it whenever the generated data changes: older cached datasets are then not reused. */
const DATASET_VERSION = 1;
const FULL_USERS = 10_000;
const FULL_APPLICATIONS = 1_000_000;
/** The measured user's applications: twice the average, a busy user but not an outlier. */
const BENCH_USER_APPLICATIONS = 200;
const RUNS = 7;
const BATCH = 5_000;
const DAY = 86_400_000;
const PASSWORD = 'correct horse battery staple';
const EMAIL = 'bench@example.com';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'bin', 'career');

const STATUSES = ['toApply', 'applied', 'interviewing', 'offer', 'rejected'] as const;
const SYLLABLES = ['ka', 'lo', 'me', 'ru', 'ti', 'sa', 'no', 've', 'zu', 'pi', 'do', 're'];
const COMPANIES = 2_000;

/** 1,728 made-up words (three syllables and an n): a word is in a few tenths of a percent of texts. */
function word(n: number): string {
  const at = Math.abs(Math.trunc(n)) % 1728;
  const s = SYLLABLES;
  return `${s[Math.floor(at / 144)]}${s[Math.floor(at / 12) % 12]}${s[at % 12]}n`;
}

function words(random: () => number, count: number): string {
  return Array.from({ length: count }, () => word(random() * 1728)).join(' ');
}

/** The word the measured `career search` looks for (in some of every user's texts). */
const SEARCHED = word(777);

interface Dataset {
  users: number;
  applications: number;
}

function datasetSize(): Dataset {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  if (!(scale > 0 && scale <= 1)) throw new Error('BENCH_SCALE must be a number in (0, 1]');
  return {
    users: Math.max(2, Math.round(FULL_USERS * scale)),
    applications: Math.max(BENCH_USER_APPLICATIONS * 2, Math.round(FULL_APPLICATIONS * scale)),
  };
}

function env(home: string): NodeJS.ProcessEnv {
  const clean = { ...process.env };
  delete clean.CAREER_DB_URI;
  delete clean.MONGODB_URI;
  return { ...clean, CAREER_HOME: home, HOME: home, NO_COLOR: '1', CAREER_PASSWORD: PASSWORD };
}

function career(home: string, args: readonly string[]): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], { env: env(home), encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`career ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return { ms, stdout: result.stdout };
}

/** A home with one registered, signed-in user (career's indexes created by the CLI itself). */
function registeredHome(home: string): void {
  mkdirSync(home, { recursive: true });
  career(home, ['auth', 'register', '--name', 'Bench', '--email', EMAIL]);
}

/**
 * How many applications each user has: a long-tailed spread (most have a few dozen, some many
 * hundreds), totalling `total`, the measured user given BENCH_USER_APPLICATIONS.
 */
function applicationCounts(users: number, total: number): number[] {
  const random = seededRandom(17);
  const weights = Array.from({ length: users - 1 }, () => {
    // A log-normal weight from two uniforms (Box-Muller).
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.exp(0.9 * gaussian);
  });
  const rest = total - BENCH_USER_APPLICATIONS;
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts: number[] = [BENCH_USER_APPLICATIONS];
  let cumulative = 0;
  let given = 0;
  for (const weight of weights) {
    cumulative += weight;
    const upTo = Math.round((cumulative / sum) * rest);
    counts.push(upTo - given);
    given = upTo;
  }
  return counts;
}

/** Writes documents through the storage in batches, each batch one write transaction. */
class BulkWriter {
  private pending = new Map<string, Document[]>();
  written = 0;

  constructor(private readonly storage: StorageBackend) {}

  add(collection: string, doc: Document): void {
    let list = this.pending.get(collection);
    if (!list) this.pending.set(collection, (list = []));
    list.push(doc);
    if (list.length >= BATCH) this.flush(collection);
  }

  flush(only?: string): void {
    for (const [name, docs] of this.pending) {
      if (only !== undefined && name !== only) continue;
      if (docs.length === 0) continue;
      this.storage.write(() => {
        const collection = this.storage.getCollection('career', name, true);
        if (!collection) throw new Error(`no collection ${name}`);
        // As the insert command stores documents sent with their _id: their bytes, decoded
        // (numbers typed) for the index keys, the batch's index entries written together.
        collection.insertBatch(
          docs.length,
          (at) => {
            const doc = docs[at] as Document;
            const bytes = Buffer.from(serialize(doc));
            return { id: doc._id, bytes, decode: () => decodeTyped(bytes) };
          },
          (at, error) => {
            throw error;
          },
        );
      });
      this.written += docs.length;
      this.pending.set(name, []);
    }
  }
}

/** One user's records, proportional to its applications. */
function writeUser(
  writer: BulkWriter,
  userId: ObjectId,
  applications: number,
  seed: number,
  now: number,
): void {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const daysAgo = (max: number): Date => new Date(now - Math.floor(random() * max) * DAY);
  const around = (days: number): Date =>
    new Date(now + Math.floor((random() * 2 - 1) * days) * DAY);
  const stamp = (at: Date): Document => ({ createdAt: at, updatedAt: at });

  const contactIds: ObjectId[] = [];
  const contacts = Math.max(1, Math.round(applications * 0.3));
  for (let i = 0; i < contacts; i++) {
    const at = daysAgo(400);
    const contact: Document = {
      _id: new ObjectId(),
      userId,
      name: `${words(random, 2)} ${i}`,
      email: `person${i}.${seed}@example.com`,
      company: `${word(random() * COMPANIES)} Labs`,
      title: pick(['Engineer', 'Recruiter', 'Manager', 'Director']),
      tags: [word(random() * 1728)],
      notes: words(random, 6),
      ...stamp(at),
    };
    contact.naturalKey = contactKey(contact);
    contactIds.push(contact._id as ObjectId);
    writer.add('contacts', contact);
  }
  const connections = Math.round(contacts * 0.6);
  for (let i = 0; i < connections; i++) {
    const at = daysAgo(300);
    const followUps = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const due = around(60);
      const completed = due.getTime() < now && random() < 0.7;
      return {
        _id: new ObjectId(),
        type: pick(['email', 'call', 'coffee']),
        dueDate: due,
        notes: words(random, 4),
        completed,
        ...(completed ? { completedAt: due } : {}),
      };
    });
    writer.add('connections', {
      _id: new ObjectId(),
      userId,
      contactId: contactIds[i],
      status: pick(['pending', 'accepted', 'accepted', 'accepted']),
      type: pick(['mentor', 'peer', 'professional']),
      notes: words(random, 5),
      followUps,
      ...(random() < 0.3 ? { cadenceDays: pick([14, 30, 60, 90]) } : {}),
      ...stamp(at),
    });
  }
  for (let i = 0; i < applications; i++) {
    const applied = daysAgo(365);
    const job: Document = {
      _id: new ObjectId(),
      userId,
      company: `${word(random() * COMPANIES)} Labs`,
      title: `${words(random, 2)} engineer ${i}`,
      location: pick(['Berlin', 'Remote', 'London', 'Lisbon']),
      workMode: pick(['remote', 'hybrid', 'onsite']),
      description: words(random, 12),
      tags: [word(random() * 1728), word(random() * 1728)],
      ...stamp(applied),
    };
    job.naturalKey = jobKey(job);
    writer.add('jobs', job);
    const status = STATUSES[Math.min(4, Math.floor(random() * 6))] as string;
    const interviews =
      status === 'interviewing' || status === 'offer'
        ? [{ _id: new ObjectId(), date: around(20), type: 'video', status: 'scheduled' }]
        : [];
    const application: Document = {
      _id: new ObjectId(),
      userId,
      jobId: job._id,
      status,
      applicationDate: applied,
      notes: words(random, 8),
      interviews,
      statusHistory: [{ status, at: applied }],
      ...(status === 'offer'
        ? {
            offer: {
              base: 50_000 + Math.floor(random() * 50_000),
              currency: 'EUR',
              deadline: around(14),
            },
          }
        : {}),
      ...(random() < 0.1 && contactIds.length > 0
        ? { contacts: [{ contactId: pick(contactIds), role: 'recruiter' }] }
        : {}),
      ...stamp(applied),
    };
    application.naturalKey = applicationKey(application);
    writer.add('applications', application);
  }
  const activities = Math.round(applications * 0.1);
  for (let i = 0; i < activities; i++) {
    const activity: Document = {
      _id: new ObjectId(),
      userId,
      type: pick(['course', 'certification', 'workshop', 'project']),
      title: `${words(random, 3)} ${i}`,
      provider: `${word(random() * 200)} Academy`,
      status: pick(['planned', 'in-progress', 'completed']),
      expectedEndDate: around(90),
      skills: [word(random() * 1728)],
      notes: words(random, 6),
      ...stamp(daysAgo(200)),
    };
    activity.naturalKey = activityKey(activity);
    writer.add('developmentactivities', activity);
  }
  // Every user's texts hold the searched word a few times, as the measured user's do.
  writer.add('jobs', {
    _id: new ObjectId(),
    userId,
    company: 'Searched Labs',
    title: `${SEARCHED} engineer`,
    description: `${SEARCHED} ${words(random, 6)}`,
    tags: [],
    naturalKey: jobKey({ company: 'Searched Labs', title: `${SEARCHED} engineer` }),
    ...stamp(daysAgo(30)),
  });
}

interface ScaleHome {
  home: string;
  documents: number;
  /** Seconds the generation took (undefined when the cached dataset was reused). */
  seconds?: number;
}

/** The big database (cached), generated when missing or when `--clean-scale` is given. */
function bigHome(size: Dataset): ScaleHome {
  const cache = path.join(
    tmpdir(),
    `career-bench-scale-v${DATASET_VERSION}-${size.users}u-${size.applications}a`,
  );
  const ready = path.join(cache, 'ready.json');
  if (process.argv.includes('--clean-scale')) rmSync(cache, { recursive: true, force: true });
  if (existsSync(ready)) {
    const { documents } = JSON.parse(readFileSync(ready, 'utf8')) as { documents: number };
    return { home: path.join(cache, 'home'), documents };
  }
  const started = performance.now();
  const building = `${cache}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  const home = path.join(building, 'home');
  registeredHome(home);
  const storage = openSqliteBackend({ file: path.join(home, 'data', DATA_FILE_NAME) });
  let documents: number;
  try {
    const users = storage.getCollection('career', 'users');
    const benchUser = users
      ? [...users.candidates({ email: EMAIL })]
          .map((row) => decodeTyped(row.bytes))
          .find((user) => user.email === EMAIL)
      : undefined;
    if (!benchUser) throw new Error('the registered user is missing');
    const writer = new BulkWriter(storage);
    const counts = applicationCounts(size.users, size.applications);
    const now = Date.now();
    for (const [at, applications] of counts.entries()) {
      let userId = benchUser._id as ObjectId;
      if (at > 0) {
        userId = new ObjectId();
        const joined = new Date(now - 400 * DAY);
        writer.add('users', {
          _id: userId,
          name: `User ${at}`,
          email: `user${at}@example.com`,
          // Never signed in as: a placeholder where a bcrypt hash would be.
          password: 'not-a-password-hash',
          skills: [word(at)],
          preferences: { notifications: true, emailUpdates: true },
          createdAt: joined,
          updatedAt: joined,
        });
      }
      writeUser(writer, userId, applications, 1000 + at, now);
      if (at % 500 === 499) {
        process.stderr.write(
          `scale: ${at + 1} of ${size.users} users, ${writer.written.toLocaleString('en-US')} documents\n`,
        );
      }
    }
    writer.flush();
    documents = writer.written;
  } finally {
    storage.close();
  }
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(path.join(building, 'ready.json'), JSON.stringify({ documents, seconds }));
  rmSync(cache, { recursive: true, force: true });
  renameSync(building, cache);
  return { home: path.join(cache, 'home'), documents, seconds };
}

/** The measured commands: what a user runs every day. */
const COMMANDS: readonly { name: string; args: readonly string[] }[] = [
  { name: 'apply list --status applied', args: ['apply', 'list', '--status', 'applied'] },
  { name: 'stats', args: ['stats'] },
  { name: 'agenda', args: ['agenda'] },
  { name: `search ${SEARCHED}`, args: ['search', SEARCHED] },
  { name: 'connect followup list', args: ['connect', 'followup', 'list'] },
];

export const run: BenchModule = async () => {
  const size = datasetSize();
  const big = bigHome(size);
  const emptyDir = path.join(tmpdir(), `career-bench-scale-empty-${process.pid}`);
  rmSync(emptyDir, { recursive: true, force: true });
  try {
    const empty = path.join(emptyDir, 'home');
    registeredHome(empty);
    const rows: BenchRow[] = [];
    const generated =
      big.seconds === undefined
        ? 'cached dataset'
        : `generated in ${big.seconds.toFixed(0)} s (then cached)`;
    for (const command of COMMANDS) {
      // A first run of each warms the page cache of both files.
      career(big.home, command.args);
      career(empty, command.args);
      const onBig: number[] = [];
      const onEmpty: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        onBig.push(career(big.home, command.args).ms);
        onEmpty.push(career(empty, command.args).ms);
      }
      rows.push(
        ratioRow(
          {
            group: 'scale',
            name: `career ${command.name}`,
            value: median(onBig),
            unit: 'ms',
            baseline: { name: 'empty database', value: median(onEmpty), unit: 'ms' },
            ...(rows.length === 0
              ? {
                  note:
                    `${size.users.toLocaleString('en-US')} users, ${size.applications.toLocaleString('en-US')} applications, ` +
                    `${big.documents.toLocaleString('en-US')} documents (${generated}); ` +
                    `the user has ${BENCH_USER_APPLICATIONS} applications; median of ${RUNS}`,
                }
              : {}),
          },
          { text: '<= 1.5x', met: (ratio) => ratio <= 1.5 },
        ),
      );
    }
    return Promise.resolve(rows);
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await run());
