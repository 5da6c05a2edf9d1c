// Records whose reminders are known, with times relative to `now` (the moment they are
// seeded), inserted with the driver for the user whose id is given. One of each kind is due
// now, and each kind but keep-in-touch has one that becomes due later:
// - follow-ups: an email 1 hour overdue (with notes holding an escape sequence and markup),
//   a call due in 2 hours, a completed one;
// - keep in touch: a connection with a 14-day cadence and no contact for 40 days;
// - interviews: a technical one in 30 minutes, a cancelled one in 20 minutes, an onsite in
//   3 hours;
// - offers: one whose deadline is today, one due in 3 days;
// - learning: a course in progress 2 days past its expected end, one ending in 5 days;
// - a stalled application (applied, quiet for 30 days): on the agenda, never a reminder.
import { MongoClient, ObjectId } from 'mongodb';

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface RemindIds {
  email: string;
  call: string;
  keepInTouch: string;
  technical: string;
  onsite: string;
  offerToday: string;
  offerLater: string;
  lateCourse: string;
}

/** What the email follow-up's notes hold: an escape sequence that retitles a terminal, markup. */
export const HOSTILE_NOTES = 'Send \u001b]0;pwned\u0007 the <b>slides</b> & notes';

export async function seedReminders(
  uri: string,
  userHex: string,
  now = new Date(),
): Promise<RemindIds> {
  const at = (ms: number) => new Date(now.getTime() + ms);
  const userId = new ObjectId(userHex);
  const client = new MongoClient(uri);
  try {
    const db = client.db('career');
    const id = () => new ObjectId();
    const [grace, alan] = [id(), id()];
    const contact = (_id: ObjectId, name: string, company: string) => ({
      _id,
      userId,
      name,
      company,
      tags: [],
      createdAt: at(-50 * DAY),
      updatedAt: at(-50 * DAY),
    });
    await db
      .collection('contacts')
      .insertMany([
        contact(grace, 'Grace Hopper', 'Navy'),
        contact(alan, 'Alan Turing', 'Bletchley'),
      ]);
    const email = {
      _id: id(),
      type: 'email',
      dueDate: at(-HOUR),
      completed: false,
      notes: HOSTILE_NOTES,
    };
    const call = { _id: id(), type: 'call', dueDate: at(2 * HOUR), completed: false };
    const done = {
      _id: id(),
      type: 'coffee',
      dueDate: at(-3 * DAY),
      completed: true,
      completedAt: at(-3 * DAY),
    };
    const keepInTouch = id();
    await db.collection('connections').insertMany([
      {
        _id: id(),
        userId,
        contactId: grace,
        status: 'accepted',
        type: 'mentor',
        followUps: [email, call, done],
        createdAt: at(-50 * DAY),
        updatedAt: at(-DAY),
      },
      {
        _id: keepInTouch,
        userId,
        contactId: alan,
        status: 'accepted',
        type: 'peer',
        cadenceDays: 14,
        followUps: [],
        createdAt: at(-40 * DAY),
        updatedAt: at(-40 * DAY),
      },
    ]);

    const [acme, globex, initech, umbrella] = [id(), id(), id(), id()];
    const job = (_id: ObjectId, company: string, title: string) => ({
      _id,
      userId,
      company,
      title,
      tags: [],
      createdAt: at(-30 * DAY),
      updatedAt: at(-30 * DAY),
    });
    await db
      .collection('jobs')
      .insertMany([
        job(acme, 'ACME', 'Backend Engineer'),
        job(globex, 'Globex', 'Platform Engineer'),
        job(initech, 'Initech', 'SRE'),
        job(umbrella, 'Umbrella', 'Systems Engineer'),
      ]);
    const technical = { _id: id(), date: at(30 * MINUTE), type: 'technical', status: 'scheduled' };
    const cancelled = { _id: id(), date: at(20 * MINUTE), type: 'phone', status: 'cancelled' };
    const onsite = { _id: id(), date: at(3 * HOUR), type: 'onsite', status: 'scheduled' };
    const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    const inThreeDays = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 3);
    const application = (jobId: ObjectId, status: string, extra: Record<string, unknown>) => ({
      _id: id(),
      userId,
      jobId,
      status,
      applicationDate: at(-20 * DAY),
      interviews: [],
      statusHistory: [{ status, at: at(-DAY) }],
      createdAt: at(-20 * DAY),
      updatedAt: at(-DAY),
      ...extra,
    });
    const offer = (deadline: Date) => ({ base: 70000, currency: 'EUR', period: 'year', deadline });
    const interviewing = application(acme, 'interviewing', {
      interviews: [technical, cancelled, onsite],
    });
    const offerToday = application(globex, 'offer', { offer: offer(today) });
    const offerLater = application(initech, 'offer', { offer: offer(inThreeDays) });
    const stalled = application(umbrella, 'applied', {
      statusHistory: [{ status: 'applied', at: at(-30 * DAY) }],
      updatedAt: at(-30 * DAY),
    });
    await db.collection('applications').insertMany([interviewing, offerToday, offerLater, stalled]);

    const lateCourse = id();
    const activity = (_id: ObjectId, title: string, expectedEndDate: Date) => ({
      _id,
      userId,
      type: 'course',
      title,
      status: 'in-progress',
      skills: [],
      startDate: at(-30 * DAY),
      expectedEndDate,
      createdAt: at(-30 * DAY),
      updatedAt: at(-30 * DAY),
    });
    await db
      .collection('developmentactivities')
      .insertMany([
        activity(lateCourse, 'Rust in Action', at(-2 * DAY)),
        activity(id(), 'CSS Grid', at(5 * DAY)),
      ]);

    return {
      email: email._id.toHexString(),
      call: call._id.toHexString(),
      keepInTouch: keepInTouch.toHexString(),
      technical: technical._id.toHexString(),
      onsite: onsite._id.toHexString(),
      offerToday: offerToday._id.toHexString(),
      offerLater: offerLater._id.toHexString(),
      lateCourse: lateCourse.toHexString(),
    };
  } finally {
    await client.close();
  }
}

/** A follow-up due an hour ago for the user: their only reminder. */
export async function seedOneFollowUp(
  uri: string,
  userHex: string,
  now = new Date(),
): Promise<string> {
  const userId = new ObjectId(userHex);
  const client = new MongoClient(uri);
  try {
    const db = client.db('career');
    const contactId = new ObjectId();
    const followUpId = new ObjectId();
    await db.collection('contacts').insertOne({
      _id: contactId,
      userId,
      name: 'Ada Lovelace',
      tags: [],
      createdAt: now,
      updatedAt: now,
    });
    await db.collection('connections').insertOne({
      userId,
      contactId,
      status: 'accepted',
      type: 'peer',
      followUps: [
        {
          _id: followUpId,
          type: 'lunch',
          dueDate: new Date(now.getTime() - HOUR),
          completed: false,
        },
      ],
      createdAt: now,
      updatedAt: now,
    });
    return followUpId.toHexString();
  } finally {
    await client.close();
  }
}
