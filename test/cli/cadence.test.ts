// Keep in touch (issue 15, bullet 3): `connect add|update --cadence`, its defaults from the
// profile and the connection's type, the next contact planned when a follow-up is done, the
// agenda's keep-in-touch items, `connect list`'s last contact and next due date, and
// recurring follow-ups (`--every`, `--from-done`). In this process, against one shared
// embedded engine with two accounts: nothing of one is ever shown to or changed by the other.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgendaJson } from '../../src/commands/agenda/report.js';
import type { ConnectAddJson } from '../../src/commands/connect/add.js';
import type { ConnectFollowupAddJson } from '../../src/commands/connect/followup/add.js';
import type { ConnectFollowupDoneJson } from '../../src/commands/connect/followup/done.js';
import type { ConnectFollowupListJson } from '../../src/commands/connect/followup/list.js';
import type { ConnectListJson } from '../../src/commands/connect/list.js';
import type { ConnectUpdateJson } from '../../src/commands/connect/update.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { inProcessAccount, runInProcess, type InProcessAccount } from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const DAY = 24 * 3600 * 1000;

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

async function connect(
  account: InProcessAccount,
  name: string,
  flags: string[] = [],
): Promise<ConnectAddJson> {
  return json<ConnectAddJson>(
    await account.run(['--json', 'connect', 'add', '--name', name, ...flags]),
  );
}

async function plan(
  account: InProcessAccount,
  id: string,
  due: string,
  flags: string[] = [],
  now?: Date,
): Promise<ConnectFollowupAddJson> {
  return json<ConnectFollowupAddJson>(
    await account.run(
      ['--json', 'connect', 'followup', 'add', id, '--due', due, '--type', 'call', ...flags],
      now === undefined ? {} : { now },
    ),
  );
}

async function done(account: InProcessAccount, id: string, now: Date) {
  return json<ConnectFollowupDoneJson>(
    await account.run(['--json', 'connect', 'followup', 'done', id], { now }),
  );
}

async function agenda(account: InProcessAccount, now: Date): Promise<AgendaJson> {
  return json<AgendaJson>(await account.run(['--json', 'agenda'], { now }));
}

async function listed(account: InProcessAccount, id: string, now?: Date) {
  const all = json<ConnectListJson>(
    await account.run(
      ['--json', 'connect', 'list', '--limit', '100'],
      now === undefined ? {} : { now },
    ),
  );
  return all.find((connection) => connection._id === id);
}

function openOf(write: { followUps: Array<{ completed?: boolean | null }> }): number {
  return write.followUps.filter((followUp) => !followUp.completed).length;
}

