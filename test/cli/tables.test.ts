// Tables that fit (issue 12, bullet 3): at a terminal every line of every table is at most
// the terminal's width (wide characters and emoji counted as two columns), long text is cut
// with `…`, ids and dates are whole; --wide shows everything; a pipe gets each row whole,
// tab-separated, with no header, borders or colour.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import stringWidth from 'string-width';
import type { ApplyListJson } from '../../src/commands/apply/list.js';
import type { ConnectFollowupListJson } from '../../src/commands/connect/followup/list.js';
import { inProcessAccount, type InProcessAccount } from '../helpers/in-process.js';
import { jsonOutput } from '../helpers/json-output.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const LONG_TITLE = `Principal ${'Distinguished '.repeat(22)}Engineer`.slice(0, 330);
const WIDE_COMPANY = '🚀 株式会社テスト Rocket Labs';

let ada: InProcessAccount;

async function ok(args: string[]): Promise<string> {
  const result = await ada.run(args);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

async function json<T>(args: string[]): Promise<T> {
  return jsonOutput<T>(await ada.run([...args, '--json']));
}

/**
 * Waits into the next second, so the next record's id has another timestamp: ids made in one
 * second share 8+ characters by chance (1 in 256 share 10, and print 11 wide), which would
 * make the widths this file checks depend on luck.
 */
async function nextSecond(): Promise<void> {
  const second = Math.floor(Date.now() / 1000);
  while (Math.floor(Date.now() / 1000) === second) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  ada = await inProcessAccount();
  await ok([
    'apply',
    'add',
    '--company',
    WIDE_COMPANY,
    '--title',
    LONG_TITLE,
    '--status',
    'applied',
    '--date',
    '2026-03-02',
  ]);
  await nextSecond();
  await ok([
    'apply',
    'add',
    '--company',
    'ACME',
    '--title',
    'Backend Engineer',
    '--status',
    'interviewing',
    '--date',
    '2026-03-05',
  ]);
  await ok(['contact', 'add', '--name', 'Grace Hopper', '--company', WIDE_COMPANY]);
  const [contact] = await json<Array<{ _id: string }>>(['contact', 'list']);
  await ok(['connect', 'add', contact?._id ?? '', '--type', 'mentor']);
  const [connection] = await json<Array<{ _id: string }>>(['connect', 'list']);
  await ok([
    'connect',
    'followup',
    'add',
    connection?._id ?? '',
    '--due',
    '2026-12-04 12:00',
    '--type',
    'coffee',
    '--notes',
    `Ask about ${'COBOL and compilers '.repeat(10)}`,
  ]);
});

afterAll(() => removeTempDirs());

beforeAll(async () => {
  await ok(['backup', 'create', '--quiet']);
});

const LISTS: string[][] = [
  ['apply', 'list'],
  ['job', 'list'],
  ['contact', 'list'],
  ['connect', 'list'],
  ['connect', 'followup', 'list'],
  ['learn', 'list'],
  ['agenda'],
  ['apply', 'interview', 'list'],
  ['backup', 'list'],
];

function widest(text: string): number {
  return Math.max(...text.split('\n').map((line) => stringWidth(line)));
}

describe('tables at a terminal', () => {
  for (const columns of [40, 60, 120]) {
    it(`fit ${columns} columns, cutting text with … and keeping ids and dates whole`, async () => {
      const applications = await json<ApplyListJson>(['apply', 'list']);
      for (const args of LISTS) {
        const result = await ada.run(args, { tty: true, columns });
        expect(result.code, args.join(' ')).toBe(0);
        expect(
          widest(result.stdout),
          `${args.join(' ')} at ${columns}\n${result.stdout}`,
        ).toBeLessThanOrEqual(columns);
      }
      const list = (await ada.run(['apply', 'list'], { tty: true, columns })).stdout;
      expect(list).toContain('…');
      for (const application of applications) {
        expect(list).toContain(application._id.slice(0, 8));
      }
      expect(list).toContain('│');
      if (columns >= 60) expect(list).toContain('2026-03-05');
    });
  }

  it('keeps the follow-up id and due date whole at 60 columns', async () => {
    const [followUp] = await json<ConnectFollowupListJson>(['connect', 'followup', 'list']);
    const result = await ada.run(['connect', 'followup', 'list'], { tty: true, columns: 60 });
    expect(result.stdout).toContain(followUp?._id.slice(0, 8));
    expect(result.stdout).toContain('2026-12-04 12:00');
    expect(result.stdout).toContain('…');
  });

  it('shows every column whole with --wide', async () => {
    const result = await ada.run(['apply', 'list', '--wide'], { tty: true, columns: 60 });
    expect(result.stdout).toContain(LONG_TITLE);
    expect(result.stdout).toContain(WIDE_COMPANY);
    expect(widest(result.stdout)).toBeGreaterThan(330);
  });
});

describe('tables in a pipe', () => {
  it('print each row whole, tab-separated, without a header or borders', async () => {
    const applications = await json<ApplyListJson>(['apply', 'list']);
    const result = await ada.run(['apply', 'list']);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(applications.length);
    expect(result.stdout).not.toMatch(/[│┌└─]/);
    expect(result.stdout).not.toContain('Company');
    const long = lines.find((line) => line.includes(LONG_TITLE));
    expect(long?.split('\t')).toEqual([
      expect.stringMatching(/^[0-9a-f]{8,}$/),
      WIDE_COMPANY,
      LONG_TITLE,
      'applied',
      '2026-03-02',
      '',
      expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    ]);
  });

  it('leave --json unchanged', async () => {
    const applications = await json<ApplyListJson>(['apply', 'list']);
    expect(applications.map((application) => application.job?.title)).toContain(LONG_TITLE);
  });
});
