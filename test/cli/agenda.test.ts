// `career agenda`, `career today` and `career profile targets` end to end, in this process
// (test/helpers/in-process.ts), on a seeded dataset whose agenda (items and their order) and
// weekly progress are known.
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgendaJson } from '../../src/commands/agenda/report.js';
import { seedAccount, type SeededIds } from '../helpers/agenda-dataset.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

/** `career profile targets --json`: this week's targets and progress, as the agenda has them. */
type Week = AgendaJson['week'];

function errorOf(result: InProcessResult): { code: number | null; error: string } {
  return {
    code: result.code,
    error: result.stderr.split('\n').find((line) => line.startsWith('error:')) ?? '',
  };
}

/** Each item as `kind what`, enough to name it in an expected order. */
function names(report: AgendaJson): string[] {
  return report.items.map((item) => `${item.kind} ${item.what}`);
}

let database: IsolatedDatabase;
let ada: TestAccount;
let newcomer: TestAccount;
let ids: SeededIds;

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  ada = await signedInAccount('Ada Lovelace', { dbUri: database.uri });
  newcomer = await signedInAccount('Newcomer', { dbUri: database.uri });
  ids = await seedAccount(ada, database.uri);
});

afterAll(async () => {
  await database?.close();
  removeTempDirs();
});

const DEFAULT_ORDER = [
  'stalled Platform Engineer at Globex: applied, no activity for 30 days',
  'stalled SRE at Initech: applied, no activity for 20 days',
  'learning Finish Rust in Action (course)',
  'follow-up email with Grace Hopper (Navy)',
  'follow-up call with Alan Turing (Bletchley)',
  'follow-up coffee with Grace Hopper (Navy)',
  'interview technical interview: Backend Engineer at ACME',
];