describe('connect add|update --cadence', () => {
  it('reads 2w, 30d and 1m (30 days) as days, and none as no cadence', async () => {
    expect((await connect(ada, 'Two Weeks', ['--cadence', '2w'])).cadenceDays).toBe(14);
    expect((await connect(ada, 'Thirty Days', ['--cadence', '30d'])).cadenceDays).toBe(30);
    expect((await connect(ada, 'One Month', ['--cadence', '1m'])).cadenceDays).toBe(30);
    expect((await connect(ada, 'Long Form', ['--cadence', '3 weeks'])).cadenceDays).toBe(21);
    expect((await connect(ada, 'No Rhythm', ['--cadence', 'none'])).cadenceDays).toBeUndefined();
  });

  it('says clearly what a cadence must be', async () => {
    for (const bad of ['soon', '0d', '2x', '999m', '']) {
      const result = await ada.run(['connect', 'add', '--name', 'Bad Span', '--cadence', bad]);
      expect(result.code, bad).toBe(2);
      expect(result.stderr).toContain(
        `error: --cadence must be a span like 2w, 30d or 1m, or none, not '${bad}'`,
      );
      expect(result.stderr).toMatch(/^hint: e\.g\. --cadence 2w/m);
    }
  });

  it('sets and clears a cadence with connect update, and says so', async () => {
    const added = await connect(ada, 'Changing Rhythm', ['--cadence', 'none']);
    const set = await ada.run(['connect', 'update', added._id, '--cadence', '3w']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('Changing Rhythm: keep in touch every 21 days');
    const cleared = json<ConnectUpdateJson>(
      await ada.run(['--json', 'connect', 'update', added._id, '--cadence', 'none']),
    );
    expect(cleared.cadenceDays).toBeUndefined();
    const human = await ada.run(['connect', 'update', added._id, '--cadence', 'none']);
    expect(human.stdout).toContain('no keep-in-touch cadence');
  });

  it('another user cannot change a cadence: not found', async () => {
    const mine = await connect(ada, 'Private Rhythm', ['--cadence', '2w']);
    const result = await mallory.run(['connect', 'update', mine._id, '--cadence', '1d']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: no connection/m);
    expect((await listed(ada, mine._id))?.cadenceDays).toBe(14);
  });
});

describe('the default cadence', () => {
  it('follows the networking intensity and the connection type (the README table)', async () => {
    const keen = await inProcessAccount('Keen Networker', { dbUri: database.uri });
    expect((await connect(keen, 'Default Moderate')).cadenceDays).toBe(90);
    const profile = await keen.run(['profile', 'update', '--networking', 'high']);
    expect(profile.code, profile.stderr).toBe(0);
    expect((await connect(keen, 'High Mentor', ['--type', 'mentor'])).cadenceDays).toBe(14);
    expect((await connect(keen, 'High Peer', ['--type', 'peer'])).cadenceDays).toBe(30);
    expect((await connect(keen, 'High Professional')).cadenceDays).toBe(60);
    expect(
      (await connect(keen, 'Rejected One', ['--status', 'rejected'])).cadenceDays,
    ).toBeUndefined();
    await keen.run(['profile', 'update', '--networking', 'low']);
    expect((await connect(keen, 'Low Professional')).cadenceDays).toBeUndefined();
    expect((await connect(keen, 'Low Mentor', ['--type', 'mentor'])).cadenceDays).toBe(60);
    const human = await keen.run(['connect', 'add', '--name', 'Low Peer', '--type', 'peer']);
    expect(human.stdout).toContain('keep in touch every 90 days');
  });
});

describe('completing a follow-up on a connection with a cadence', () => {
  it('plans the next one a cadence after the completion', async () => {
    const added = await connect(ada, 'Cadence Done', ['--cadence', '2w']);
    const planned = await plan(ada, added._id, '2026-12-01 10:00');
    const now = new Date(2026, 11, 5, 15, 30);
    const result = await ada.run(['connect', 'followup', 'done', planned.followUp._id], { now });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /Next: call with Cadence Done, due Sat 2026-12-19 15:30 \([0-9a-f]{8,}\), keep in touch every 14 days/,
    );
    const again = await listed(ada, added._id, now);
    const open = again?.followUps.filter((followUp) => !followUp.completed) ?? [];
    expect(open).toHaveLength(1);
    expect(new Date(open[0]?.dueDate ?? 0).getTime()).toBe(now.getTime() + 14 * DAY);
    expect(again?.nextDueAt).toBe(open[0]?.dueDate);
    expect(again?.lastContactAt).toBe(now.toISOString());
  });

  it('plans nothing when one is already open, and says so', async () => {
    const added = await connect(ada, 'Cadence Busy', ['--cadence', '2w']);
    const first = await plan(ada, added._id, '2026-12-01 10:00');
    const other = await plan(ada, added._id, '2027-01-10 09:00');
    const now = new Date(2026, 11, 5, 15, 30);
    const result = await ada.run(['connect', 'followup', 'done', first.followUp._id], { now });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /Keep in touch: call \([0-9a-f]{8,}\) due Sun 2027-01-10 09:00 is already open; no new follow-up planned\./,
    );
    const shown = await listed(ada, added._id, now);
    expect(shown ? openOf(shown) : -1).toBe(1);
    const second = await done(ada, other.followUp._id, now);
    expect(second.nextReason).toBe('cadence');
    expect(second.next?.type).toBe('call');
  });

  it('plans nothing without a cadence, nor when done a second time', async () => {
    const added = await connect(ada, 'No Cadence Done', ['--cadence', 'none']);
    const planned = await plan(ada, added._id, '2026-12-01 10:00');
    const now = new Date(2026, 11, 5);
    const first = await done(ada, planned.followUp._id, now);
    expect(first.next).toBeNull();
    expect(first.nextReason).toBeNull();
    expect(openOf(first)).toBe(0);
    await ada.run(['connect', 'update', added._id, '--cadence', '1w']);
    const twice = await done(ada, planned.followUp._id, now);
    expect(twice.next).toBeNull();
    expect((await listed(ada, added._id)) ?? { followUps: [] }).toMatchObject({
      followUps: [expect.anything()],
    });
  });
});

