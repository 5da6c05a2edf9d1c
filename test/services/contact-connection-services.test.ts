// The rules of the contact, connection and follow-up services, against a real database
// (the embedded engine), without the CLI in between.
import { Types } from 'mongoose';
import { describe, expect, it, vi } from 'vitest';
import type { UserRepositories } from '../../src/repositories/index.js';
import { addConnection, endOfDay, listConnections } from '../../src/services/connection-service.js';
import {
  addContact,
  listContacts,
  removeContact,
  showContact,
  updateContact,
} from '../../src/services/contact-service.js';
import { listFollowUps } from '../../src/services/follow-up-service.js';
import { addFollowUp as planFollowUp } from '../../src/services/follow-up-planning.js';
import { completeFollowUp as finishFollowUp } from '../../src/services/follow-up-writes.js';
import { ConflictError, NotFoundError, UsageError } from '../../src/domain/errors.js';
import { useIsolatedRepositories } from '../helpers/suites.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const repositories = useIsolatedRepositories();

function newUser(): UserRepositories {
  return repositories().forUser(new Types.ObjectId());
}

const DAY = 24 * 3600 * 1000;

/** Plans a follow-up; the follow-up planned. */
async function addFollowUp(...args: Parameters<typeof planFollowUp>) {
  return (await planFollowUp(...args)).followUp;
}

/** Completes a follow-up of a connection (the two-id form); the follow-up and whether it was done. */
async function completeFollowUp(
  data: UserRepositories,
  connection: string,
  followUp: string,
  notes?: string,
  now?: Date,
) {
  const result = await finishFollowUp(data, { connection, followUp }, notes, now);
  return { followUp: result.write.followUp, alreadyDone: result.alreadyDone };
}

describe('contacts', () => {
  it('rejects a bad email and a duplicate email (naming the existing contact)', async () => {
    const data = newUser();
    await expect(addContact(data, { name: 'A', email: 'not-an-email' })).rejects.toThrow(
      UsageError,
    );
    const first = await addContact(data, { name: 'Grace', email: 'Grace@Example.com' });
    expect(first.email).toBe('grace@example.com');
    const duplicate = addContact(data, { name: 'Other', email: ' GRACE@example.com ' });
    await expect(duplicate).rejects.toThrow(ConflictError);
    await expect(duplicate).rejects.toThrow(first._id.toHexString());
    // Another user may have a contact with the same email.
    await expect(
      addContact(newUser(), { name: 'G', email: 'grace@example.com' }),
    ).resolves.toBeTruthy();
  });

  it('matches filters literally: regex metacharacters and operator-looking text', async () => {
    const data = newUser();
    await addContact(data, { name: 'Dot', company: 'A.B Corp' });
    await addContact(data, { name: 'Axb', company: 'AxB Corp' });
    await addContact(data, { name: '{"$gt":""}', company: 'Ops' });
    const page = { limit: '10' };
    const names = async (filter: Parameters<typeof listContacts>[1]) =>
      (await listContacts(data, filter, page)).items.map((contact) => contact.name);
    expect(await names({ company: 'a.b' })).toEqual(['Dot']);
    expect(await names({ company: '.*' })).toEqual([]);
    expect(await names({ search: '{"$gt":""}' })).toEqual(['{"$gt":""}']);
    expect(await names({ search: 'CORP' })).toEqual(['Axb', 'Dot']);
  });

  it('edits tags as a set and clears fields', async () => {
    const data = newUser();
    const contact = await addContact(data, { name: 'T', company: 'X', tags: ['a', 'b'] });
    const updated = await updateContact(data, contact._id.toHexString(), {
      addTags: ['c', 'a'],
      removeTags: ['b'],
      clear: ['company'],
    });
    expect(updated.tags).toEqual(['a', 'c']);
    expect(updated.company).toBeUndefined();
    await expect(updateContact(data, contact._id.toHexString(), {})).rejects.toThrow(
      'nothing to update',
    );
  });

  it('removing a contact removes its connection', async () => {
    const data = newUser();
    const connection = await addConnection(data, {
      newContact: { name: 'Gone' },
      type: 'peer',
      status: 'pending',
    });
    const details = await showContact(data, connection.contactId.toHexString());
    expect(details.connection?._id.equals(connection._id)).toBe(true);
    const removed = await removeContact(data, details.contact);
    expect(removed.removedConnectionId?.equals(connection._id)).toBe(true);
    expect(await data.connections.findById(connection._id)).toBeNull();
  });
});