describe('career agenda', () => {
  it('lists overdue, today and coming items by urgency, with the ids and the next command', async () => {
    const report = json<AgendaJson>(await ada.run(['--json', 'agenda']));
    expect(report.days).toBe(7);
    expect(report.stalledAfterDays).toBe(14);
    expect(report.items).toHaveLength(DEFAULT_ORDER.length);
    names(report).forEach((name, index) => expect(name).toContain(DEFAULT_ORDER[index]));
    expect(report.items.map((item) => [item.overdue, item.dueToday])).toEqual([
      [true, false],
      [true, false],
      [true, false],
      [true, false],
      [false, true],
      [false, false],
      [false, false],
    ]);
    const [globex, , course, email, call, , interview] = report.items;
    expect(globex).toMatchObject({
      id: ids.globexApplication,
      refs: { applicationId: ids.globexApplication },
      command: `career apply note ${ids.globexApplication} "Followed up"`,
    });
    expect(course?.command).toBe(`career learn complete ${ids.lateCourse}`);
    expect(email).toMatchObject({
      id: ids.overdueEmail,
      detail: 'Send the slides',
      refs: { connectionId: ids.navyConnection, followUpId: ids.overdueEmail },
      command: `career connect followup done ${ids.overdueEmail}`,
    });
    expect(call?.id).toBe(ids.laterTodayCall);
    expect(interview).toMatchObject({
      id: ids.acmeTechnical,
      detail: 'System design round',
      command: `career apply show ${ids.acmeApplication}`,
    });
    // Sorted by due date: overdue (the longest overdue first), then the soonest.
    const dues = report.items.map((item) => Date.parse(item.due));
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);

    // This week: Stark and Wayne sent (Oscorp is toApply), one follow-up completed now.
    expect(report.week.applications).toMatchObject({ perWeek: 10, done: 2, source: 'profile' });
    expect(report.week.followUps).toMatchObject({ perWeek: 5, done: 1, remaining: 4 });
    const weekStart = new Date(report.week.weekStart);
    expect(weekStart.getDay()).toBe(1);
    expect([weekStart.getHours(), weekStart.getMinutes()]).toEqual([0, 0]);
  });

  it('`today` stops at the end of today; --days and --stalled-after widen and narrow', async () => {
    // One after the other: in-process runs take turns anyway.
    const today = await ada.run(['--json', 'today']);
    const wide = await ada.run(['--json', 'agenda', '--days', '14', '--stalled-after', '25']);
    const todayReport = json<AgendaJson>(today);
    expect(todayReport.days).toBe(0);
    names(todayReport).forEach((name, index) => expect(name).toContain(DEFAULT_ORDER[index]));
    expect(todayReport.items).toHaveLength(5);

    const wideReport = json<AgendaJson>(wide);
    expect(names(wideReport)).toEqual([
      expect.stringContaining('stalled Platform Engineer at Globex'),
      expect.stringContaining('learning Finish Rust in Action'),
      'follow-up email with Grace Hopper (Navy)',
      'follow-up call with Alan Turing (Bletchley)',
      'follow-up coffee with Grace Hopper (Navy)',
      'interview technical interview: Backend Engineer at ACME',
      'interview onsite interview: Data Engineer at Hooli',
    ]);
    expect(wideReport.items.at(-1)?.id).toBe(ids.hooliOnsite);
  });

  it('prints sections in colour, the commands and the week line with bars', async () => {
    const coloured = await ada.run(['agenda'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(coloured.code, coloured.stderr).toBe(0);
    expect(coloured.stdout).toContain('\u001b[31m'); // overdue: red
    expect(coloured.stdout).toContain('\u001b[33m'); // today: yellow
    const plain = stripVTControlCharacters(coloured.stdout);
    const lines = plain.split('\n');
    const heading = (title: string) => lines.findIndex((line) => line.startsWith(title));
    expect(heading('Overdue')).toBe(0);
    expect(heading('Today')).toBeGreaterThan(heading('Overdue'));
    expect(heading('Coming up (to ')).toBeGreaterThan(heading('Today'));
    expect(plain).toContain(`→ career connect followup done ${ids.overdueEmail}`);
    expect(plain).toMatch(
      /SRE at Initech: applied, no activity for 20 days\n +last activity \d{4}-\d\d-\d\d, stalled since/,
    );
    expect(plain).toMatch(
      /This week: applications 2\/10 \[█{2}░{8}\], follow-ups 1\/5 \[█{2}░{8}\]/,
    );
  });

  it('shows another user none of it, and rejects bad flags', async () => {
    const empty = await newcomer.run(['agenda']);
    const badDays = await ada.run(['agenda', '--days', 'soon']);
    const badStalled = await ada.run(['today', '--stalled-after', '0']);
    expect(empty.code, empty.stderr).toBe(0);
    // A new account: what to do first, not an empty agenda and a week of zeros.
    expect(empty.stdout).toBe(
      'Nothing on your agenda yet. Start with:\n' +
        '  career apply add --company ACME --title Engineer\n' +
        '  career contact add --name "Grace Hopper"\n' +
        '  career learn add --title "..." --type course\n',
    );
    expect(errorOf(badDays)).toEqual({
      code: 2,
      error: "error: --days must be a whole number of days from 0 to 365, not 'soon'",
    });
    expect(errorOf(badStalled).code).toBe(2);
    expect(errorOf(badStalled).error).toContain('--stalled-after');
  });
});

describe('career profile targets', () => {
  it('derives targets from the profile, or documented defaults where it is empty', async () => {
    const fromProfile = await ada.run(['profile', 'targets']);
    const defaults = await newcomer.run(['--json', 'profile', 'targets']);
    expect(fromProfile.code, fromProfile.stderr).toBe(0);
    expect(fromProfile.stdout).toContain(
      'Applications a week: 10  (from your profile: goal new-job within 3-months)',
    );
    expect(fromProfile.stdout).toContain(
      'Follow-ups a week:   5  (from your profile: networking high)',
    );
    expect(fromProfile.stdout).toContain('This week: applications 2/10');
    expect(json<Week>(defaults)).toMatchObject({
      applications: {
        perWeek: 5,
        source: 'default',
        reason: 'goal new-job within 6-months, as your profile has no goal and timeframe',
        done: 0,
      },
      followUps: { perWeek: 3, source: 'default', done: 0 },
    });
  });

  it('stores overrides in the config, which the agenda uses, until --reset', async () => {
    const set = json<Week>(
      await ada.run(['--json', 'profile', 'targets', '--applications', '4', '--follow-ups', '1']),
    );
    expect(set.applications).toMatchObject({ perWeek: 4, source: 'config', done: 2, remaining: 2 });
    expect(set.followUps).toMatchObject({ perWeek: 1, source: 'config', done: 1, remaining: 0 });

    const agenda = await ada.run(['agenda', '--days', '0']);
    expect(agenda.stdout).toMatch(/applications 2\/4 \[█{5}░{5}\], follow-ups 1\/1 \[█{10}\]/);

    const both = await ada.run(['profile', 'targets', '--reset', '--applications', '3']);
    const negative = await ada.run(['profile', 'targets', '--follow-ups', '-1']);
    expect(errorOf(both).code).toBe(2);
    expect(errorOf(both).error).toContain('--reset');
    expect(errorOf(negative).code).toBe(2);

    const reset = await ada.run(['profile', 'targets', '--reset']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('✓ Targets reset');
    expect(reset.stdout).toContain('Applications a week: 10  (from your profile');
  });
});
