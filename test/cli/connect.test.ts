// `career connect ...` and `career connect followup ...` end to end, in this process
// (test/helpers/in-process.ts) against a shared embedded engine with two accounts, so another
// user's ids can be tried.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConnectAddJson } from '../../src/commands/connect/add.js';
import type { ConnectFollowupAddJson } from '../../src/commands/connect/followup/add.js';
import type { ConnectFollowupDoneJson } from '../../src/commands/connect/followup/done.js';
import type { ConnectFollowupListJson } from '../../src/commands/connect/followup/list.js';
import type { ConnectListJson } from '../../src/commands/connect/list.js';
import type { ConnectRemoveJson } from '../../src/commands/connect/remove.js';
import type { ConnectShowJson } from '../../src/commands/connect/show.js';
import type { ConnectStatusJson } from '../../src/commands/connect/status.js';
import type { ConnectUpdateJson } from '../../src/commands/connect/update.js';
import type { ContactAddJson } from '../../src/commands/contact/add.js';
import type { ContactListJson } from '../../src/commands/contact/list.js';
import type { ContactShowJson } from '../../src/commands/contact/show.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { sharedPrefix } from '../helpers/ids.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const OBJECT_ID = /^[0-9a-f]{24}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAY = 24 * 3600 * 1000;

function failure(result: InProcessResult): { code: number | null; error: string; hint: string } {
  const lines = result.stderr.split('\n');
  return {
    code: result.code,
    error: lines.find((line) => line.startsWith('error:')) ?? '',
    hint: lines.find((line) => line.startsWith('hint:')) ?? '',
  };
}

let database: IsolatedDatabase;
let owner: TestAccount;
let other: TestAccount;

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  // One after the other: in-process runs take turns anyway.
  owner = await signedInAccount('Ada Lovelace', { dbUri: database.uri });
  other = await signedInAccount('Mallory', { dbUri: database.uri });
});

afterAll(async () => {
  await database?.close();
  removeTempDirs();
});

async function connect(account: TestAccount, args: string[]): Promise<ConnectAddJson> {
  return json<ConnectAddJson>(await account.run(['--json', 'connect', 'add', ...args]));
}

async function listConnections(
  account: TestAccount,
  args: string[] = [],
): Promise<ConnectListJson> {
  return json<ConnectListJson>(await account.run(['--json', 'connect', 'list', ...args]));
}

async function listFollowUps(
  account: TestAccount,
  args: string[] = [],
): Promise<ConnectFollowupListJson> {
  return json<ConnectFollowupListJson>(
    await account.run(['--json', 'connect', 'followup', 'list', ...args]),
  );
}

