// `career connect followup done|update|snooze|remove ID` by the follow-up's own id, and
// `followup add` given a contact id, in this process against a shared embedded engine with
// two accounts (another user's follow-ups must stay out of reach).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConnectAddJson } from '../../src/commands/connect/add.js';
import type { ConnectFollowupAddJson } from '../../src/commands/connect/followup/add.js';
import type { ConnectFollowupDoneJson } from '../../src/commands/connect/followup/done.js';
import type { ConnectFollowupListJson } from '../../src/commands/connect/followup/list.js';
import type { ConnectFollowupRemoveJson } from '../../src/commands/connect/followup/remove.js';
import type { ConnectFollowupSnoozeJson } from '../../src/commands/connect/followup/snooze.js';
import type { ConnectFollowupUpdateJson } from '../../src/commands/connect/followup/update.js';
import type { ConnectListJson } from '../../src/commands/connect/list.js';
import type { ConnectShowJson } from '../../src/commands/connect/show.js';
import type { ContactAddJson } from '../../src/commands/contact/add.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount,
  type InProcessAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const DAY = 24 * 3600 * 1000;

function failure(result: InProcessResult): { code: number; error: string; hint: string } {
  const lines = result.stderr.split('\n');
  return {
    code: result.code,
    error: lines.find((line) => line.startsWith('error:')) ?? '',
    hint: lines.find((line) => line.startsWith('hint:')) ?? '',
  };
}

let database: IsolatedDatabase;
let ada: InProcessAccount;
let mallory: InProcessAccount;

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  ada = await inProcessAccount('Ada Lovelace', { dbUri: database.uri });
  mallory = await inProcessAccount('Mallory', { dbUri: database.uri });
});

afterAll(async () => {
  await database?.close();
  removeTempDirs();
});

async function connect(account: InProcessAccount, name: string): Promise<ConnectAddJson> {
  return json<ConnectAddJson>(await account.run(['--json', 'connect', 'add', '--name', name]));
}

async function plan(
  account: InProcessAccount,
  id: string,
  due: string,
  type = 'call',
): Promise<ConnectFollowupAddJson> {
  return json<ConnectFollowupAddJson>(
    await account.run(['--json', 'connect', 'followup', 'add', id, '--due', due, '--type', type]),
  );
}

async function followUps(account: InProcessAccount, args: string[] = []) {
  return json<ConnectFollowupListJson>(
    await account.run(['--json', 'connect', 'followup', 'list', ...args]),
  );
}

/** The local calendar day and time of an ISO date, as the person sees it. */
function localDay(iso: string | Date): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function localTime(iso: string | Date): string {
  const date = new Date(iso);
  return `${date.getHours()}:${date.getMinutes()}`;
}

/** Today + `days`, as a local day (around midnight, either side of the run is accepted). */
function daysFromToday(days: number, before: number, after: number): string[] {
  return [...new Set([before, after].map((at) => localDay(new Date(at + days * DAY))))];
}