describe('keep-in-touch agenda items', () => {
  it('lists connections past their cadence, most overdue first, and only the owner', async () => {
    const reader = await inProcessAccount('Agenda Reader', { dbUri: database.uri });
    const weekly = await connect(reader, 'Weekly Friend', ['--cadence', '1w']);
    const monthly = await connect(reader, 'Monthly Friend', ['--cadence', '30d']);
    const planned = await connect(reader, 'Planned Friend', ['--cadence', '1w']);
    await plan(reader, planned._id, 'in 60 days');
    const rare = await connect(reader, 'Rare Friend', ['--cadence', '90d']);
    const created = new Date(weekly.createdAt).getTime();
    const now = new Date(created + 40 * DAY);
    const items = (await agenda(reader, now)).items.filter((item) => item.kind === 'keep-in-touch');
    expect(items.map((item) => item.refs.connectionId)).toEqual([weekly._id, monthly._id]);
    expect(items[0]).toMatchObject({
      id: weekly._id,
      overdue: true,
      what: 'Weekly Friend: no contact for 40 days, cadence 7',
      command: `career connect followup add ${weekly._id} --due today --type check-in`,
    });
    expect(new Date(items[0]?.due ?? 0).getTime()).toBeCloseTo(created + 7 * DAY, -3);
    expect(items.map((item) => item.refs.connectionId)).not.toContain(rare._id);
    const others = (await agenda(mallory, now)).items.filter(
      (item) => item.kind === 'keep-in-touch',
    );
    expect(others.map((item) => item.refs.connectionId)).not.toContain(weekly._id);
    const human = await reader.run(['agenda'], { now });
    expect(human.stdout).toContain('keep-in-touch  Weekly Friend: no contact for 40 days');
  });

  it('counts from the latest completed follow-up', async () => {
    const reader = await inProcessAccount('Agenda Completer', { dbUri: database.uri });
    const friend = await connect(reader, 'Recent Friend', ['--cadence', '1w']);
    const created = new Date(friend.createdAt).getTime();
    const call = await plan(reader, friend._id, 'tomorrow');
    const completed = await done(reader, call.followUp._id, new Date(created + 20 * DAY));
    // The cadence planned the next one: remove it, so only the last contact decides.
    const next = completed.next?._id ?? '';
    await reader.run(['connect', 'followup', 'remove', next, '--yes']);
    const soon = await agenda(reader, new Date(created + 25 * DAY));
    expect(soon.items.filter((item) => item.kind === 'keep-in-touch')).toEqual([]);
    const later = await agenda(reader, new Date(created + 30 * DAY));
    const [item] = later.items.filter((entry) => entry.kind === 'keep-in-touch');
    expect(item?.what).toContain('no contact for 10 days');
  });
});