describe('career connect', () => {
  it('connects with an existing contact or a new one, once per contact', async () => {
    const contact = json<ContactAddJson>(
      await owner.run(['--json', 'contact', 'add', '--name', 'Grace Hopper', '--company', 'Navy']),
    );
    const added = await connect(owner, [
      contact._id.slice(0, 12),
      '--type',
      'mentor',
      '--status',
      'accepted',
      '--notes',
      'Monthly chats',
    ]);
    expect(added).toMatchObject({
      contactId: contact._id,
      type: 'mentor',
      status: 'accepted',
      notes: 'Monthly chats',
      followUps: [],
      contact: { _id: contact._id, name: 'Grace Hopper', company: 'Navy' },
    });
    expect(added._id).toMatch(OBJECT_ID);
    expect(added.createdAt).toMatch(ISO_DATE);

    const again = failure(await owner.run(['connect', 'add', contact._id, '--type', 'peer']));
    expect(again.code).toBe(5);
    expect(again.error).toContain(added._id);
    expect(again.hint).toContain('connect update');

    const onTheFly = await connect(owner, [
      '--name',
      'Linus',
      '--email',
      'linus@example.com',
      '--company',
      'Linux Foundation',
    ]);
    expect(onTheFly).toMatchObject({ type: 'professional', status: 'pending' });
    expect(onTheFly.contact).toMatchObject({ name: 'Linus', company: 'Linux Foundation' });
    const contacts = json<ContactListJson>(
      await owner.run(['--json', 'contact', 'list', '--search', 'linus']),
    );
    expect(contacts).toEqual([
      expect.objectContaining({ _id: onTheFly.contactId, email: 'linus@example.com' }),
    ]);

    const human = await owner.run(['connect', 'add', '--name', 'Margaret', '--type', 'peer']);
    expect(human.stdout).toMatch(
      /✓ Connected with Margaret: peer, pending, keep in touch every 60 days \([0-9a-f]{8,}\)/,
    );
  });

  it('rejects bad input before writing anything', async () => {
    const account = await signedInAccount('Careful', { dbUri: database.uri });
    const badType = failure(await account.run(['connect', 'add', '--name', 'X', '--type', 'boss']));
    expect(badType.code).toBe(2);
    expect(badType.hint).toContain('mentor, peer, professional');
    const badStatus = failure(
      await account.run(['connect', 'add', '--name', 'X', '--status', 'maybe']),
    );
    expect(badStatus.code).toBe(2);
    expect(badStatus.hint).toContain('pending, accepted, rejected');
    const noContact = failure(await account.run(['connect', 'add', '--type', 'peer']));
    expect(noContact.code).toBe(2);
    expect(noContact.error).toContain('--name');
    const badEmail = failure(
      await account.run(['connect', 'add', '--name', 'X', '--email', 'not-an-email']),
    );
    expect(badEmail.code).toBe(2);
    expect(await listConnections(account)).toEqual([]);
    expect(json<ContactListJson>(await account.run(['--json', 'contact', 'list']))).toEqual([]);
  });

  it('lists with filters, paging and sorting, with contact names', async () => {
    const account = await signedInAccount('Lister', { dbUri: database.uri });
    const a = await connect(account, ['--name', 'Ann', '--company', 'A Co', '--type', 'mentor']);
    const b = await connect(account, ['--name', 'Ben', '--type', 'peer', '--status', 'accepted']);
    const c = await connect(account, ['--name', 'Cy', '--status', 'rejected']);

    const listed = await listConnections(account);
    // Newest first by default.
    expect(listed.map((item) => item._id)).toEqual([c._id, b._id, a._id]);
    expect(listed[2]?.contact).toEqual({ _id: a.contactId, name: 'Ann', company: 'A Co' });
    const names = async (args: string[]) =>
      (await listConnections(account, args)).map((item) => item.contact?.name);
    expect(await names(['--status', 'accepted'])).toEqual(['Ben']);
    expect(await names(['--type', 'professional'])).toEqual(['Cy']);
    expect(await names(['--sort', 'status'])).toEqual(['Ben', 'Ann', 'Cy']);
    expect(await names(['--sort', 'type:desc'])).toEqual(['Cy', 'Ben', 'Ann']);
    expect(await names(['--sort', 'createdAt', '--limit', '2', '--page', '2'])).toEqual(['Cy']);
    expect(failure(await account.run(['connect', 'list', '--status', 'nope'])).code).toBe(2);
    expect(failure(await account.run(['connect', 'list', '--sort', 'name'])).code).toBe(2);

    // --due: only connections with an open follow-up due by today.
    await account.run([
      'connect',
      'followup',
      'add',
      a._id,
      '--due',
      '2020-01-01',
      '--type',
      'call',
    ]);
    await account.run([
      'connect',
      'followup',
      'add',
      b._id,
      '--due',
      'in 5 days',
      '--type',
      'call',
    ]);
    expect(await names(['--due'])).toEqual(['Ann']);

    const human = await account.run(['connect', 'list']);
    expect(human.stdout).toContain('Ann');
    expect(human.stdout).toContain('A Co');
    expect(human.stdout).toContain(a._id.slice(0, 8));
  });

  it('shows, updates and sets the status of a connection by prefix', async () => {
    const added = await connect(owner, ['--name', 'Dennis', '--email', 'dmr@example.com']);
    const prefix = added._id.slice(0, 12);
    const updated = json<ConnectUpdateJson>(
      await owner.run(['--json', 'connect', 'update', prefix, '--type', 'peer', '--notes', 'C']),
    );
    expect(updated).toMatchObject({ _id: added._id, type: 'peer', notes: 'C', status: 'pending' });
    const status = json<ConnectStatusJson>(
      await owner.run(['--json', 'connect', 'status', prefix, 'accepted']),
    );
    expect(status).toMatchObject({ _id: added._id, status: 'accepted', type: 'peer' });
    const badStatus = failure(await owner.run(['connect', 'status', prefix, 'friends']));
    expect(badStatus.code).toBe(2);
    expect(badStatus.hint).toContain('pending, accepted, rejected');
    const badType = failure(await owner.run(['connect', 'update', prefix, '--type', 'boss']));
    expect(badType.code).toBe(2);

    const shown = json<ConnectShowJson>(await owner.run(['--json', 'connect', 'show', prefix]));
    expect(shown).toMatchObject({
      _id: added._id,
      status: 'accepted',
      contact: { _id: added.contactId, name: 'Dennis', email: 'dmr@example.com' },
    });
    const human = await owner.run(['connect', 'show', added._id]);
    expect(human.stdout).toContain('Dennis');
    expect(human.stdout).toContain('accepted');
  });

  it('removes a connection only with --yes, keeping the contact', async () => {
    const added = await connect(owner, ['--name', 'Ken', '--email', 'ken@example.com']);
    const refused = failure(await owner.run(['connect', 'remove', added._id]));
    expect(refused.code).toBe(2);
    expect(refused.hint).toContain('--yes');
    expect(
      json<ConnectShowJson>(await owner.run(['--json', 'connect', 'show', added._id]))._id,
    ).toBe(added._id);
    const removed = json<ConnectRemoveJson>(
      await owner.run(['--json', 'connect', 'remove', added._id.slice(0, 12), '--yes']),
    );
    expect(removed).toMatchObject({ _id: added._id, contact: { name: 'Ken' } });
    expect((await owner.run(['connect', 'show', added._id])).code).toBe(3);
    const contact = json<ContactShowJson>(
      await owner.run(['--json', 'contact', 'show', added.contactId]),
    );
    expect(contact._id).toBe(added.contactId);
  });

  it('plans, lists and completes follow-ups', async () => {
    const account = await signedInAccount('Follower', { dbUri: database.uri });
    const connection = await connect(account, ['--name', 'Barbara', '--company', 'MIT']);
    const before = Date.now();
    const { followUp: email, ...emailConnection } = json<ConnectFollowupAddJson>(
      await account.run([
        '--json',
        'connect',
        'followup',
        'add',
        connection._id.slice(0, 12),
        '--due',
        'in 3 days',
        '--type',
        'email',
        '--notes',
        'Send the paper',
      ]),
    );
    expect(email).toMatchObject({
      type: 'email',
      notes: 'Send the paper',
      completed: false,
      connectionId: connection._id,
      contact: { name: 'Barbara', company: 'MIT' },
      overdue: false,
    });
    // The write answers with the connection, the new follow-up on top.
    expect(emailConnection).toMatchObject({ _id: connection._id, contact: { name: 'Barbara' } });
    expect(emailConnection.followUps.map((item) => item._id)).toEqual([email._id]);
    expect(email._id).toMatch(OBJECT_ID);
    expect(email.dueDate).toMatch(ISO_DATE);
    const dueIn = new Date(email.dueDate).getTime() - before;
    expect(dueIn).toBeGreaterThan(2.9 * DAY);
    expect(dueIn).toBeLessThan(3.1 * DAY);

    const { followUp: late } = json<ConnectFollowupAddJson>(
      await account.run([
        '--json',
        'connect',
        'followup',
        'add',
        connection._id,
        '--due',
        '2020-01-01',
        '--type',
        'call',
      ]),
    );
    expect(late.overdue).toBe(true);
    const { followUp: later } = json<ConnectFollowupAddJson>(
      await account.run([
        '--json',
        'connect',
        'followup',
        'add',
        connection._id,
        '--due',
        'in 30 days',
        '--type',
        'coffee',
      ]),
    );

    const types = async (args: string[]) => (await listFollowUps(account, args)).map((f) => f.type);
    expect(await types([])).toEqual(['call', 'email', 'coffee']);
    expect(await types(['--days', '7'])).toEqual(['call', 'email']);
    expect(await types(['--overdue'])).toEqual(['call']);
    expect(await types([connection._id.slice(0, 12), '--days', '60'])).toEqual([
      'call',
      'email',
      'coffee',
    ]);

    // Ambiguous follow-up prefix within the connection.
    const shared = sharedPrefix([email._id, later._id]);
    expect(shared.length).toBeGreaterThanOrEqual(4);
    const ambiguous = failure(
      await account.run(['connect', 'followup', 'done', connection._id, shared]),
    );
    expect(ambiguous.code).toBe(4);

    const { followUp: done } = json<ConnectFollowupDoneJson>(
      await account.run([
        '--json',
        'connect',
        'followup',
        'done',
        connection._id.slice(0, 12),
        email._id.slice(0, 12),
        '--notes',
        'Sent',
      ]),
    );
    expect(done).toMatchObject({ _id: email._id, completed: true, notes: 'Send the paper\nSent' });
    expect(done.completedAt).toMatch(ISO_DATE);

    const again = await account.run(['connect', 'followup', 'done', connection._id, email._id]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already done');

    expect(await types(['--days', '7'])).toEqual(['call']);
    const all = await listFollowUps(account, ['--all']);
    expect(all.map((f) => [f.type, f.completed])).toEqual([
      ['call', false],
      ['email', true],
      ['coffee', false],
    ]);
    expect(all[1]?.completedAt).toBe(done.completedAt);

    const human = await account.run(['connect', 'followup', 'list']);
    expect(human.stdout).toContain('overdue');
    expect(human.stdout).toContain('Barbara');
    expect(human.stdout).toContain(late._id.slice(0, 8));
  });

  it('rejects bad follow-up input', async () => {
    const connection = await connect(owner, ['--name', 'Edsger']);
    const badDue = failure(
      await owner.run([
        'connect',
        'followup',
        'add',
        connection._id,
        '--due',
        'whenever',
        '--type',
        'call',
      ]),
    );
    expect(badDue.code).toBe(2);
    expect(badDue.error).toContain('--due');
    const noType = failure(
      await owner.run(['connect', 'followup', 'add', connection._id, '--due', 'tomorrow']),
    );
    expect(noType.code).toBe(2);
    expect(noType.error).toContain('--type');
    const badDays = failure(await owner.run(['connect', 'followup', 'list', '--days', 'soon']));
    expect(badDays.code).toBe(2);
    const shown = json<ConnectShowJson>(
      await owner.run(['--json', 'connect', 'show', connection._id]),
    );
    expect(shown.followUps).toEqual([]);
  });

  it("treats another user's connections, contacts and follow-ups as not found", async () => {
    const contact = json<ContactAddJson>(
      await owner.run(['--json', 'contact', 'add', '--name', 'Only Mine']),
    );
    const mine = await connect(owner, [contact._id, '--notes', 'private']);
    const { followUp } = json<ConnectFollowupAddJson>(
      await owner.run([
        '--json',
        'connect',
        'followup',
        'add',
        mine._id,
        '--due',
        'tomorrow',
        '--type',
        'call',
      ]),
    );
    const theirs = await connect(other, ['--name', 'Mallory Friend']);
    for (const args of [
      ['connect', 'add', contact._id],
      ['connect', 'show', mine._id],
      ['connect', 'show', mine._id.slice(0, 16)],
      ['connect', 'update', mine._id, '--notes', 'hacked'],
      ['connect', 'status', mine._id, 'rejected'],
      ['connect', 'followup', 'add', mine._id, '--due', 'tomorrow', '--type', 'x'],
      ['connect', 'followup', 'list', mine._id],
      ['connect', 'followup', 'done', mine._id, followUp._id],
      // Their own connection with my follow-up id.
      ['connect', 'followup', 'done', theirs._id, followUp._id],
    ]) {
      expect(failure(await other.run(args)).code, args.join(' ')).toBe(3);
    }
    expect(await listFollowUps(other)).toEqual([]);
    const still = json<ConnectShowJson>(await owner.run(['--json', 'connect', 'show', mine._id]));
    expect(still).toMatchObject({ notes: 'private', status: 'pending' });
    expect(still.followUps).toEqual([
      expect.objectContaining({ _id: followUp._id, completed: false }),
    ]);
    expect((await listConnections(other)).map((connection) => connection.contact?.name)).toEqual([
      'Mallory Friend',
    ]);
  });
});
