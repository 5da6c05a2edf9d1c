// `contact show` with people on applications (issue 15): a contact on 20 of a user's 5,000
// applications (another user as big), on the embedded engine. The show's queries with the
// applications it lists, against the same show without them (what it read before links:
// the contact, its connection and follow-ups). Printed, not asserted; target <= 1.5x.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { startEngine } from '../../src/engine/index.js';
import { findContact, showContact } from '../../src/services/contact-service.js';
import { withWorkspace } from '../../src/services/workspace.js';
import { median, ratioRow, type BenchModule } from './rows.js';

const APPLICATIONS = 5_000;
const CONTACTS = 1_000;
const LINKED = 20;
const RUNS = 15;

async function seed(uri: string, userId: ObjectId): Promise<ObjectId> {
  const client = new MongoClient(uri);
  try {
    const db = client.db('career');
    const now = new Date();
    const contacts = Array.from({ length: CONTACTS }, (_, i) => ({
      _id: new ObjectId(),
      userId,
      name: `Person ${i}`,
      tags: [],
      createdAt: now,
      updatedAt: now,
    }));
    await db.collection('contacts').insertMany(contacts);
    await db.collection('connections').insertMany(
      contacts.map((contact) => ({
        userId,
        contactId: contact._id,
        status: 'accepted',
        type: 'peer',
        followUps: [{ _id: new ObjectId(), type: 'email', dueDate: now, completed: false }],
        createdAt: now,
        updatedAt: now,
      })),
    );
    const jobId = new ObjectId();
    await db.collection('jobs').insertOne({ _id: jobId, userId, company: 'Acme', title: 'Eng' });
    const target = contacts[0]?._id as ObjectId;
    await db.collection('applications').insertMany(
      Array.from({ length: APPLICATIONS }, (_, i) => {
        const contactId = i % (APPLICATIONS / LINKED) === 0 ? target : contacts[(i % 999) + 1]?._id;
        const interviewId = new ObjectId();
        return {
          userId,
          jobId,
          status: 'applied',
          contacts: [{ contactId, role: 'recruiter' }],
          interviews: [
            { _id: interviewId, date: now, status: 'scheduled', contactIds: [contactId] },
          ],
          statusHistory: [],
          createdAt: now,
          updatedAt: now,
        };
      }),
    );
    return target;
  } finally {
    await client.close();
  }
}

export const run: BenchModule = async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'career-bench-show-'));
  const previousHome = process.env.CAREER_HOME;
  process.env.CAREER_HOME = path.join(dir, 'home');
  const engine = await startEngine({ dataDir: path.join(dir, 'data') });
  try {
    const user = new ObjectId();
    const contactId = (await seed(engine.uri, user)).toHexString();
    await seed(engine.uri, new ObjectId());
    const figures = await withWorkspace({ dbUri: engine.uri }, async ({ repositories }) => {
      const data = repositories.forUser(user);
      const withLinks: number[] = [];
      const without: number[] = [];
      let listed = 0;
      for (let i = 0; i < RUNS; i++) {
        let started = performance.now();
        const contact = await findContact(data, contactId);
        await data.connections.findByContact(contact._id);
        without.push(performance.now() - started);
        started = performance.now();
        listed = (await showContact(data, contactId)).applications.length;
        withLinks.push(performance.now() - started);
      }
      return { withLinks: median(withLinks), without: median(without), listed };
    });
    return [
      ratioRow(
        {
          group: 'contact-show',
          name: 'contact show with its applications',
          value: figures.withLinks,
          unit: 'ms',
          baseline: { name: 'without them', value: figures.without, unit: 'ms' },
          note: `a contact on ${figures.listed} of ${APPLICATIONS.toLocaleString('en-US')} applications (another user as big); median of ${RUNS}`,
        },
        { text: '<= 1.5x', met: (ratio) => ratio <= 1.5 },
      ),
    ];
  } finally {
    await engine.close();
    if (previousHome === undefined) delete process.env.CAREER_HOME;
    else process.env.CAREER_HOME = previousHome;
    rmSync(dir, { recursive: true, force: true });
  }
};

if (process.argv[1]?.endsWith('contact-show.ts')) console.log(await run());
