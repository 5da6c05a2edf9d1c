// The agenda and the week's progress for a very busy user (5,000 applications, 1,000 connections
// with 4 follow-ups each, 500 learning activities) next to another user's equal data, on
// the embedded engine: the figures show what the indexed queries cost (printed, not asserted).
// A third user has the same data with a keep-in-touch cadence on every connection, plus 250
// connections with a cadence and no open follow-up (keep-in-touch items): its agenda should
// stay within 1.5x of the first's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { startEngine } from '../../src/engine/index.js';
import { buildAgenda } from '../../src/services/agenda-service.js';
import { compareOffers } from '../../src/services/offer-comparison.js';
import { weekProgress } from '../../src/services/targets-service.js';
import { withWorkspace } from '../../src/services/workspace.js';
import { median, ratioRow, type BenchModule, type BenchRow } from './rows.js';

const DAY = 24 * 3600 * 1000;
const APPLICATIONS = 5_000;
const CONNECTIONS = 1_000;
const ACTIVITIES = 500;
/** The cadence user's extra connections with nothing open (each a keep-in-touch candidate). */
const QUIET_CONNECTIONS = 250;
const CADENCES = [14, 30, 60, 90];
const RUNS = 7;

/** Spread over the last and the next 90 days, deterministically. */
function spread(i: number, now: number): Date {
  return new Date(now + (((i * 7919) % 180) - 90) * DAY);
}

/** Connections with a cadence and only completed follow-ups, last done 10 to 130 days ago. */
function quietConnections(userId: ObjectId, now: number): Record<string, unknown>[] {
  return Array.from({ length: QUIET_CONNECTIONS }, (_, i) => {
    const doneAt = new Date(now - (10 + (i % 120)) * DAY);
    return {
      userId,
      contactId: new ObjectId(),
      status: 'accepted',
      type: 'mentor',
      cadenceDays: CADENCES[i % CADENCES.length],
      followUps: [
        {
          _id: new ObjectId(),
          type: 'call',
          dueDate: doneAt,
          completed: true,
          completedAt: doneAt,
        },
      ],
      createdAt: new Date(now - 200 * DAY),
      updatedAt: doneAt,
    };
  });
}

async function seed(uri: string, userId: ObjectId, now: number, cadence = false): Promise<void> {
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
        ...(cadence ? { cadenceDays: CADENCES[i % CADENCES.length] } : {}),
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
    if (cadence) await db.collection('connections').insertMany(quietConnections(userId, now));
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

export const run: BenchModule = async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'career-bench-agenda-'));
  const previousHome = process.env.CAREER_HOME;
  process.env.CAREER_HOME = path.join(dir, 'home');
  const engine = await startEngine({ dataDir: path.join(dir, 'data') });
  try {
    const now = Date.now();
    const user = new ObjectId();
    await seed(engine.uri, user, now);
    await seed(engine.uri, new ObjectId(), now);
    const keen = new ObjectId();
    await seed(engine.uri, keen, now, true);
    const figures = await withWorkspace({ dbUri: engine.uri }, async ({ repositories }) => {
      const data = repositories.forUser(user);
      const withCadence = repositories.forUser(keen);
      const agenda: number[] = [];
      const cadenceAgenda: number[] = [];
      const week: number[] = [];
      const offers: number[] = [];
      let items = 0;
      let keepInTouch = 0;
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
        const cadenced = await buildAgenda(withCadence, { days: 7, stalledAfterDays: 14 });
        cadenceAgenda.push(performance.now() - started);
        keepInTouch = cadenced.items.filter((item) => item.kind === 'keep-in-touch').length;
        started = performance.now();
        offerCount = (await compareOffers(data, new Date())).offers.length;
        offers.push(performance.now() - started);
      }
      return {
        agenda: median(agenda),
        cadenceAgenda: median(cadenceAgenda),
        week: median(week),
        items,
        keepInTouch,
        offers: median(offers),
        offerCount,
      };
    });
    const size =
      `${APPLICATIONS.toLocaleString('en-US')} applications, ` +
      `${(CONNECTIONS * 4).toLocaleString('en-US')} follow-ups, ` +
      `${ACTIVITIES.toLocaleString('en-US')} activities (another user as big); median of ${RUNS}`;
    const agenda = { name: 'agenda queries', value: figures.agenda, unit: 'ms' } as const;
    const rows: BenchRow[] = [
      {
        group: 'agenda',
        name: "career agenda's queries",
        value: figures.agenda,
        unit: 'ms',
        target: '< 500 ms',
        met: figures.agenda < 500,
        note: `${figures.items} items for a user with ${size}`,
      },
      {
        group: 'agenda',
        name: 'week progress',
        value: figures.week,
        unit: 'ms',
        target: '< 200 ms',
        met: figures.week < 200,
      },
      ratioRow(
        {
          group: 'agenda',
          name: "career apply offers' queries",
          value: figures.offers,
          unit: 'ms',
          baseline: agenda,
          note: `${figures.offerCount} open offers`,
        },
        { text: '<= 1.5x', met: (ratio) => ratio <= 1.5 },
      ),
      ratioRow(
        {
          group: 'agenda',
          name: 'agenda with cadences',
          value: figures.cadenceAgenda,
          unit: 'ms',
          baseline: agenda,
          note: `+${QUIET_CONNECTIONS} quiet connections, ${figures.keepInTouch} keep-in-touch items`,
        },
        { text: '<= 1.5x', met: (ratio) => ratio <= 1.5 },
      ),
    ];
    return rows;
  } finally {
    await engine.close();
    if (previousHome === undefined) delete process.env.CAREER_HOME;
    else process.env.CAREER_HOME = previousHome;
    rmSync(dir, { recursive: true, force: true });
  }
};