describe('connections', () => {
  it('allows one connection per contact', async () => {
    const data = newUser();
    const first = await addConnection(data, {
      newContact: { name: 'Once' },
      type: 'mentor',
      status: 'accepted',
    });
    const again = addConnection(data, {
      contact: first.contactId.toHexString(),
      type: 'peer',
      status: 'pending',
    });
    await expect(again).rejects.toThrow(ConflictError);
    await expect(again).rejects.toThrow(first._id.toHexString());
  });

  it('--due lists connections with an open follow-up due by the end of today', async () => {
    const data = newUser();
    const now = new Date();
    const dueToday = await addConnection(data, {
      newContact: { name: 'Today' },
      type: 'peer',
      status: 'pending',
    });
    const later = await addConnection(data, {
      newContact: { name: 'Later' },
      type: 'peer',
      status: 'pending',
    });
    const done = await addConnection(data, {
      newContact: { name: 'Done' },
      type: 'peer',
      status: 'pending',
    });
    await addFollowUp(data, dueToday._id.toHexString(), { type: 'call', dueDate: endOfDay(now) });
    await addFollowUp(data, later._id.toHexString(), {
      type: 'call',
      dueDate: new Date(now.getTime() + 3 * DAY),
    });
    const finished = await addFollowUp(data, done._id.toHexString(), {
      type: 'call',
      dueDate: new Date(now.getTime() - DAY),
    });
    await completeFollowUp(data, done._id.toHexString(), finished._id.toHexString());
    const due = await listConnections(data, { due: true }, {}, now);
    expect(due.items.map((connection) => connection.contact?.name)).toEqual(['Today']);
  });
});

describe('follow-ups', () => {
  it('lists by due date with --days, --overdue and --all, and completes once', async () => {
    const data = newUser();
    const now = new Date('2030-06-10T12:00:00Z');
    const connection = await addConnection(data, {
      newContact: { name: 'F', company: 'Co' },
      type: 'peer',
      status: 'pending',
    });
    const id = connection._id.toHexString();
    const at = (days: number) => new Date(now.getTime() + days * DAY);
    const past = await addFollowUp(data, id, { type: 'email', dueDate: at(-2) });
    const soon = await addFollowUp(data, id, { type: 'call', dueDate: at(3), notes: 'plan' });
    await addFollowUp(data, id, { type: 'meeting', dueDate: at(30) });

    const types = async (options: Parameters<typeof listFollowUps>[1]) =>
      (await listFollowUps(data, options, now)).map((entry) => entry.type);
    expect(await types({})).toEqual(['email', 'call', 'meeting']);
    expect(await types({ days: 7 })).toEqual(['email', 'call']);
    expect(await types({ overdue: true })).toEqual(['email']);
    const [first] = await listFollowUps(data, {}, now);
    expect(first?.overdue).toBe(true);
    expect(first?.contact?.name).toBe('F');

    const done = await completeFollowUp(data, id, soon._id.toHexString(), 'went well', now);
    expect(done.alreadyDone).toBe(false);
    expect(done.followUp.completed).toBe(true);
    expect(done.followUp.completedAt).toEqual(now);
    expect(done.followUp.notes).toBe('plan\nwent well');
    const again = await completeFollowUp(data, id, soon._id.toHexString(), 'ignored');
    expect(again.alreadyDone).toBe(true);
    expect(again.followUp.notes).toBe('plan\nwent well');
    expect(await types({})).toEqual(['email', 'meeting']);
    expect(await types({ all: true })).toEqual(['email', 'call', 'meeting']);
    // Only the completed one changed.
    const stored = await data.connections.findById(connection._id);
    expect(stored?.followUps.find((item) => item._id.equals(past._id))?.completed).toBe(false);
  });

  it("never reaches another user's follow-ups", async () => {
    const owner = newUser();
    const other = newUser();
    const connection = await addConnection(owner, {
      newContact: { name: 'Mine' },
      type: 'peer',
      status: 'pending',
    });
    const followUp = await addFollowUp(owner, connection._id.toHexString(), {
      type: 'call',
      dueDate: new Date(),
    });
    await expect(
      completeFollowUp(other, connection._id.toHexString(), followUp._id.toHexString()),
    ).rejects.toThrow(NotFoundError);
    await expect(
      addFollowUp(other, connection._id.toHexString(), { type: 'x', dueDate: new Date() }),
    ).rejects.toThrow(NotFoundError);
    expect(await listFollowUps(other, {})).toEqual([]);
    // A follow-up id from another connection is not found in this one.
    const second = await addConnection(owner, {
      newContact: { name: 'Second' },
      type: 'peer',
      status: 'pending',
    });
    await expect(
      completeFollowUp(owner, second._id.toHexString(), followUp._id.toHexString()),
    ).rejects.toThrow(NotFoundError);
  });
});
