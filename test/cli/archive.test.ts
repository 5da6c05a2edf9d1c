// `career apply archive|unarchive` and `career connect archive|unarchive` (issue 15): archived
// records leave every view of the active pipeline (apply list, the board, the agenda, the
// calendar, the coach, interview and follow-up lists), `--archived` shows them, stats still
// counts them and says how many; a bulk archive by status and age touches only the signed-in
// user's records. Two accounts on one database, in this process.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApplyArchiveJson } from '../../src/commands/apply/archive.js';
import type { ApplyListJson } from '../../src/commands/apply/list.js';
import type { ApplyBoardJson } from '../../src/commands/apply/board.js';
import type { ApplyOffersJson } from '../../src/commands/apply/offers.js';
import type { AgendaJson } from '../../src/commands/agenda/report.js';
import type { ConnectArchiveJson } from '../../src/commands/connect/archive.js';
import type { ConnectListJson } from '../../src/commands/connect/list.js';
import type { ConnectFollowupListJson } from '../../src/commands/connect/followup/list.js';
import type { ExportCalendarJson } from '../../src/commands/export/calendar.js';
import type { StatsJson } from '../../src/commands/stats/index.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import path from 'node:path';
import { TEST_PASSWORD } from '../helpers/accounts.js';
import {
  inProcessAccount,
  runInProcess,
  type InProcessAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';
import { formatDate } from '../../src/domain/dates.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

/**
 * The clock of every run: noon, 100 days from today. Ahead of the real time on purpose:
 * `updatedAt` is the database's time (the real one), and the agenda's stalled rule and the
 * connections' `--older-than` read it, so they need it well in the past.
 */
function daysFromNow(days: number, time = '12:00'): Date {
  const date = new Date();
  date.setDate(date.getDate() + 100 + days);
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  date.setHours(hours, minutes, 0, 0);
  return date;
}
const NOW = daysFromNow(0);
const stamp = (date: Date): string => formatDate(date, true);
let database: IsolatedDatabase;
let alice: InProcessAccount;
let bob: InProcessAccount;
/** Alice's records by name. */
const ids = {} as Record<
  'hooli' | 'umbrella' | 'old' | 'recent' | 'bobOld' | 'grace' | 'alan',
  string
>;

function idOf(result: InProcessResult, what: string): string {
  if (result.code !== 0) throw new Error(`${what} failed (${result.code}): ${result.stderr}`);
  const id = (JSON.parse(result.stdout) as { _id?: unknown })._id;
  if (typeof id !== 'string') throw new Error(`${what} printed no _id: ${result.stdout}`);
  return id;
}

async function ok(account: InProcessAccount, args: string[], now = NOW): Promise<InProcessResult> {
  const result = await account.run(args, { now });
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.code} ${result.stderr}`);
  return result;
}

async function json<T>(account: InProcessAccount, args: string[], now = NOW): Promise<T> {
  return JSON.parse((await ok(account, [...args, '--json'], now)).stdout) as T;
}

/** An application added at `at` (the clock), with `status`. */
async function application(
  account: InProcessAccount,
  company: string,
  status: string,
  at: Date,
): Promise<string> {
  const args = ['apply', 'add', '--company', company, '--title', 'Engineer', '--status', status];
  return idOf(await account.run([...args, '--json'], { now: at }), `apply add ${company}`);
}

const listedIds = async (account: InProcessAccount, extra: string[] = []): Promise<string[]> =>
  (await json<ApplyListJson>(account, ['apply', 'list', ...extra])).map((each) => each._id);

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  alice = await inProcessAccount('Alice Example', { dbUri: database.uri });
  bob = await inProcessAccount('Bob Example', { dbUri: database.uri });
  // Hooli: interviewing, an interview on Thursday (agenda, calendar, coach, interview list).
  ids.hooli = await application(alice, 'Hooli', 'applied', daysFromNow(-60));
  const interview = stamp(daysFromNow(2, '10:00'));
  await ok(alice, ['apply', 'interview', 'add', ids.hooli, '--date', interview]);
  // Umbrella: applied two months ago and silent since (stalled on the agenda).
  ids.umbrella = await application(alice, 'Umbrella', 'applied', daysFromNow(-60));
  // Rejected half a year ago, and rejected a week ago.
  ids.old = await application(alice, 'Initrode', 'rejected', daysFromNow(-180));
  ids.recent = await application(alice, 'Initech', 'rejected', daysFromNow(-7, '09:00'));
  // Bob's own old rejection.
  ids.bobOld = await application(bob, 'Bobco', 'rejected', daysFromNow(-200));
  // A connection with a follow-up due tomorrow, and another one (both pending).
  const grace = await json<{ _id: string }>(alice, ['connect', 'add', '--name', 'Grace Hopper']);
  ids.grace = grace._id;
  const due = formatDate(daysFromNow(1));
  await ok(alice, ['connect', 'followup', 'add', ids.grace, '--due', due, '--type', 'call']);
  ids.alan = idOf(await alice.run(['connect', 'add', '--name', 'Alan Turing', '--json']), 'Alan');
});

afterAll(async () => {
  await database?.close();
  removeTempDirs();
});

describe('career apply archive ID...', () => {
  it('archives the applications named (by id or prefix)', async () => {
    const before = await json<AgendaJson>(alice, ['agenda']);
    expect(before.items.map((item) => item.kind).sort()).toEqual([
      'follow-up',
      'interview',
      'keep-in-touch',
      'stalled',
    ]);
    const stalledBefore = await ok(alice, ['coach', 'which applications are stalled?']);
    expect(stalledBefore.stdout).toContain('Umbrella');
    const result = await ok(alice, ['apply', 'archive', ids.hooli, ids.umbrella.slice(0, 12)]);
    expect(result.stdout).toMatch(/✓ Archived application [0-9a-f]{8,}: Engineer at Hooli\n/);
    expect(result.stdout).toMatch(/✓ Archived application [0-9a-f]{8,}: Engineer at Umbrella\n/);
  });

  // Each reader of the active pipeline, one by one (each shows them again once unarchived).
  it('apply list leaves them out', async () => {
    expect(await listedIds(alice)).toEqual([ids.recent, ids.old]);
  });

  it('the board leaves them out', async () => {
    const board = await json<ApplyBoardJson>(alice, ['apply', 'board']);
    const cards = Object.values(board).flatMap((column) => column.map((card) => card._id));
    expect(cards.sort()).toEqual([ids.old, ids.recent].sort());
  });

  it('the agenda leaves out their interviews and their being stalled', async () => {
    const agenda = await json<AgendaJson>(alice, ['agenda']);
    // Alan's keep-in-touch item stays: archiving applications leaves connections alone.
    expect(agenda.items.map((item) => item.kind).sort()).toEqual(['follow-up', 'keep-in-touch']);
  });

  it('the calendar and the interview list leave out their interviews', async () => {
    const calendar = await json<ExportCalendarJson>(alice, ['export', 'calendar']);
    expect(JSON.stringify(calendar)).not.toContain('Hooli');
    expect(await json<unknown[]>(alice, ['apply', 'interview', 'list'])).toEqual([]);
  });

  it("the coach's advice leaves them out", async () => {
    const coach = await ok(alice, ['coach', 'how do I prepare for my interview?']);
    expect(coach.stdout).not.toContain('Hooli');
    const named = await ok(alice, ['coach', 'how do I prepare for my interview at Hooli?']);
    expect(named.stdout).not.toMatch(/interview for Engineer at Hooli is on/);
    const stalled = await ok(alice, ['coach', 'which applications are stalled?']);
    expect(stalled.stdout).not.toContain('Umbrella');
  });

  it('--archived lists them, with archivedAt; apply show says when', async () => {
    const archived = await json<ApplyListJson>(alice, ['apply', 'list', '--archived']);
    expect(archived.map((each) => each._id).sort()).toEqual([ids.hooli, ids.umbrella].sort());
    expect(archived.every((each) => each.archivedAt === NOW.toISOString())).toBe(true);
    const shown = await ok(alice, ['apply', 'show', ids.hooli]);
    expect(shown.stdout).toContain('Archived:');
    expect(shown.stdout).toMatch(new RegExp(`Archived: +${stamp(NOW)}`));
  });

  it('says so when an application is already archived, and changes nothing', async () => {
    const later = daysFromNow(4);
    const result = await ok(alice, ['apply', 'archive', ids.hooli], later);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `Application [0-9a-f]{8,} \\(Engineer at Hooli\\) is already archived \\(since ${formatDate(NOW)}\\)`,
      ),
    );
    const [hooli] = (await json<ApplyListJson>(alice, ['apply', 'list', '--archived'])).filter(
      (each) => each._id === ids.hooli,
    );
    expect(hooli?.archivedAt).toBe(NOW.toISOString());
  });

  it('stats still counts them in the funnel and says how many are archived', async () => {
    const stats = await json<StatsJson>(alice, ['stats']);
    expect(stats.funnel.stages[0]).toMatchObject({ status: 'toApply', count: 4 });
    expect(stats.archived).toEqual({ applications: 2, connections: 0 });
    const text = await ok(alice, ['stats']);
    expect(text.stdout).toContain('Archived: 2 applications (still in the funnel), 0 connections');
  });

  it('unarchive brings one back; of one not archived it says so', async () => {
    const result = await ok(alice, ['apply', 'unarchive', ids.hooli]);
    expect(result.stdout).toMatch(/✓ Restored application [0-9a-f]{8,}: Engineer at Hooli/);
    expect(await listedIds(alice)).toContain(ids.hooli);
    const agenda = await json<AgendaJson>(alice, ['agenda']);
    expect(agenda.items.map((item) => item.kind).sort()).toEqual([
      'follow-up',
      'interview',
      'keep-in-touch',
    ]);
    // The views that left it out show it again (so leaving it out was the archive's doing).
    const calendar = await json<ExportCalendarJson>(alice, ['export', 'calendar']);
    expect(JSON.stringify(calendar)).toContain('Hooli');
    const coach = await ok(alice, ['coach', 'how do I prepare for my interview?']);
    expect(coach.stdout).toContain('Hooli');
    const named = await ok(alice, ['coach', 'how do I prepare for my interview at Hooli?']);
    expect(named.stdout).toMatch(/interview for Engineer at Hooli is on/);
    expect(await json<unknown[]>(alice, ['apply', 'interview', 'list'])).toHaveLength(1);
    const board = await json<ApplyBoardJson>(alice, ['apply', 'board']);
    expect(board.interviewing?.map((card) => card._id)).toEqual([ids.hooli]);
    const again = await ok(alice, ['apply', 'unarchive', ids.hooli]);
    expect(again.stderr).toMatch(/Application [0-9a-f]{8,} \(Engineer at Hooli\) is not archived/);
  });

  it("another user's ids are not found, archived or not", async () => {
    for (const verb of ['archive', 'unarchive']) {
      for (const id of [ids.hooli, ids.umbrella]) {
        const result = await bob.run(['apply', verb, id], { now: NOW });
        expect(result.code).toBe(3);
        expect(result.stderr).toMatch(/^error: no application/);
      }
    }
    expect(await listedIds(alice)).toContain(ids.hooli);
    expect(await listedIds(alice, ['--archived'])).toEqual([ids.umbrella]);
  });
});

describe('career apply archive --status ... --older-than ...', () => {
  it("B's bulk archive touches B's records only", async () => {
    const report = await json<ApplyArchiveJson>(bob, [
      'apply',
      'archive',
      '--status',
      'rejected',
      '--older-than',
      '90d',
    ]);
    expect(report.changed.map((each) => each._id)).toEqual([ids.bobOld]);
    expect(await listedIds(alice)).toContain(ids.old);
  });

  it('--dry-run lists what would be archived and changes nothing', async () => {
    const result = await ok(alice, [
      'apply',
      'archive',
      '--status',
      'Rejected',
      '--older-than',
      '90d',
      '--dry-run',
    ]);
    expect(result.stdout).toContain('Initrode');
    expect(result.stdout).not.toContain('Initech');
    expect(result.stdout).toContain(
      `Would archive 1 rejected application with no status change since ${formatDate(daysFromNow(-90))}.`,
    );
    expect(result.stderr).toContain('Nothing changed (--dry-run).');
    expect(await listedIds(alice)).toContain(ids.old);
  });

  it('archives those whose status last changed before the cutoff, and says how many', async () => {
    const result = await ok(alice, [
      'apply',
      'archive',
      '--status',
      'rejected',
      '--older-than',
      '90d',
    ]);
    expect(result.stdout).toContain(
      `✓ Archived 1 rejected application with no status change since ${formatDate(daysFromNow(-90))}`,
    );
    const listed = await listedIds(alice);
    expect(listed).not.toContain(ids.old);
    expect(listed).toContain(ids.recent);
    // A week is enough for last week's rejection; the one archived already is not counted again.
    const report = await json<ApplyArchiveJson>(alice, [
      'apply',
      'archive',
      '--status',
      'rejected,offer',
      '--older-than',
      '1w',
    ]);
    expect(report.changed.map((each) => each._id)).toEqual([ids.recent]);
    expect(report.statuses).toEqual(['rejected', 'offer']);
    const none = await ok(alice, ['apply', 'archive', '--status', 'rejected']);
    expect(none.stderr).toContain('No rejected applications to archive.');
  });

  it('refuses what it cannot read', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['apply', 'archive'], /^error: name the ids to archive, or pass --status/],
      [['apply', 'archive', ids.hooli, '--status', 'rejected'], /^error: give ids or --status/],
      [['apply', 'archive', '--status', 'hired'], /^error: --status: 'hired' is not allowed/],
      [
        ['apply', 'archive', '--status', 'rejected', '--older-than', 'soon'],
        /^error: --older-than must be/,
      ],
      [
        ['apply', 'archive', ids.hooli, '--older-than', '9d'],
        /^error: --older-than goes with --status/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await alice.run(args, { now: NOW });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});

describe('career connect archive', () => {
  it('takes the connection and its follow-ups out of the lists, the agenda and the calendar', async () => {
    const result = await ok(alice, ['connect', 'archive', ids.grace]);
    expect(result.stdout).toMatch(/✓ Archived connection [0-9a-f]{8,}: Grace Hopper\n/);
    const listed = await json<ConnectListJson>(alice, ['connect', 'list']);
    expect(listed.map((each) => each._id)).toEqual([ids.alan]);
    const archived = await json<ConnectListJson>(alice, ['connect', 'list', '--archived']);
    expect(archived.map((each) => [each._id, each.archivedAt])).toEqual([
      [ids.grace, NOW.toISOString()],
    ]);
    expect(await json<ConnectFollowupListJson>(alice, ['connect', 'followup', 'list'])).toEqual([]);
    const own = await json<ConnectFollowupListJson>(alice, [
      'connect',
      'followup',
      'list',
      ids.grace,
    ]);
    expect(own).toHaveLength(1);
    const filed = await json<ConnectFollowupListJson>(alice, [
      'connect',
      'followup',
      'list',
      '--archived',
    ]);
    expect(filed).toHaveLength(1);
    const agenda = await json<AgendaJson>(alice, ['agenda']);
    expect(agenda.items.map((item) => item.kind).sort()).toEqual(['interview', 'keep-in-touch']);
    const calendar = await json<ExportCalendarJson>(alice, ['export', 'calendar']);
    expect(JSON.stringify(calendar)).not.toContain('Grace');
    const stats = await json<StatsJson>(alice, ['stats']);
    expect(stats.archived.connections).toBe(1);
    const again = await ok(alice, ['connect', 'archive', ids.grace]);
    expect(again.stderr).toMatch(/Connection [0-9a-f]{8,} \(Grace Hopper\) is already archived/);
  });

  it('bulk by status and age, B never touching A', async () => {
    const bobs = await json<ConnectArchiveJson>(bob, ['connect', 'archive', '--status', 'pending']);
    expect(bobs.changed).toEqual([]);
    const dry = await json<ConnectArchiveJson>(alice, [
      'connect',
      'archive',
      '--status',
      'pending',
      '--older-than',
      '30d',
      '--dry-run',
    ]);
    expect(dry.changed.map((each) => each._id)).toEqual([ids.alan]);
    expect((await json<ConnectListJson>(alice, ['connect', 'list'])).map((c) => c._id)).toEqual([
      ids.alan,
    ]);
    const done = await json<ConnectArchiveJson>(alice, [
      'connect',
      'archive',
      '--status',
      'pending',
      '--older-than',
      '1mo',
    ]);
    expect(done.changed.map((each) => each._id)).toEqual([ids.alan]);
    expect(await json<ConnectListJson>(alice, ['connect', 'list'])).toEqual([]);
    // Alan's cadence (the default) had him on the agenda: archived, he leaves it.
    const agenda = await json<AgendaJson>(alice, ['agenda']);
    expect(agenda.items.map((item) => item.kind)).toEqual(['interview']);
  });

  it('unarchive restores; B cannot', async () => {
    const denied = await bob.run(['connect', 'unarchive', ids.grace], { now: NOW });
    expect(denied.code).toBe(3);
    await ok(alice, ['connect', 'unarchive', ids.grace, ids.alan]);
    expect(
      await json<ConnectFollowupListJson>(alice, ['connect', 'followup', 'list']),
    ).toHaveLength(1);
    const agenda = await json<AgendaJson>(alice, ['agenda']);
    expect(agenda.items.map((item) => item.kind).sort()).toEqual([
      'follow-up',
      'interview',
      'keep-in-touch',
    ]);
  });
});

describe('archived offers', () => {
  it('leave apply offers, the agenda and the calendar; stats still counts them', async () => {
    const carol = await inProcessAccount('Carol Example', { dbUri: database.uri });
    const app = await application(carol, 'Massive Dynamic', 'applied', daysFromNow(-10));
    const deadline = formatDate(daysFromNow(3));
    await ok(carol, [
      'apply',
      'offer',
      app,
      '--base',
      '80k',
      '--currency',
      'EUR',
      '--deadline',
      deadline,
    ]);
    expect(
      (await json<ApplyOffersJson>(carol, ['apply', 'offers'])).map((o) => o.applicationId),
    ).toEqual([app]);
    const kinds = async (): Promise<string[]> =>
      (await json<AgendaJson>(carol, ['agenda'])).items.map((item) => item.kind);
    expect(await kinds()).toContain('offer');
    await ok(carol, ['apply', 'archive', app]);
    expect(await json<ApplyOffersJson>(carol, ['apply', 'offers'])).toEqual([]);
    expect(await kinds()).not.toContain('offer');
    const calendar = await json<ExportCalendarJson>(carol, ['export', 'calendar']);
    expect(JSON.stringify(calendar)).not.toContain('Massive Dynamic');
    const stats = await json<StatsJson>(carol, ['stats']);
    expect(stats.archived.applications).toBe(1);
  });
});

describe('export, import and backup carry archivedAt', () => {
  it('an export imported into another account keeps what was archived (CSV and JSON)', async () => {
    await ok(alice, ['connect', 'archive', ids.grace]);
    const archivedApps = async (account: InProcessAccount) =>
      (await json<ApplyListJson>(account, ['apply', 'list', '--archived']))
        .map((each) => [each.job?.company, each.archivedAt])
        .sort();
    const expected = await archivedApps(alice);
    expect(expected.map(([company]) => company)).toEqual(['Initech', 'Initrode', 'Umbrella']);
    for (const format of ['csv', 'json']) {
      const carol = await inProcessAccount('Carol Example');
      for (const type of ['applications', 'connections']) {
        const out = path.join(carol.home, `${type}.${format}`);
        await ok(alice, ['export', '--type', type, '--format', format, '--out', out]);
        await ok(carol, ['import', out, '--type', type]);
      }
      expect(await archivedApps(carol), format).toEqual(expected);
      const connections = await json<ConnectListJson>(carol, ['connect', 'list', '--archived']);
      expect(
        connections.map((each) => [each.contact?.name, each.archivedAt]),
        format,
      ).toEqual([['Grace Hopper', NOW.toISOString()]]);
      expect(await listedIds(carol), format).toHaveLength(1);
    }
  });

  it('a backup restored elsewhere keeps archivedAt', async () => {
    const dir = makeTempDir('career-archive-backup-');
    const created = await ok(alice, ['backup', 'create', '--dir', dir, '--json']);
    const file = (JSON.parse(created.stdout) as { file: string }).file;
    const home = makeTempDir('career-archive-restored-');
    expect((await runInProcess(['backup', 'restore', file], { home })).code).toBe(0);
    const login = await runInProcess(['auth', 'login', '--email', alice.email], {
      home,
      env: { CAREER_PASSWORD: TEST_PASSWORD },
    });
    expect(login.code).toBe(0);
    const restored = await runInProcess(['apply', 'list', '--archived', '--json'], { home });
    const companies = (JSON.parse(restored.stdout) as ApplyListJson).map((each) => [
      each.job?.company,
      each.archivedAt,
    ]);
    expect(companies.map(([company]) => company).sort()).toEqual([
      'Initech',
      'Initrode',
      'Umbrella',
    ]);
    expect(companies.every(([, at]) => typeof at === 'string')).toBe(true);
  });
});