describe('connect list: last contact and next due', () => {
  it('gives lastContactAt, nextDueAt and cadenceDays, and shows them in the table', async () => {
    const reader = await inProcessAccount('List Reader', { dbUri: database.uri });
    const friend = await connect(reader, 'Listed Friend', ['--cadence', '2w']);
    const none = await connect(reader, 'Unlisted Rhythm', ['--cadence', 'none']);
    const row = await listed(reader, friend._id);
    expect(row?.lastContactAt).toBe(friend.createdAt);
    expect(row?.cadenceDays).toBe(14);
    expect(new Date(row?.nextDueAt ?? 0).getTime()).toBe(
      new Date(friend.createdAt).getTime() + 14 * DAY,
    );
    const bare = await listed(reader, none._id);
    expect(bare).toMatchObject({ cadenceDays: null, nextDueAt: null });
    const table = await reader.run(['connect', 'list'], { tty: true, columns: 160 });
    expect(table.stdout).toMatch(/Last contact +│ Next due +│ Cadence/);
    expect(table.stdout).toMatch(/Listed Friend .* 14d /);
    // In a pipe: tab-separated, the cadence after the next due date.
    const piped = await reader.run(['connect', 'list']);
    expect(piped.stdout).toMatch(/^[0-9a-f]{8,}\tListed Friend\t.*\t14d$/m);
  });
});

