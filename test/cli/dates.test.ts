// Dates on the command line mean what a person means, with "today" pinned by the context's
// clock: each verb reads its date flags in the field's sense (past for things done, future
// for due and planned dates), refuses an ambiguous numeric date unless date.order is set,
// warns in scripts about a date on the unlikely side of today, and echoes what it understood.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplyAddJson } from '../../src/commands/apply/add.js';
import type { ConnectAddJson } from '../../src/commands/connect/add.js';
import type { LearnAddJson } from '../../src/commands/learn/add.js';
import { inProcessAccount, type InProcessAccount } from '../helpers/in-process.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { jsonOutput } from '../helpers/json-output.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

const SUNDAY = new Date(2026, 10, 29, 10, 0);
const MONDAY = new Date(2026, 10, 30, 10, 0);
const TUESDAY = new Date(2026, 11, 1, 10, 0);
const TUESDAY_EVENING = new Date(2026, 11, 1, 18, 30);

let database: IsolatedDatabase;
let account: InProcessAccount;
let connectionId: string;
let counter = 0;

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  account = await inProcessAccount('Ada Lovelace', { dbUri: database.uri });
  const connection = jsonOutput<ConnectAddJson>(
    await account.run(['--json', 'connect', 'add', '--name', 'Grace Hopper', '--type', 'mentor']),
  );
  connectionId = connection._id;
});

afterAll(async () => {
  await database?.close();
  removeTempDirs();
});

/** `apply add` for a new job (one per call), on the given day. */
function applyOn(now: Date, ...args: string[]) {
  counter += 1;
  const job = ['--company', `Acme ${counter}`, '--title', 'Engineer', '--status', 'applied'];
  return account.run(['apply', 'add', ...job, ...args], { now });
}

function dueOn(now: Date, due: string) {
  return account.run(['connect', 'followup', 'add', connectionId, '--due', due, '--type', 'call'], {
    now,
  });
}

describe('application dates (past)', () => {
  it('last/previous WEEKDAY is the one before today, and the echo says which', async () => {
    const cases: Array<[Date, string, string]> = [
      [TUESDAY, 'last monday', 'Mon 2026-11-30'],
      [TUESDAY, 'previous monday', 'Mon 2026-11-30'],
      [TUESDAY, 'last tuesday', 'Tue 2026-11-24'],
      [MONDAY, 'last monday', 'Mon 2026-11-23'],
      [SUNDAY, 'last sunday', 'Sun 2026-11-22'],
      [TUESDAY, 'this monday', 'Mon 2026-11-30'],
      [TUESDAY, 'friday', 'Fri 2026-11-27'],
      [SUNDAY, 'monday', 'Mon 2026-11-23'],
      [MONDAY, 'monday', 'Mon 2026-11-30'],
    ];
    for (const [now, text, shown] of cases) {
      const result = await applyOn(now, '--date', text);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout, text).toContain(`Application date: ${shown}\n`);
      expect(result.stderr, text).toBe('');
    }
  });

  it('stores the day understood (--json)', async () => {
    const added = jsonOutput<ApplyAddJson>(
      await account.run(
        [
          '--json',
          'apply',
          'add',
          '--company',
          'Json Co',
          '--title',
          'Dev',
          '--status',
          'applied',
          '--date',
          'last monday',
        ],
        { now: TUESDAY },
      ),
      { emptyStderr: true },
    );
    expect(new Date(added.applicationDate as string)).toEqual(new Date(2026, 10, 30, 12));
  });

  it('a status change without --date is dated by the context clock', async () => {
    const added = jsonOutput<ApplyAddJson>(
      await account.run(['--json', 'apply', 'add', '--company', 'Clock Co', '--title', 'Dev'], {
        now: TUESDAY,
      }),
    );
    const moved = await account.run(['apply', 'status', added._id, 'applied'], { now: SUNDAY });
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain('Application date: Sun 2026-11-29\n');
  });

  it('a date in the future is warned about in a script, and stored', async () => {
    const result = await applyOn(TUESDAY, '--date', 'tomorrow');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('warning: application date Wed 2026-12-02 is in the future\n');
    expect(result.stdout).toContain('Application date: Wed 2026-12-02');
  });
});

describe('due dates (future)', () => {
  it('a bare or "this" weekday is the next one; "last" the one before; a time alone is today', async () => {
    const cases: Array<[Date, string, string]> = [
      [TUESDAY, 'friday', 'Fri 2026-12-04 12:00'],
      [TUESDAY, 'this monday', 'Mon 2026-12-07 12:00'],
      [TUESDAY, 'tuesday 3pm', 'Tue 2026-12-01 15:00'],
      [SUNDAY, 'sunday', 'Sun 2026-11-29 12:00'],
      [MONDAY, 'this tuesday', 'Tue 2026-12-01 12:00'],
      [TUESDAY, 'last friday', 'Fri 2026-11-27 12:00'],
      [TUESDAY_EVENING, 'noon', 'Tue 2026-12-01 12:00'],
      [TUESDAY, '3pm', 'Tue 2026-12-01 15:00'],
    ];
    for (const [now, text, shown] of cases) {
      const result = await dueOn(now, text);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout, text).toContain(`Planned the call with Grace Hopper, due ${shown} (`);
      expect(result.stderr, text).toBe('');
    }
  });

  it(`a due date 30 days or more ago is warned about in a script, and stored`, async () => {
    const result = await dueOn(TUESDAY, '2026-10-01');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('warning: due Thu 2026-10-01 is 61 days ago\n');
    expect((await dueOn(TUESDAY, '2026-11-02')).stderr).toBe('');
  });
});