describe('career connect followup done FOLLOWUP-ID', () => {
  it('finds the follow-up by its own id or prefix across connections; the two-id form still works', async () => {
    const grace = await connect(ada, 'Grace Hopper');
    const linus = await connect(ada, 'Linus');
    const call = (await plan(ada, grace._id, 'in 2 days', 'call')).followUp;
    const email = (await plan(ada, linus._id, 'in 3 days', 'email')).followUp;
    const coffee = (await plan(ada, linus._id, 'in 4 days', 'coffee')).followUp;

    const done = json<ConnectFollowupDoneJson>(
      await ada.run(['--json', 'connect', 'followup', 'done', email._id.slice(0, 12)]),
    );
    // The connection, with the follow-up done on top.
    expect(done).toMatchObject({
      _id: linus._id,
      contact: { name: 'Linus' },
      followUp: { _id: email._id, completed: true, connectionId: linus._id },
    });
    expect(done.followUps.find((item) => item._id === email._id)?.completed).toBe(true);
    expect(done.followUps.find((item) => item._id === coffee._id)?.completed).toBe(false);

    const human = await ada.run(['connect', 'followup', 'done', call._id]);
    expect(human.code, human.stderr).toBe(0);
    // 8 characters or more: the follow-ups here may share the second they were made in.
    const printed = /✓ Done: call with Grace Hopper \(([0-9a-f]+)\)/.exec(human.stdout)?.[1] ?? '';
    expect(printed.length).toBeGreaterThanOrEqual(8);
    expect(call._id.startsWith(printed)).toBe(true);
    const again = await ada.run(['connect', 'followup', 'done', call._id]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already done');

    const old = json<ConnectFollowupDoneJson>(
      await ada.run(['--json', 'connect', 'followup', 'done', linus._id, coffee._id.slice(0, 10)]),
    );
    expect(old.followUp).toMatchObject({ _id: coffee._id, completed: true });
    // --all lists the done ones too.
    const all = await followUps(ada, ['--all']);
    expect(all.filter((item) => [call._id, email._id, coffee._id].includes(item._id))).toEqual([
      expect.objectContaining({ _id: call._id, completed: true }),
      expect.objectContaining({ _id: email._id, completed: true }),
      expect.objectContaining({ _id: coffee._id, completed: true }),
    ]);
    expect((await followUps(ada)).map((item) => item._id)).not.toContain(call._id);
  });

  it('says when a prefix matches follow-ups of several connections', async () => {
    const account = await inProcessAccount('Prefixes', { dbUri: database.uri });
    const one = await connect(account, 'One');
    const two = await connect(account, 'Two');
    const first = (await plan(account, one._id, 'tomorrow')).followUp;
    const second = (await plan(account, two._id, 'tomorrow')).followUp;
    // Ids made within hours share their first 4 characters (the timestamp's high digits).
    expect(first._id.slice(0, 4)).toBe(second._id.slice(0, 4));
    const ambiguous = failure(
      await account.run(['connect', 'followup', 'done', first._id.slice(0, 4)]),
    );
    expect(ambiguous.code).toBe(4);
    expect(ambiguous.error).toContain('matches 2 follow-ups');
    expect(ambiguous.error).toContain(first._id);
    expect(ambiguous.error).toContain(second._id);
    const unknown = failure(await account.run(['connect', 'followup', 'done', 'ffffffffffff']));
    expect(unknown.code).toBe(3);
    expect(unknown.error).toContain('no follow-up with id ffffffffffff');
    expect(failure(await account.run(['connect', 'followup', 'done', 'xyz!'])).code).toBe(2);
  });
});

describe('career connect followup update', () => {
  it('changes the due date, type and notes; an empty --notes clears them', async () => {
    const grace = await connect(ada, 'Grace Update');
    const call = (await plan(ada, grace._id, 'in 2 days')).followUp;
    const updated = json<ConnectFollowupUpdateJson>(
      await ada.run([
        '--json',
        'connect',
        'followup',
        'update',
        call._id.slice(0, 12),
        '--due',
        '2031-03-14 15:30',
        '--type',
        'coffee',
        '--notes',
        'Bring the paper',
      ]),
    );
    expect(updated).toMatchObject({
      _id: grace._id,
      contact: { name: 'Grace Update' },
      followUp: { _id: call._id, type: 'coffee', notes: 'Bring the paper', completed: false },
    });
    expect(new Date(updated.followUp.dueDate).getTime()).toBe(
      new Date(2031, 2, 14, 15, 30).getTime(),
    );
    expect(updated.followUps).toEqual([expect.objectContaining({ _id: call._id, type: 'coffee' })]);

    const cleared = json<ConnectFollowupUpdateJson>(
      await ada.run(['--json', 'connect', 'followup', 'update', call._id, '--notes', '']),
    );
    expect(cleared.followUp.notes).toBeUndefined();
    expect(cleared.followUp.type).toBe('coffee');

    const human = await ada.run(['connect', 'followup', 'update', call._id, '--type', 'lunch']);
    expect(human.stdout).toContain(
      '✓ Updated the lunch with Grace Update, due Fri 2031-03-14 15:30',
    );
  });

  it('refuses nothing to change, a bad date and an empty type, changing nothing', async () => {
    const grace = await connect(ada, 'Grace Careful');
    const call = (await plan(ada, grace._id, '2031-01-01 10:00')).followUp;
    const nothing = failure(await ada.run(['connect', 'followup', 'update', call._id]));
    expect(nothing.code).toBe(2);
    expect(nothing.hint).toContain('--due');
    const badDue = failure(
      await ada.run(['connect', 'followup', 'update', call._id, '--due', 'whenever']),
    );
    expect(badDue.code).toBe(2);
    expect(badDue.error).toContain('--due');
    const noType = failure(
      await ada.run(['connect', 'followup', 'update', call._id, '--type', ' ']),
    );
    expect(noType.code).toBe(2);
    const shown = json<ConnectShowJson>(await ada.run(['--json', 'connect', 'show', grace._id]));
    expect(shown.followUps).toEqual([
      expect.objectContaining({ _id: call._id, type: 'call', dueDate: call.dueDate }),
    ]);
  });
});

describe('career connect followup snooze', () => {
  it('moves an open follow-up to tomorrow by default, keeping its time of day', async () => {
    const grace = await connect(ada, 'Grace Snooze');
    const call = (await plan(ada, grace._id, '2020-05-01 09:45')).followUp;
    expect(call.overdue).toBe(true);
    const before = Date.now();
    const snoozed = json<ConnectFollowupSnoozeJson>(
      await ada.run(['--json', 'connect', 'followup', 'snooze', call._id]),
    );
    const after = Date.now();
    expect(snoozed).toMatchObject({ _id: grace._id, followUp: { _id: call._id, overdue: false } });
    expect(daysFromToday(1, before, after)).toContain(localDay(snoozed.followUp.dueDate));
    expect(localTime(snoozed.followUp.dueDate)).toBe('9:45');

    const human = await ada.run(['connect', 'followup', 'snooze', call._id, '1w']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('✓ Snoozed the call with Grace Snooze, due ');
    const [week] = (await followUps(ada, [grace._id])).map((item) => item.dueDate);
    expect(daysFromToday(7, before, Date.now())).toContain(localDay(week ?? ''));
  });

  it('takes spans (3d, 1w, "2 days") and dates, and only ever moves it later', async () => {
    const grace = await connect(ada, 'Grace Spans');
    const call = (await plan(ada, grace._id, 'in 1 day 08:00')).followUp;
    const snooze = async (...args: string[]) =>
      json<ConnectFollowupSnoozeJson>(
        await ada.run(['--json', 'connect', 'followup', 'snooze', call._id, ...args]),
      ).followUp.dueDate;
    for (const [span, days] of [
      ['3d', 3],
      ['2 days', 2],
      ['1w', 7],
      ['2 weeks', 14],
    ] as const) {
      const before = Date.now();
      const due = await snooze(span);
      expect(daysFromToday(days, before, Date.now()), span).toContain(localDay(due));
      expect(localTime(due), span).toBe('8:0');
    }
    expect(localDay(await snooze('2031-06-01'))).toBe('2031-06-01');

    const past = failure(await ada.run(['connect', 'followup', 'snooze', call._id, '2020-01-01']));
    expect(past.code).toBe(2);
    expect(past.error).toContain('later');
    const nonsense = failure(
      await ada.run(['connect', 'followup', 'snooze', call._id, 'whenever']),
    );
    expect(nonsense.code).toBe(2);
    expect(nonsense.error).toContain('DURATION');
    expect((await followUps(ada, [grace._id]))[0]?.dueDate).toBe(
      new Date(2031, 5, 1, 0, 0).toISOString(),
    );

    await ada.run(['connect', 'followup', 'done', call._id]);
    const done = failure(await ada.run(['connect', 'followup', 'snooze', call._id]));
    expect(done.code).toBe(5);
    expect(done.error).toContain('already done');
  });
});

describe('career connect followup remove', () => {
  it('needs --yes in a script, removes only that follow-up, and keeps the connection', async () => {
    const grace = await connect(ada, 'Grace Remove');
    const call = (await plan(ada, grace._id, 'tomorrow', 'call')).followUp;
    const email = (await plan(ada, grace._id, 'tomorrow', 'email')).followUp;
    const refused = failure(await ada.run(['connect', 'followup', 'remove', call._id]));
    expect(refused.code).toBe(2);
    expect(refused.hint).toContain('--yes');
    expect((await followUps(ada, [grace._id])).length).toBe(2);

    const removed = json<ConnectFollowupRemoveJson>(
      await ada.run(['--json', 'connect', 'followup', 'remove', call._id.slice(0, 12), '--yes']),
    );
    expect(removed).toMatchObject({ _id: grace._id, followUp: { _id: call._id, type: 'call' } });
    expect(removed.followUps.map((item) => item._id)).toEqual([email._id]);
    const shown = json<ConnectShowJson>(await ada.run(['--json', 'connect', 'show', grace._id]));
    expect(shown.followUps.map((item) => item._id)).toEqual([email._id]);
    const gone = failure(await ada.run(['connect', 'followup', 'remove', call._id, '--yes']));
    expect(gone.code).toBe(3);

    const human = await ada.run(['connect', 'followup', 'remove', email._id, '--yes']);
    expect(human.stdout).toContain('✓ Removed the email with Grace Remove');
  });

  it('asks at a terminal, and removes nothing on no', async () => {
    const grace = await connect(ada, 'Grace Asked');
    const call = (await plan(ada, grace._id, 'tomorrow')).followUp;
    const declined = await ada.run(['connect', 'followup', 'remove', call._id], {
      tty: true,
      stdin: 'n\n',
    });
    expect(declined.code, declined.stderr).toBe(0);
    expect(declined.stdout).toContain('Remove the call due');
    expect(declined.stderr).toContain('Nothing removed.');
    expect((await followUps(ada, [grace._id])).map((item) => item._id)).toEqual([call._id]);
    const confirmed = await ada.run(['connect', 'followup', 'remove', call._id], {
      tty: true,
      stdin: 'y\n',
    });
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toContain('✓ Removed the call with Grace Asked');
    expect(await followUps(ada, [grace._id])).toEqual([]);
  });
});

describe('career connect followup add CONTACT-ID', () => {
  it("uses the contact's connection", async () => {
    const grace = await connect(ada, 'Grace Contact');
    const added = await plan(ada, grace.contactId.slice(0, 12), 'tomorrow', 'email');
    expect(added).toMatchObject({
      _id: grace._id,
      followUp: { type: 'email', connectionId: grace._id },
    });
  });

  it('without a connection: a clear error in a script, an offer at a terminal', async () => {
    const contact = json<ContactAddJson>(
      await ada.run(['--json', 'contact', 'add', '--name', 'Barbara Liskov']),
    );
    const args = ['connect', 'followup', 'add', contact._id, '--due', 'tomorrow', '--type', 'call'];
    const scripted = failure(await ada.run(args));
    expect(scripted.code).toBe(2);
    expect(scripted.error).toBe(
      `error: Barbara Liskov (contact ${contact._id}) has no connection yet`,
    );
    expect(scripted.hint).toContain(`career connect add ${contact._id}`);
    const connections = async () =>
      json<ConnectListJson>(await ada.run(['--json', 'connect', 'list', '--limit', '100']));
    expect((await connections()).map((item) => item.contactId)).not.toContain(contact._id);

    const declined = await ada.run(args, { tty: true, stdin: 'n\n' });
    expect(declined.code).toBe(2);
    expect((await connections()).map((item) => item.contactId)).not.toContain(contact._id);

    const offered = await ada.run(args, { tty: true, stdin: 'y\n' });
    expect(offered.code, offered.stderr).toBe(0);
    expect(offered.stdout).toContain('Barbara Liskov has no connection yet. Connect now');
    expect(offered.stdout).toContain('✓ Planned the call with Barbara Liskov');
    const made = (await connections()).find((item) => item.contactId === contact._id);
    expect(made).toMatchObject({ type: 'professional', status: 'pending' });
    expect(made?.followUps).toEqual([expect.objectContaining({ type: 'call' })]);
  });
});

describe("another user's follow-ups", () => {
  it('are not found by any follow-up verb, and stay unchanged', async () => {
    const grace = await connect(ada, 'Grace Private');
    const call = (await plan(ada, grace._id, '2031-02-02 10:00')).followUp;
    const theirs = await connect(mallory, 'Mallory Friend');
    for (const id of [call._id, call._id.slice(0, 8)]) {
      for (const args of [
        ['connect', 'followup', 'done', id],
        ['connect', 'followup', 'done', theirs._id, id],
        ['connect', 'followup', 'update', id, '--notes', 'hacked'],
        ['connect', 'followup', 'snooze', id, '3d'],
        ['connect', 'followup', 'remove', id, '--yes'],
        ['connect', 'followup', 'add', grace.contactId, '--due', 'tomorrow', '--type', 'x'],
      ]) {
        expect(failure(await mallory.run(args)).code, args.join(' ')).toBe(3);
      }
    }
    const shown = json<ConnectShowJson>(await ada.run(['--json', 'connect', 'show', grace._id]));
    expect(shown.followUps).toEqual([
      expect.objectContaining({ _id: call._id, completed: false, dueDate: call.dueDate }),
    ]);
    expect(shown.followUps[0]?.notes).toBeUndefined();
  });
});
