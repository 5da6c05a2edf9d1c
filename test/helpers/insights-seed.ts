// A dataset with known answers for `career stats`, `apply board` and `export calendar`,
// written straight into the database (one insertMany per collection, not hundreds of CLI
// runs). Dates are relative to now, so the answers hold on any day: weeks are counted back
// from the current ISO week (Monday 00:00 UTC), calendar dates from today in local time.
// A second user's records sit in the same collections and must never show up.
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { expect } from 'vitest';
import type { TestAccount } from './accounts.js';
import { isolatedDatabase, type IsolatedDatabase } from './database.js';
import { signedInAccount } from './accounts.js';

const DAY_MS = 24 * 3600 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** Monday 00:00 UTC of the ISO week `date` is in. */
export function isoWeekStart(date: Date): Date {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return new Date(day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS);
}

/** What the fixture needs of an account: a child-process one or an in-process one. */
export interface SeedAccount {
  run(args: string[]): Promise<{ code: number | null; stdout: string }>;
}

/** Registers the fixture's user on the fixture's database. */
export type SeedAccountMaker<A extends SeedAccount> = (
  name: string,
  options: { dbUri: string },
) => Promise<A>;

export interface InsightsFixture<A extends SeedAccount = TestAccount> {
  server: IsolatedDatabase;
  client: MongoClient;
  db: Db;
  ada: A;
  adaId: ObjectId;
  /** The moment the dataset was built from. */
  now: Date;
  /** Monday 00:00 UTC of the current week. */
  thisWeek: Date;
  ids: Record<string, ObjectId>;
  /** Follow-up due dates, for computing the expected "due" bins. */
  followUpDueDates: Date[];
  close(): Promise<void>;
}

/** A time `weeksAgo` ISO weeks back, `days` days and `hours` hours into that week (UTC). */
function inWeek(thisWeek: Date, weeksAgo: number, days = 0, hours = 0): Date {
  return new Date(thisWeek.getTime() - weeksAgo * WEEK_MS + days * DAY_MS + hours * 3600 * 1000);
}

/** Today (local time) plus `days`, at hh:mm local. */
function localDay(now: Date, days: number, hours = 0, minutes = 0): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, hours, minutes);
}

/**
 * A database with Ada signed in, her dataset, and another user's records beside it. Ada runs
 * the built CLI in a child process, or whatever `makeAccount` gives (inProcessAccount).
 */
