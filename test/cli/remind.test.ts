// `career remind` in this process (test/helpers/in-process.ts), two users on one database:
// what is due is reminded of once (stored in `reminders`), a dry run marks nothing, later
// items come as the clock moves, notifications off sends nothing, and delivery goes to a
// fake `notify-send` on PATH (a real process that records its arguments) or to stdout.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BackupCreateJson } from '../../src/commands/backup/create.js';
import type { RemindJson } from '../../src/commands/remind/report.js';
import { TEST_PASSWORD } from '../helpers/accounts.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { awayFromMidnight } from '../helpers/agenda-dataset.js';
import { inProcessAccount, type InProcessAccount, runInProcess } from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import {
  HOUR,
  MINUTE,
  seedOneFollowUp,
  seedReminders,
  type RemindIds,
} from '../helpers/remind-dataset.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let database: IsolatedDatabase;
let client: MongoClient;
let ada: InProcessAccount;
let bob: InProcessAccount;
let adaId: string;
let bobId: string;
let ids: RemindIds;
let bobFollowUp: string;
let seededAt: Date;

/** No graphical session and no notifier: whatever the test process has, auto is stdout. */
const NO_DESKTOP = { DISPLAY: '', WAYLAND_DISPLAY: '', DBUS_SESSION_BUS_ADDRESS: '' };

async function userIdOf(account: InProcessAccount): Promise<string> {
  return json<{ _id: string }>(await account.run(['--json', 'profile', 'show']))._id;
}

function remindersOf(userHex: string) {
  return client
    .db('career')
    .collection<{ key: string; kind: string; remindedAt: Date }>('reminders')
    .find({ userId: new ObjectId(userHex) })
    .toArray();
}

/**
 * A fake notify-send in a temp dir: appends its arguments to a log (one per line, then a
 * line `--end--`) and exits with `exitCode`. Returns the PATH to use and the log's path.
 */