describe('interviews and learning', () => {
  it('a planned interview looks ahead, a held one back', async () => {
    const added = jsonOutput<ApplyAddJson>(await applyOn(TUESDAY, '--json'));
    const planned = await account.run(
      ['apply', 'interview', 'add', added._id, '--date', 'friday 10am'],
      { now: TUESDAY },
    );
    expect(planned.stdout).toContain('Added interview ');
    expect(planned.stdout).toContain(' on Fri 2026-12-04 10:00 to application ');
    const held = await account.run(
      ['apply', 'interview', 'add', added._id, '--date', 'friday', '--status', 'done'],
      { now: TUESDAY },
    );
    expect(held.stdout).toContain(' on Fri 2026-11-27 12:00 to application ');
  });

  it('a planned start looks ahead; a completion looks back', async () => {
    const added = await account.run(
      [
        'learn',
        'add',
        '--title',
        'Rust',
        '--type',
        'course',
        '--start',
        'monday',
        '--expected-end',
        'next friday',
      ],
      { now: TUESDAY },
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Start: Mon 2026-12-07\nExpected end: Fri 2026-12-11\n');
    const activity = jsonOutput<LearnAddJson>(
      await account.run(['--json', 'learn', 'add', '--title', 'Go', '--type', 'course'], {
        now: TUESDAY,
      }),
    );
    const done = await account.run(
      ['learn', 'complete', activity._id, '--date', 'friday', '--no-add-skills'],
      {
        now: TUESDAY,
      },
    );
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('Completed on: Fri 2026-11-27\n');
  });
});

describe('numeric dates and date.order', () => {
  it('refuses an ambiguous one with both readings, and the way to set the order', async () => {
    const result = await applyOn(TUESDAY, '--date', '05/12/2026');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: --date: '05/12/2026' could be 5 December 2026 or 12 May 2026\n" +
        'hint: write it as 2026-12-05 or 2026-05-12, or say how you write dates: `career config set date.order DMY` (or MDY)\n',
    );
  });

  it('reads it in the order set (DMY, MDY, YMD), the environment first; ISO always', async () => {
    const home = { ...account };
    const set = await home.run(['config', 'set', 'date.order', 'dmy']);
    expect(set.stdout).toBe('✓ Set date.order to DMY\n');
    // 5 December is ahead of Tuesday 1 December: stored, with a warning.
    const dmy = await applyOn(TUESDAY, '--date', '05/12/2026');
    expect(dmy.stdout).toContain('Application date: Sat 2026-12-05\n');
    expect(dmy.stderr).toBe('warning: application date Sat 2026-12-05 is in the future\n');
    const mdy = await account.run(
      [
        'apply',
        'add',
        '--company',
        'Env Co',
        '--title',
        'Dev',
        '--status',
        'applied',
        '--date',
        '05/12/2026',
      ],
      {
        now: TUESDAY,
        env: { CAREER_DATE_ORDER: 'MDY' },
      },
    );
    expect(mdy.stdout).toContain('Application date: Tue 2026-05-12\n');
    await account.run(['config', 'set', 'date.order', 'YMD']);
    expect((await applyOn(TUESDAY, '--date', '26/05/12')).stdout).toContain(
      'Application date: Tue 2026-05-12\n',
    );
    expect((await applyOn(TUESDAY, '--date', '05/12/2026')).code).toBe(2);
    expect((await applyOn(TUESDAY, '--date', '2026-05-12')).stdout).toContain(
      'Application date: Tue 2026-05-12\n',
    );
    await account.run(['config', 'unset', 'date.order']);
    expect((await applyOn(TUESDAY, '--date', '05/12/2026')).code).toBe(2);
  });
});

describe('at a terminal', () => {
  it('asks about an unlikely date: no saves nothing, yes keeps it', async () => {
    const no = await account.run(
      [
        'apply',
        'add',
        '--company',
        'Tty Co',
        '--title',
        'Dev',
        '--status',
        'applied',
        '--date',
        'tomorrow',
      ],
      {
        now: TUESDAY,
        tty: true,
        stdin: 'n\n',
      },
    );
    expect(no.stdout).toContain('Application date Wed 2026-12-02 is in the future. Is that right?');
    expect(no.code).toBe(2);
    expect(no.stderr).toContain(
      'error: nothing saved: application date Wed 2026-12-02 is in the future\n',
    );
    const listed = await account.run(['--json', 'apply', 'list', '--company', 'Tty Co']);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    const yes = await account.run(
      [
        'apply',
        'add',
        '--company',
        'Tty Co',
        '--title',
        'Dev',
        '--status',
        'applied',
        '--date',
        'tomorrow',
      ],
      {
        now: TUESDAY,
        tty: true,
        stdin: 'y\n',
      },
    );
    expect(yes.code, yes.stderr).toBe(0);
    // (What is printed after the prompt is checked in a script above: inquirer ends the
    // in-process stdout buffer when it closes.)
    const stored = await account.run(['--json', 'apply', 'list', '--company', 'Tty Co']);
    const [application] = JSON.parse(stored.stdout) as Array<{ applicationDate: string }>;
    expect(new Date(application?.applicationDate ?? '')).toEqual(new Date(2026, 11, 2, 10));
  });
});
