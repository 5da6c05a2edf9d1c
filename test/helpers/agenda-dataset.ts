// A dataset whose agenda, targets and coach answers are known, with dates relative to now so
// the tests hold on any day. Inserted with the driver (documents shaped as the schemas store
// them, timestamps included), for the user whose id is given.
import { MongoClient, ObjectId } from 'mongodb';

/** What seeding needs of an account: a child-process one or an in-process one. */
interface SeedAccount {
  run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export const HOUR = 3600 * 1000;
export const DAY = 24 * HOUR;

/** Ids of the seeded records the tests refer to, as hex strings. */
export interface SeededIds {
  navyConnection: string;
  overdueEmail: string;
  laterTodayCall: string;
  coffeeIn2Days: string;
  acmeApplication: string;
  acmeTechnical: string;
  globexApplication: string;
  initechApplication: string;
  hooliApplication: string;
  hooliOnsite: string;
  lateCourse: string;
}

function endOfToday(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 0, -1);
}

/**
 * Waits out the last two minutes of a day, so an item seeded "later today" is still today
 * when the CLI runs a few seconds later.
 */
export async function awayFromMidnight(): Promise<void> {
  const left = endOfToday(new Date()).getTime() - Date.now();
  if (left < 2 * 60 * 1000) await new Promise((resolve) => setTimeout(resolve, left + 1000));
}

/**
 * Gives the account the profile the dataset's answers assume (goal new-job within 3 months,
 * high networking, skills typescript and node) and seeds the dataset for it.
 */
export async function seedAccount(account: SeedAccount, uri: string): Promise<SeededIds> {
  const result = await account.run([
    '--json',
    'profile',
    'update',
    '--goal',
    'new-job',
    '--timeframe',
    '3-months',
    '--networking',
    'high',
    '--skills',
    'typescript, node',
  ]);
  if (result.code !== 0) throw new Error(`profile update failed: ${result.stderr}`);
  const profile = JSON.parse(result.stdout) as { _id: string };
  await awayFromMidnight();
  return seedDataset(uri, profile._id);
}

/**
 * The dataset (now = when it is seeded):
 * - follow-ups: an email 3 days overdue (Navy), a call later today (Bletchley), a coffee in 2
 *   days (Navy), a meeting in 20 days (outside a week), one completed 9 days ago and one
 *   completed now (counts for this week);
 * - applications: ACME interviewing (phone interview 10 days ago, a cancelled one tomorrow,
 *   a technical one in 3 days); Globex applied 30 days ago, Initech applied 20 days ago
 *   (both stalled after 14 days); Umbrella applied 30 days ago with an interview 5 days ago
 *   (not stalled); Hooli interviewing, quiet for 30 days but an onsite in 10 days (not
 *   stalled); Stark and Wayne sent now (this week's 2 applications); Oscorp toApply dated now
 *   and Cyberdyne rejected 60 days ago (neither counts nor stalls);
 * - learning: a course in progress 4 days past its expected end (late), one ending in 5 days,
 *   a completed one (python) and a planned one (terraform);
 * - jobs' tags: ACME node, mongodb, kubernetes; Globex kubernetes, terraform, go; Initech
 *   kubernetes, go; Hooli Go, python; Umbrella rust (and Terraform in its description);
 *   Stark typescript. With profile skills typescript and node, the skill gaps are go (3
 *   jobs), kubernetes (3), terraform (2, planned), mongodb (1).
 */