export async function insightsFixture(): Promise<InsightsFixture>;
export async function insightsFixture<A extends SeedAccount>(
  makeAccount: SeedAccountMaker<A>,
): Promise<InsightsFixture<A>>;
export async function insightsFixture(
  makeAccount: SeedAccountMaker<SeedAccount> = signedInAccount,
): Promise<InsightsFixture<SeedAccount>> {
  const server = await isolatedDatabase({ transport: 'tcp' });
  const ada = await makeAccount('Ada Lovelace', { dbUri: server.uri });
  const shown = await ada.run(['--json', 'profile', 'show']);
  expect(shown.code).toBe(0);
  const adaId = new ObjectId((JSON.parse(shown.stdout) as { _id: string })._id);
  const client = await MongoClient.connect(server.uri);
  const db = client.db('career');
  const now = new Date();
  const thisWeek = isoWeekStart(now);
  const w = (weeksAgo: number, days = 0, hours = 0): Date =>
    inWeek(thisWeek, weeksAgo, days, hours);
  const ids: Record<string, ObjectId> = {};
  // Each named record made a second apart, as records added one command at a time are (ids
  // made in the same second share their first 8 characters, and listings then show more).
  let second = Math.floor(now.getTime() / 1000) - 3600;
  const id = (name: string): ObjectId =>
    (ids[name] ??= new ObjectId(
      ObjectId.createFromTime(++second).toHexString().slice(0, 8) +
        new ObjectId().toHexString().slice(8),
    ));
  const updated = w(0, 0, 1);
  const stamps = (createdAt: Date) => ({ createdAt, updatedAt: updated });

  // The other user: records that would change every answer if they leaked in.
  const eve = new ObjectId();
  const eveJob = id('eveJob');
  await db.collection('jobs').insertOne({
    _id: eveJob,
    userId: eve,
    company: 'EvilCorp',
    title: 'Spy',
    ...stamps(w(2)),
  });
  await db.collection('applications').insertMany(
    [0, 1, 2, 3, 4].map((n) => ({
      userId: eve,
      jobId: eveJob,
      status: 'offer',
      applicationDate: w(n, 1),
      statusHistory: [
        { status: 'applied', at: w(n, 1) },
        { status: 'offer', at: w(n, 2) },
      ],
      interviews: [{ _id: new ObjectId(), date: localDay(now, 1, 11), type: 'secret' }],
      ...stamps(w(n, 1)),
    })),
  );
  const eveContact = new ObjectId();
  await db.collection('contacts').insertOne({ _id: eveContact, userId: eve, name: 'Mallory' });
  await db.collection('connections').insertOne({
    userId: eve,
    contactId: eveContact,
    status: 'accepted',
    type: 'peer',
    followUps: [
      { _id: new ObjectId(), type: 'bribe', dueDate: localDay(now, 2), completed: false },
      {
        _id: new ObjectId(),
        type: 'bribe',
        dueDate: w(1),
        completed: true,
        completedAt: w(1, 1),
      },
    ],
    ...stamps(w(3)),
  });
  await db.collection('developmentactivities').insertOne({
    userId: eve,
    type: 'workshop',
    title: 'Lockpicking',
    status: 'completed',
    completionDate: w(1),
    skills: ['lockpicking', 'SQL'],
    ...stamps(w(1)),
  });

  // Ada's jobs: a wide-character company, an emoji, a very long title.
  const jobs = [
    ['jobAcme', 'ACME', 'Backend Engineer'],
    ['jobGlobex', 'Globex', 'Platform Engineer'],
    ['jobKabushiki', '株式会社テスト', 'データエンジニア'],
    ['jobRocket', '🚀 Rocket Labs', 'Senior Staff Principal Distinguished Engineer of Everything'],
    ['jobInitech', 'Initech', 'TPS Report Analyst'],
  ] as const;
  await db.collection('jobs').insertMany(
    jobs.map(([key, company, title]) => ({
      _id: id(key),
      userId: adaId,
      company,
      title,
      ...stamps(w(20)),
    })),
  );

  // Ada's applications (see the expected answers in the tests).
  const application = (
    key: string,
    jobKey: string,
    status: string,
    history: Array<[string, Date]>,
    extra: Record<string, unknown> = {},
    updatedAt: Date = updated,
  ) => ({
    _id: id(key),
    userId: adaId,
    jobId: jobKey === 'eveJob' ? eveJob : id(jobKey),
    status,
    statusHistory: history.map(([s, at]) => ({ status: s, at })),
    interviews: [],
    createdAt: history[0]?.[1] ?? w(0),
    updatedAt,
    ...extra,
  });
  await db.collection('applications').insertMany([
    // A1 points at the other user's job: the board must not show that job.
    application('A1', 'eveJob', 'toApply', [['toApply', w(8)]], {}, w(0, 0, 1)),
    application('A2', 'jobGlobex', 'toApply', [['toApply', w(1, 2)]], {}, w(0, 0, 2)),
    application(
      'A3',
      'jobKabushiki',
      'applied',
      [
        ['toApply', w(5)],
        ['applied', w(4, 1)],
      ],
      { applicationDate: w(4, 1) },
      w(0, 0, 3),
    ),
    application(
      'A4',
      'jobRocket',
      'interviewing',
      [
        ['applied', w(3, 1, 10)],
        ['interviewing', w(3, 3, 10)],
      ],
      { applicationDate: w(3, 1, 10) },
      w(0, 0, 4),
    ),
    application(
      'A5',
      'jobAcme',
      'offer',
      [
        ['applied', w(2, 0, 9)],
        ['interviewing', w(2, 4, 9)],
        ['offer', w(2, 10, 9)],
      ],
      {
        applicationDate: w(2, 0, 9),
        interviews: [{ _id: id('I1'), date: w(2, 3), type: 'phone', status: 'done' }],
      },
      w(0, 0, 5),
    ),
    application(
      'A6',
      'jobInitech',
      'rejected',
      [
        ['applied', w(2, 2, 12)],
        ['rejected', w(2, 8, 12)],
      ],
      { applicationDate: w(2, 2, 12) },
      w(0, 0, 6),
    ),
    application(
      'A7',
      'jobGlobex',
      'rejected',
      [
        ['applied', w(1, 3, 8)],
        ['interviewing', w(1, 4, 8)],
        ['rejected', w(1, 12, 8)],
      ],
      {
        applicationDate: w(1, 3, 8),
        interviews: [
          {
            _id: id('I5'),
            date: localDay(now, 1, 9),
            type: 'panel',
            status: 'cancelled',
          },
        ],
      },
      w(0, 0, 7),
    ),
    // A8 went straight to interviewing and has no application date: no response time.
    application(
      'A8',
      'jobAcme',
      'interviewing',
      [['interviewing', w(0, 0, 10)]],
      {
        interviews: [
          {
            _id: id('I2'),
            date: localDay(now, 2, 10),
            type: 'video',
            notes: 'Prepare the system design',
            status: 'scheduled',
          },
          { _id: id('I3'), date: localDay(now, 10, 15), type: 'onsite', status: 'scheduled' },
          { _id: id('I4'), date: localDay(now, 40, 9), type: 'final', status: 'scheduled' },
        ],
      },
      w(0, 0, 8),
    ),
    application(
      'A9',
      'jobInitech',
      'offer',
      [
        ['applied', w(20, 1)],
        ['offer', w(20, 8)],
      ],
      { applicationDate: w(20, 1) },
      w(0, 0, 9),
    ),
  ]);

  // Ada's contacts, connections and follow-ups.
  await db.collection('contacts').insertMany([
    { _id: id('C1'), userId: adaId, name: 'Grace Hopper', company: 'US Navy', ...stamps(w(10)) },
    { _id: id('C2'), userId: adaId, name: 'Alan Turing', ...stamps(w(10)) },
  ]);
  const followUp = (
    key: string,
    type: string,
    dueDate: Date,
    completedAt?: Date,
    notes?: string,
  ) => ({
    _id: id(key),
    type,
    dueDate,
    completed: completedAt !== undefined,
    ...(completedAt ? { completedAt } : {}),
    ...(notes ? { notes } : {}),
  });
  const k1FollowUps = [
    followUp('F1', 'email', w(3), w(3, 1)),
    followUp('F2', 'call', w(1, 2), w(1, 2, 5)),
    followUp('F3', 'email', w(1, 4), w(0, 0, 9)),
    followUp('F4', 'email', localDay(now, -5, 9, 15), undefined, 'Send the slides'),
  ];
  const k2FollowUps = [
    followUp('F5', 'coffee', localDay(now, 3), undefined, 'Bring the paper'),
    followUp('F6', 'call', localDay(now, 5, 14, 30)),
    followUp('F7', 'email', localDay(now, 45)),
    followUp('F8', 'email', localDay(now, 2), w(0, 0, 1)),
  ];
  await db.collection('connections').insertMany([
    {
      _id: id('K1'),
      userId: adaId,
      contactId: id('C1'),
      status: 'accepted',
      type: 'mentor',
      followUps: k1FollowUps,
      ...stamps(w(10)),
    },
    {
      _id: id('K2'),
      userId: adaId,
      contactId: id('C2'),
      status: 'pending',
      type: 'peer',
      followUps: k2FollowUps,
      ...stamps(w(10)),
    },
  ]);

  // Ada's learning.
  const activity = (
    type: string,
    title: string,
    status: string,
    skills: string[],
    completionDate?: Date,
  ) => ({
    userId: adaId,
    type,
    title,
    status,
    skills,
    ...(completionDate ? { completionDate } : {}),
    ...stamps(w(30)),
  });
  await db
    .collection('developmentactivities')
    .insertMany([
      activity('course', 'Databases', 'completed', ['SQL', 'data modeling'], w(3)),
      activity('course', 'Replication in practice', 'completed', ['sql', 'Replication'], w(10)),
      activity('project', 'A typed CLI', 'completed', ['TypeScript', 'SQL'], w(25)),
      activity('certification', 'CKA', 'in-progress', ['kubernetes']),
      activity('workshop', 'Public speaking', 'planned', ['speaking']),
    ]);

  return {
    server,
    client,
    db,
    ada,
    adaId,
    now,
    thisWeek,
    ids,
    followUpDueDates: [...k1FollowUps, ...k2FollowUps].map((item) => item.dueDate),
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}