function fakeNotifier(exitCode = 0): { env: Record<string, string>; log: string } {
  const dir = makeTempDir('career-fake-notify-');
  const log = path.join(dir, 'calls.log');
  const script = path.join(dir, 'notify-send');
  writeFileSync(
    script,
    `#!/bin/sh\nfor arg in "$@"; do printf '%s\\n' "$arg" >> '${log}'; done\nprintf -- '--end--\\n' >> '${log}'\n${exitCode === 0 ? '' : "echo 'no notification daemon' >&2\n"}exit ${exitCode}\n`,
  );
  chmodSync(script, 0o755);
  return {
    env: { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}`, DISPLAY: ':0' },
    log,
  };
}

/** Each notification the fake notifier was asked to show, as its arguments. */
function calls(log: string): string[][] {
  if (!existsSync(log)) return [];
  const text = readFileSync(log, 'utf8');
  return text
    .split('--end--\n')
    .filter((call) => call !== '')
    .map((call) => call.replace(/\n$/, '').split('\n'));
}

function kindsAndIds(report: RemindJson): string[] {
  return report.items.map((item) => `${item.kind} ${item.id}`).sort();
}

function remind(account: InProcessAccount, args: string[], now?: Date, env = NO_DESKTOP) {
  return account.run(['--json', 'remind', ...args], { env, ...(now ? { now } : {}) });
}

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  client = new MongoClient(database.uri);
  ada = await inProcessAccount('Ada Lovelace', { dbUri: database.uri });
  bob = await inProcessAccount('Bob Builder', { dbUri: database.uri });
  [adaId, bobId] = [await userIdOf(ada), await userIdOf(bob)];
  await awayFromMidnight();
  seededAt = new Date();
  ids = await seedReminders(database.uri, adaId, seededAt);
  bobFollowUp = await seedOneFollowUp(database.uri, bobId, seededAt);
});

afterAll(async () => {
  await client?.close();
  await database?.close();
  removeTempDirs();
});

describe('career remind', () => {
  it('a dry run lists what is due and marks nothing', async () => {
    const dry = json<RemindJson>(await remind(ada, ['--dry-run']));
    expect(dry).toMatchObject({
      delivered: 'none',
      channel: 'stdout',
      reason: 'dry-run',
      dryRun: true,
    });
    expect(kindsAndIds(dry)).toEqual(
      [
        `follow-up ${ids.email}`,
        `interview ${ids.technical}`,
        `keep-in-touch ${ids.keepInTouch}`,
        `learning ${ids.lateCourse}`,
        `offer ${ids.offerToday}`,
      ].sort(),
    );
    const email = dry.items.find((item) => item.id === ids.email);
    expect(email?.key).toBe(`follow-up:${ids.email}:${email?.due}`);
    expect(email?.command).toBe(`career connect followup done ${ids.email}`);
    expect(await remindersOf(adaId)).toEqual([]);

    // As text: the agenda's lines, escaped, and a note that nothing was marked.
    const text = await ada.run(['remind', '--dry-run'], { env: NO_DESKTOP });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/follow-up +email with Grace Hopper \(Navy\)/);
    expect(text.stdout).toContain('Send \\x1b]0;pwned\\x07 the <b>slides</b>');
    expect(text.stdout).not.toContain('\u001b');
    expect(text.stderr).toContain('Dry run: nothing marked as reminded');
    expect(await remindersOf(adaId)).toEqual([]);
  });

  it('reminds of each item once, for its own user only', async () => {
    const first = json<RemindJson>(await remind(ada, []));
    expect(first).toMatchObject({ delivered: 'stdout', channel: 'stdout', dryRun: false });
    expect(first.reason).toBeUndefined();
    expect(first.items).toHaveLength(5);
    const stored = await remindersOf(adaId);
    expect(stored.map((row) => row.key).sort()).toEqual(first.items.map((item) => item.key).sort());

    const second = json<RemindJson>(await remind(ada, []));
    expect(second).toMatchObject({
      items: [],
      delivered: 'none',
      reason: 'nothing-new',
      alreadyReminded: 5,
    });
    // Nothing new prints nothing (cron mails nothing).
    const quiet = await ada.run(['remind'], { env: NO_DESKTOP });
    expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([0, '', '']);

    // Bob's reminders are his own: Ada's runs gave none of his, his gives none of hers.
    expect(await remindersOf(bobId)).toEqual([]);
    const bobs = json<RemindJson>(await remind(bob, []));
    expect(kindsAndIds(bobs)).toEqual([`follow-up ${bobFollowUp}`]);
    expect((await remindersOf(bobId)).map((row) => row.kind)).toEqual(['follow-up']);
    expect(await remindersOf(adaId)).toHaveLength(5);
  });

  it('later items come when they become due: a follow-up at its time, an interview an hour before', async () => {
    const later = new Date(seededAt.getTime() + 2 * HOUR + MINUTE);
    const report = json<RemindJson>(await remind(ada, [], later));
    expect(kindsAndIds(report)).toEqual([`follow-up ${ids.call}`, `interview ${ids.onsite}`]);
    const onsite = report.items.find((item) => item.kind === 'interview');
    expect(onsite?.what).toContain('onsite interview: Backend Engineer at ACME');
    expect(json<RemindJson>(await remind(ada, [], later)).items).toEqual([]);
  });

  it('a snoozed follow-up is a new reminder at its new time', async () => {
    const snoozed = await ada.run(['connect', 'followup', 'snooze', ids.email, '3h']);
    expect(snoozed.code, snoozed.stderr).toBe(0);
    const now = new Date();
    expect(json<RemindJson>(await remind(ada, [], now)).items).toEqual([]);
    const after = json<RemindJson>(
      await remind(ada, [], new Date(now.getTime() + 3 * HOUR + MINUTE)),
    );
    expect(kindsAndIds(after)).toEqual([`follow-up ${ids.email}`]);
  });

  it('with notifications off it sends nothing, says why and marks nothing (exit 0)', async () => {
    const other = await inProcessAccount('Carol', { dbUri: database.uri });
    const carolId = await userIdOf(other);
    await seedOneFollowUp(database.uri, carolId);
    const off = await other.run(['profile', 'update', '--no-notifications']);
    expect(off.code, off.stderr).toBe(0);

    const text = await other.run(['remind'], { env: NO_DESKTOP });
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('Notifications are off in your profile: no reminders sent.\n');
    expect(text.stderr).toContain('career profile update --notifications');
    const report = json<RemindJson>(await remind(other, []));
    expect(report).toMatchObject({ items: [], delivered: 'none', reason: 'notifications-off' });
    expect(await remindersOf(carolId)).toEqual([]);

    // On again: the item is reminded of then.
    await other.run(['profile', 'update', '--notifications']);
    expect(json<RemindJson>(await remind(other, [])).items).toHaveLength(1);
  });
});

describe('career remind: delivery', () => {
  it('auto uses notify-send when it is on PATH and a session is there, with the text as arguments', async () => {
    const user = await inProcessAccount('Dora', { dbUri: database.uri });
    const dataset = await seedReminders(database.uri, await userIdOf(user));
    const fake = fakeNotifier();
    // Five items: more than MAX_NOTIFICATIONS, so one notification lists them.
    const many = json<RemindJson>(await user.run(['--json', 'remind'], { env: fake.env }));
    expect(many).toMatchObject({
      delivered: 'desktop',
      channel: 'desktop',
      notifier: 'notify-send',
    });
    expect(many.items).toHaveLength(5);
    const [summary, ...more] = calls(fake.log);
    expect(more).toEqual([]);
    expect(summary?.slice(0, 3)).toEqual(['--app-name=career', '--', 'career: 5 reminders']);
    expect(summary?.join('\n')).toContain('• email with Grace Hopper (Navy)');

    // One or two items: one notification each, what, detail and command; data escaped.
    const snoozed = await user.run(['connect', 'followup', 'snooze', dataset.email, '1h']);
    expect(snoozed.code, snoozed.stderr).toBe(0);
    const next = new Date(Date.now() + HOUR + MINUTE);
    const text = await user.run(['remind'], { env: fake.env, now: next });
    expect([text.code, text.stdout, text.stderr]).toEqual([0, '', '']);
    const [email] = calls(fake.log).slice(1);
    expect(email).toEqual([
      '--app-name=career',
      '--',
      'career: Follow-up due',
      'email with Grace Hopper (Navy)',
      'Send \\x1b]0;pwned\\x07 the &lt;b&gt;slides&lt;/b&gt; &amp; notes',
      `→ career connect followup done ${dataset.email}`,
    ]);
  });

  it('auto prints to stdout without a session, --via and remind.via choose, desktop without a notifier is exit 2', async () => {
    const user = await inProcessAccount('Eve', { dbUri: database.uri });
    const userHex = await userIdOf(user);
    const fake = fakeNotifier();
    const noSession = { ...fake.env, ...NO_DESKTOP, DISPLAY: '' };

    await seedOneFollowUp(database.uri, userHex);
    const printed = await user.run(['remind'], { env: noSession });
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toMatch(/follow-up +lunch with Ada Lovelace/);
    expect(calls(fake.log)).toEqual([]);

    // --via desktop sends even without the session variables.
    await seedOneFollowUp(database.uri, userHex);
    const forced = json<RemindJson>(
      await user.run(['--json', 'remind', '--via', 'desktop'], { env: noSession }),
    );
    expect(forced).toMatchObject({ delivered: 'desktop', notifier: 'notify-send' });
    expect(calls(fake.log)).toHaveLength(1);

    // The setting says stdout; --via wins over it; CAREER_REMIND_VIA wins over the file.
    const set = await user.run(['config', 'set', 'remind.via', 'STDOUT']);
    expect(set.code, set.stderr).toBe(0);
    await seedOneFollowUp(database.uri, userHex);
    const bySetting = json<RemindJson>(
      await user.run(['--json', 'remind', '--dry-run'], { env: fake.env }),
    );
    expect(bySetting.channel).toBe('stdout');
    const byFlag = json<RemindJson>(
      await user.run(['--json', 'remind', '--dry-run', '--via', 'auto'], { env: fake.env }),
    );
    expect(byFlag.channel).toBe('desktop');
    const byEnv = json<RemindJson>(
      await user.run(['--json', 'remind', '--dry-run'], {
        env: { ...fake.env, CAREER_REMIND_VIA: 'desktop' },
      }),
    );
    expect(byEnv.channel).toBe('desktop');

    // desktop with no notifier on PATH: a usage error, and nothing is marked.
    const before = (await remindersOf(userHex)).length;
    const missing = await user.run(['remind', '--via', 'desktop'], {
      env: { PATH: makeTempDir('career-empty-path-'), DISPLAY: ':0' },
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: no desktop notifier: notify-send is not on PATH$/m);
    expect(await remindersOf(userHex)).toHaveLength(before);
    const bad = await user.run(['remind', '--via', 'pigeon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("error: --via: 'pigeon' is not allowed");
  });

  it('a failing notifier: the items are printed instead, with a warning, and stay reminded', async () => {
    const user = await inProcessAccount('Fay', { dbUri: database.uri });
    const userHex = await userIdOf(user);
    const followUp = await seedOneFollowUp(database.uri, userHex);
    const broken = fakeNotifier(1);
    const result = await user.run(['remind'], { env: broken.env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'warning: no desktop notification: notify-send exited with 1: no notification daemon; printed here instead',
    );
    expect(result.stdout).toContain(`career connect followup done ${followUp}`);
    expect(calls(broken.log)).toHaveLength(1);
    expect((await remindersOf(userHex)).map((row) => row.kind)).toEqual(['follow-up']);
  });

  it('completes --via with its choices', async () => {
    const result = await runInProcess(['__complete', '--', 'remind', '--via', '']);
    expect(result.stdout).toBe('auto\ndesktop\nstdout\n');
  });

  it('not signed in: one error line and a hint, exit 6, nothing asked', async () => {
    const result = await runInProcess(['remind'], { env: { CAREER_DB_URI: database.uri } });
    expect(result.code).toBe(6);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe('error: not signed in');
  });

  it('reminders are in backups: after a restore, nothing is reminded of twice', async () => {
    const before = (await remindersOf(adaId)).length;
    expect(before).toBeGreaterThan(0);
    const created = json<BackupCreateJson>(await ada.run(['--json', 'backup', 'create']));
    expect(created.collections?.reminders).toBe(
      await client.db('career').collection('reminders').countDocuments(),
    );
    const restored = await ada.run(['backup', 'restore', created.file, '--drop', '--yes']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await remindersOf(adaId)).toHaveLength(before);
    // Sessions are not backed up: sign in again, then nothing is new.
    const login = await ada.run(['auth', 'login', '--email', ada.email], {
      env: { CAREER_PASSWORD: TEST_PASSWORD },
    });
    expect(login.code, login.stderr).toBe(0);
    const after = json<RemindJson>(await remind(ada, []));
    expect(after).toMatchObject({ items: [], reason: 'nothing-new' });
  });
});
