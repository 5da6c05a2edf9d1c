// The agenda and the week's progress for a very busy user (5,000 applications, 1,000 connections
// with 4 follow-ups each, 500 learning activities) next to another user's equal data, on
// the embedded engine: the figures show what the indexed queries cost (printed, not asserted).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { startEngine } from '../../src/engine/index.js';
import { buildAgenda } from '../../src/services/agenda-service.js';
import { compareOffers } from '../../src/services/offer-comparison.js';
import { weekProgress } from '../../src/services/targets-service.js';
import { withWorkspace } from '../../src/services/workspace.js';

const DAY = 24 * 3600 * 1000;
const APPLICATIONS = 5_000;
const CONNECTIONS = 1_000;
const ACTIVITIES = 500;
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Spread over the last and the next 90 days, deterministically. */
function spread(i: number, now: number): Date {
  return new Date(now + (((i * 7919) % 180) - 90) * DAY);
}

async function seed(uri: string, userId: ObjectId, now: number): Promise<void> {
  const client = new MongoClient(uri);
  try {
    const db = client.db('career');
    const jobId = new ObjectId();
    const statuses = ['toApply', 'applied', 'interviewing', 'offer', 'rejected'];
    await db.collection('applications').insertMany(
      Array.from({ length: APPLICATIONS }, (_, i) => {
        const at = spread(i, now);
        const past = new Date(Math.min(at.getTime(), now));
        return {
          userId,
          jobId,
          status: statuses[i % statuses.length],
          applicationDate: past,
          interviews: i % 4 === 0 ? [{ _id: new ObjectId(), date: at, status: 'scheduled' }] : [],
          statusHistory: [{ status: statuses[i % statuses.length], at: past }],
          // Offers: every application in offer has one (1,000), with a deadline around now.
          ...(i % statuses.length === 3
            ? { offer: { base: 50_000 + i, currency: i % 2 ? 'EUR' : 'USD', deadline: at } }
            : {}),
          createdAt: past,
          updatedAt: past,
        };
      }),
    );
    await db.collection('connections').insertMany(
      Array.from({ length: CONNECTIONS }, (_, i) => ({
        userId,
        contactId: new ObjectId(),
        status: 'accepted',
        type: 'peer',
        followUps: Array.from({ length: 4 }, (_, j) => {
          const due = spread(i * 4 + j, now);
          const completed = due.getTime() < now && j % 2 === 0;
          return {
            _id: new ObjectId(),
            type: 'email',
            dueDate: due,
            completed,
            ...(completed ? { completedAt: due } : {}),
          };
        }),
        createdAt: new Date(now - 100 * DAY),
        updatedAt: new Date(now - 100 * DAY),
      })),
    );
    await db.collection('developmentactivities').insertMany(
      Array.from({ length: ACTIVITIES }, (_, i) => ({
        userId,
        type: 'course',
        title: `Course ${i}`,
        status: ['planned', 'in-progress', 'completed'][i % 3],
        expectedEndDate: spread(i, now),
        skills: [],
        createdAt: new Date(now - 100 * DAY),
        updatedAt: new Date(now - 100 * DAY),
      })),
    );
  } finally {
    await client.close();
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'career-bench-agenda-'));
  const previousHome = process.env.CAREER_HOME;
  process.env.CAREER_HOME = path.join(dir, 'home');
  const engine = await startEngine({ dataDir: path.join(dir, 'data') });
  try {
    const now = Date.now();
    const user = new ObjectId();
    await seed(engine.uri, user, now);
    await seed(engine.uri, new ObjectId(), now);
    const figures = await withWorkspace({ dbUri: engine.uri }, async ({ repositories }) => {
      const data = repositories.forUser(user);
      const agenda: number[] = [];
      const week: number[] = [];
      const offers: number[] = [];
      let items = 0;
      let offerCount = 0;
      for (let i = 0; i < RUNS; i++) {
        let started = performance.now();
        const built = await buildAgenda(data, { days: 7, stalledAfterDays: 14 });
        agenda.push(performance.now() - started);
        items = built.items.length;
        started = performance.now();
        await weekProgress(data);
        week.push(performance.now() - started);
        started = performance.now();
        offerCount = (await compareOffers(data, new Date())).offers.length;
        offers.push(performance.now() - started);
      }
      return {
        agenda: median(agenda),
        week: median(week),
        items,
        offers: median(offers),
        offerCount,
      };
    });
    console.log(
      `agenda of a user with ${APPLICATIONS.toLocaleString('en-US')} applications, ` +
        `${(CONNECTIONS * 4).toLocaleString('en-US')} follow-ups, ` +
        `${ACTIVITIES.toLocaleString('en-US')} activities (another user as big; median of ${RUNS})`,
    );
    console.log(
      `  career agenda's queries: ${figures.agenda.toFixed(0)} ms for ${figures.items} items; ` +
        `week progress: ${figures.week.toFixed(1)} ms (target < 500 ms and < 200 ms)`,
    );
    console.log(
      `  career apply offers' queries: ${figures.offers.toFixed(0)} ms for ${figures.offerCount} open offers ` +
        `(target within 1.5x of the agenda's)`,
    );
  } finally {
    await engine.close();
    if (previousHome === undefined) delete process.env.CAREER_HOME;
    else process.env.CAREER_HOME = previousHome;
    rmSync(dir, { recursive: true, force: true });
  }
}
