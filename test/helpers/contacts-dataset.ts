// Many contacts for one user, written straight into the embedded engine of a CAREER_HOME (one
// insertMany per 5,000, not a CLI run per contact), for the listings that must stay linear:
// the rendering bench and the signal test. The ids are made as an import makes them, most in
// the same few seconds, so printing them short takes more than their first 8 characters.
// Another user's contacts sit beside them and must never show up.
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { startEngine } from '../../src/engine/index.js';
import { burstObjectId } from '../../src/repositories/ids.js';
import { contactKey } from '../../src/repositories/natural-keys.js';

const BATCH = 5_000;
const TAGS = ['mentor', 'recruiter', 'ex-colleague', 'friend'];
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries'];

/** The user of `email` (registered in `home`) gets `count` contacts; another user as many. */
export async function seedContacts(home: string, email: string, count: number): Promise<void> {
  const engine = await startEngine({ dataDir: path.join(home, 'data') });
  const client = new MongoClient(engine.uri);
  try {
    const db = client.db('career');
    const user = await db.collection('users').findOne({ email });
    if (user === null) throw new Error(`no user ${email} in ${home}`);
    const now = Date.now();
    for (const userId of [user._id as ObjectId, new ObjectId()]) {
      for (let start = 0; start < count; start += BATCH) {
        const at = new Date(now);
        const contacts = Array.from({ length: Math.min(BATCH, count - start) }, (_, offset) => {
          const i = start + offset;
          const contact = {
            _id: burstObjectId(now + Math.floor(i / 20_000) * 1000),
            userId,
            name: `Person ${String(i).padStart(6, '0')}`,
            company: COMPANIES[i % COMPANIES.length],
            title: i % 3 === 0 ? 'Engineering manager' : 'Engineer',
            email: `person${i}@example.com`,
            tags: [TAGS[i % TAGS.length]],
            createdAt: at,
            updatedAt: at,
          };
          return { ...contact, naturalKey: contactKey(contact) };
        });
        await db.collection('contacts').insertMany(contacts, { ordered: false });
      }
    }
  } finally {
    await client.close();
    await engine.close();
  }
}