export async function seedDataset(uri: string, userHex: string): Promise<SeededIds> {
  const now = new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const later = (ms: number) => new Date(now.getTime() + ms);
  const laterToday = new Date((now.getTime() + endOfToday(now).getTime()) / 2);
  const userId = new ObjectId(userHex);
  const client = new MongoClient(uri);
  try {
    const db = client.db('career');
    const id = () => new ObjectId();

    // Contacts and connections.
    const navy = id();
    const bletchley = id();
    await db.collection('contacts').insertMany([
      {
        _id: navy,
        userId,
        name: 'Grace Hopper',
        company: 'Navy',
        tags: [],
        createdAt: ago(DAY * 40),
        updatedAt: ago(DAY * 40),
      },
      {
        _id: bletchley,
        userId,
        name: 'Alan Turing',
        company: 'Bletchley',
        tags: [],
        createdAt: ago(DAY * 40),
        updatedAt: ago(DAY * 40),
      },
    ]);
    const followUp = (type: string, dueDate: Date, extra: Record<string, unknown> = {}) => ({
      _id: id(),
      type,
      dueDate,
      completed: false,
      ...extra,
    });
    const overdueEmail = followUp('email', ago(DAY * 3), { notes: 'Send the slides' });
    const coffee = followUp('coffee', later(DAY * 2));
    const call = followUp('call', laterToday);
    const navyConnection = id();
    await db.collection('connections').insertMany([
      {
        _id: navyConnection,
        userId,
        contactId: navy,
        status: 'accepted',
        type: 'mentor',
        followUps: [
          overdueEmail,
          coffee,
          followUp('meeting', later(DAY * 20)),
          followUp('call', ago(DAY * 10), { completed: true, completedAt: ago(DAY * 9) }),
          followUp('email', ago(DAY * 2), { completed: true, completedAt: now }),
        ],
        createdAt: ago(DAY * 40),
        updatedAt: now,
      },
      {
        _id: id(),
        userId,
        contactId: bletchley,
        status: 'pending',
        type: 'peer',
        followUps: [call],
        createdAt: ago(DAY * 40),
        updatedAt: now,
      },
    ]);

    // Jobs, oldest first (createdAt decides the order the coach reads them in).
    const jobSpecs: Array<[string, string, string[], string?]> = [
      [
        'ACME',
        'Backend Engineer',
        ['node', 'mongodb', 'kubernetes'],
        'Build APIs in Node on MongoDB; we deploy to Kubernetes.',
      ],
      ['Globex', 'Platform Engineer', ['kubernetes', 'terraform', 'go']],
      ['Initech', 'SRE', ['kubernetes', 'go']],
      ['Hooli', 'Data Engineer', ['Go', 'python']],
      [
        'Umbrella',
        'Systems Engineer',
        ['rust'],
        'Rust services, infrastructure as code with Terraform.',
      ],
      ['Stark', 'Frontend Engineer', ['typescript']],
      ['Wayne', 'Fullstack Engineer', []],
      ['Oscorp', 'Research Engineer', []],
      ['Cyberdyne', 'ML Engineer', []],
    ];
    const jobIds = new Map<string, ObjectId>();
    await db.collection('jobs').insertMany(
      jobSpecs.map(([company, title, tags, description], index) => {
        const _id = id();
        jobIds.set(company, _id);
        const created = ago(DAY * (60 - index));
        return {
          _id,
          userId,
          company,
          title,
          tags,
          ...(description ? { description } : {}),
          createdAt: created,
          updatedAt: created,
        };
      }),
    );

    const application = (
      company: string,
      status: string,
      fields: {
        applicationDate?: Date;
        updatedAt: Date;
        history: Array<[string, Date]>;
        interviews?: Array<Record<string, unknown>>;
        notes?: string;
      },
    ) => ({
      _id: id(),
      userId,
      jobId: jobIds.get(company),
      status,
      ...(fields.applicationDate ? { applicationDate: fields.applicationDate } : {}),
      ...(fields.notes ? { notes: fields.notes } : {}),
      interviews: fields.interviews ?? [],
      statusHistory: fields.history.map(([historyStatus, at]) => ({ status: historyStatus, at })),
      createdAt: fields.history[0]?.[1] ?? fields.updatedAt,
      updatedAt: fields.updatedAt,
    });
    const acmeTechnical = {
      _id: id(),
      date: later(DAY * 3),
      type: 'technical',
      notes: 'System design round',
      status: 'scheduled',
    };
    const hooliOnsite = { _id: id(), date: later(DAY * 10), type: 'onsite', status: 'scheduled' };
    const acme = application('ACME', 'interviewing', {
      applicationDate: ago(DAY * 40),
      updatedAt: ago(DAY * 2),
      history: [
        ['applied', ago(DAY * 40)],
        ['interviewing', ago(DAY * 12)],
      ],
      notes: 'Referred by Grace',
      interviews: [
        {
          _id: id(),
          date: ago(DAY * 10),
          type: 'phone',
          notes: 'Talked about MongoDB sharding',
          status: 'completed',
        },
        { _id: id(), date: later(DAY), type: 'video', status: 'cancelled' },
        acmeTechnical,
      ],
    });
    const globex = application('Globex', 'applied', {
      applicationDate: ago(DAY * 30),
      updatedAt: ago(DAY * 30),
      history: [
        ['toApply', ago(DAY * 31)],
        ['applied', ago(DAY * 30)],
      ],
    });
    const initech = application('Initech', 'applied', {
      applicationDate: ago(DAY * 20),
      updatedAt: ago(DAY * 20),
      history: [['applied', ago(DAY * 20)]],
    });
    const hooli = application('Hooli', 'interviewing', {
      applicationDate: ago(DAY * 45),
      updatedAt: ago(DAY * 30),
      history: [
        ['applied', ago(DAY * 45)],
        ['interviewing', ago(DAY * 30)],
      ],
      interviews: [hooliOnsite],
    });
    await db.collection('applications').insertMany([
      acme,
      globex,
      initech,
      hooli,
      application('Umbrella', 'applied', {
        applicationDate: ago(DAY * 30),
        updatedAt: ago(DAY * 30),
        history: [['applied', ago(DAY * 30)]],
        interviews: [{ _id: id(), date: ago(DAY * 5), type: 'phone', status: 'completed' }],
      }),
      application('Stark', 'applied', {
        applicationDate: now,
        updatedAt: now,
        history: [['applied', now]],
      }),
      application('Wayne', 'interviewing', {
        applicationDate: now,
        updatedAt: now,
        history: [['interviewing', now]],
      }),
      application('Oscorp', 'toApply', {
        applicationDate: now,
        updatedAt: now,
        history: [['toApply', now]],
      }),
      application('Cyberdyne', 'rejected', {
        applicationDate: ago(DAY * 70),
        updatedAt: ago(DAY * 60),
        history: [['rejected', ago(DAY * 60)]],
      }),
    ]);

    const lateCourse = id();
    const activity = (fields: Record<string, unknown>) => ({
      userId,
      skills: [],
      createdAt: ago(DAY * 50),
      updatedAt: ago(DAY * 50),
      ...fields,
    });
    await db.collection('developmentactivities').insertMany([
      activity({
        _id: lateCourse,
        type: 'course',
        title: 'Rust in Action',
        provider: 'Manning',
        status: 'in-progress',
        startDate: ago(DAY * 40),
        expectedEndDate: ago(DAY * 4),
        skills: ['rust'],
      }),
      activity({
        type: 'workshop',
        title: 'CSS Grid',
        status: 'in-progress',
        expectedEndDate: later(DAY * 5),
      }),
      activity({
        type: 'course',
        title: 'Python for Data',
        status: 'completed',
        expectedEndDate: ago(DAY * 50),
        completionDate: ago(DAY * 45),
        skills: ['python'],
      }),
      activity({
        type: 'certification',
        title: 'Terraform Associate',
        status: 'planned',
        expectedEndDate: ago(DAY * 4),
        skills: ['terraform'],
      }),
    ]);

    return {
      navyConnection: navyConnection.toHexString(),
      overdueEmail: overdueEmail._id.toHexString(),
      laterTodayCall: call._id.toHexString(),
      coffeeIn2Days: coffee._id.toHexString(),
      acmeApplication: acme._id.toHexString(),
      acmeTechnical: acmeTechnical._id.toHexString(),
      globexApplication: globex._id.toHexString(),
      initechApplication: initech._id.toHexString(),
      hooliApplication: hooli._id.toHexString(),
      hooliOnsite: hooliOnsite._id.toHexString(),
      lateCourse: lateCourse.toHexString(),
    };
  } finally {
    await client.close();
  }
}