describe('recurring follow-ups', () => {
  it('plans the next occurrence from the due date (strict), once per completion', async () => {
    const added = await connect(ada, 'Strict Mentor', ['--cadence', 'none']);
    const planned = await plan(ada, added._id, '2026-12-01 10:00', ['--every', '2w']);
    expect(planned.followUp.every).toEqual({ days: 14, months: 0 });
    const human = await ada.run(['connect', 'followup', 'list', added._id]);
    expect(human.stdout).toMatch(/\t2w\t/);
    const now = new Date(2026, 11, 9, 18, 0);
    const result = await done(ada, planned.followUp._id, now);
    expect(result.nextReason).toBe('recurrence');
    expect(new Date(result.next?.dueDate ?? 0)).toEqual(new Date(2026, 11, 15, 10, 0));
    expect(result.next?.every).toEqual({ days: 14, months: 0 });
    const twice = await done(ada, planned.followUp._id, now);
    expect(twice.next).toBeNull();
    const open = json<ConnectFollowupListJson>(
      await ada.run(['--json', 'connect', 'followup', 'list', added._id]),
    );
    expect(open).toHaveLength(1);
  });

  it('with --from-done, from the completion day at the same time of day', async () => {
    const added = await connect(ada, 'Normal Mentor', ['--cadence', 'none']);
    const planned = await plan(ada, added._id, '2026-12-01 10:00', [
      '--every',
      '1w',
      '--from-done',
    ]);
    const human = await ada.run(['connect', 'followup', 'done', planned.followUp._id], {
      now: new Date(2026, 11, 9, 18, 0),
    });
    expect(human.stdout).toMatch(
      /Next: call with Normal Mentor, due Wed 2026-12-16 10:00 \([0-9a-f]{8,}\), every 1w from done/,
    );
  });

  it('counts calendar months: Jan 31 + 1m is the last day of February', async () => {
    const added = await connect(ada, 'Monthly Mentor', ['--cadence', 'none']);
    const planned = await plan(ada, added._id, '2027-01-31 09:00', ['--every', '1m']);
    const result = await done(ada, planned.followUp._id, new Date(2027, 0, 31, 12));
    expect(new Date(result.next?.dueDate ?? 0)).toEqual(new Date(2027, 1, 28, 9, 0));
    const march = await done(ada, result.next?._id ?? '', new Date(2027, 1, 28, 12));
    // From Feb 28 the next month is Mar 28: each step counts from the due date it follows.
    expect(new Date(march.next?.dueDate ?? 0)).toEqual(new Date(2027, 2, 28, 9, 0));
  });

  it('stops with followup update --every none; --from-done needs --every', async () => {
    const added = await connect(ada, 'Stopped Mentor', ['--cadence', 'none']);
    const planned = await plan(ada, added._id, '2026-12-01 10:00', ['--every', '2w']);
    const lonely = await ada.run([
      'connect',
      'followup',
      'update',
      planned.followUp._id,
      '--from-done',
    ]);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toContain('error: --from-done goes with --every');
    const stop = await ada.run([
      'connect',
      'followup',
      'update',
      planned.followUp._id,
      '--every',
      'none',
    ]);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toMatch(/, once$/m);
    const result = await done(ada, planned.followUp._id, new Date(2026, 11, 2));
    expect(result.next).toBeNull();
    expect(result.followUp.every).toBeUndefined();
    const bad = await ada.run([
      'connect',
      'followup',
      'add',
      added._id,
      '--due',
      'tomorrow',
      '--type',
      'x',
      '--every',
      'often',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "error: --every must be a span like 2w, 30d or 1m, or none, not 'often'",
    );
  });

  it('another user cannot change a recurrence: not found', async () => {
    const added = await connect(ada, 'Guarded Mentor', ['--cadence', 'none']);
    const planned = await plan(ada, added._id, '2026-12-01 10:00', ['--every', '2w']);
    const result = await mallory.run([
      'connect',
      'followup',
      'update',
      planned.followUp._id,
      '--every',
      'none',
    ]);
    expect(result.code).toBe(3);
    const mine = json<ConnectFollowupListJson>(
      await ada.run(['--json', 'connect', 'followup', 'list', added._id]),
    );
    expect(mine[0]?.every).toEqual({ days: 14, months: 0 });
  });
});

describe('export and import carry the cadence and the recurrence', () => {
  it('round-trips cadenceDays and every/fromDone through JSON and CSV, into another user', async () => {
    const owner = await inProcessAccount('Exporting Owner', { dbUri: database.uri });
    const friend = await connect(owner, 'Exported Friend', ['--cadence', '3w']);
    await plan(owner, friend._id, '2026-12-20 10:00', ['--every', '1m', '--from-done']);
    const dir = makeTempDir();
    for (const format of ['json', 'csv']) {
      const file = path.join(dir, `connections.${format}`);
      const exported = await owner.run([
        'export',
        '--type',
        'connections',
        '--format',
        format,
        '--out',
        file,
      ]);
      expect(exported.code, exported.stderr).toBe(0);
      expect(readFileSync(file, 'utf8')).toContain('cadenceDays');
      const other = await inProcessAccount(`Importer ${format}`, { dbUri: database.uri });
      const imported = await other.run(['import', file, '--type', 'connections']);
      expect(imported.code, imported.stderr).toBe(0);
      const [row] = json<ConnectListJson>(await other.run(['--json', 'connect', 'list']));
      expect(row?.cadenceDays, format).toBe(21);
      expect(row?.followUps[0]).toMatchObject({ every: { days: 0, months: 1 }, fromDone: true });
    }
  });
});

describe('backup and restore carry the cadence and the recurrence', () => {
  it('restores cadenceDays and every/fromDone as they were', async () => {
    const owner = await inProcessAccount('Backing Owner', { dbUri: database.uri });
    const friend = await connect(owner, 'Backed Friend', ['--cadence', '5w']);
    await plan(owner, friend._id, '2026-12-20 10:00', ['--every', '2w']);
    const dir = makeTempDir();
    const created = json<{ file: string }>(
      await owner.run(['--json', 'backup', 'create', '--dir', dir]),
    );
    const copyUri = new URL(database.uri);
    copyUri.pathname = '/cadence_copy';
    const restored = await runInProcess(['--json', 'backup', 'restore', created.file], {
      home: makeTempDir(),
      env: { CAREER_DB_URI: copyUri.toString() },
    });
    expect(restored.code, restored.stderr).toBe(0);
    const client = await MongoClient.connect(database.uri);
    try {
      const copy = await client
        .db('cadence_copy')
        .collection('connections')
        .findOne({ _id: new ObjectId(friend._id) });
      expect(copy).toMatchObject({
        cadenceDays: 35,
        followUps: [{ every: { days: 14, months: 0 } }],
      });
    } finally {
      await client.close();
    }
  });
});

describe('connect show', () => {
  it('shows the cadence, the last contact and the next due date', async () => {
    const friend = await connect(ada, 'Shown Friend', ['--cadence', '4w']);
    const shown = await ada.run(['connect', 'show', friend._id]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/Cadence: +every 28 days/);
    expect(shown.stdout).toMatch(/Last contact: +\d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(shown.stdout).toMatch(/Next due: +\d{4}-\d\d-\d\d \d\d:\d\d/);
  });
});
