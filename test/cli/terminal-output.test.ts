// Records whose names, companies, titles, notes and tags hold terminal escape sequences (a
// window title, clear screen, the 8-bit CSI, a bidi override, conceal), printed by the
// commands people run: nothing reaches the terminal raw, it is shown as visible escapes,
// while --json gives the values back exactly. One account, seeded by three imports; the
// import's unknown-column warning and rejection lines are checked on the way. In process
// (test/helpers/in-process.ts); contact has no Json types yet, so its rows are typed here.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApplyBoardJson } from '../../src/commands/apply/board.js';
import type { ApplyListJson } from '../../src/commands/apply/list.js';
import type { JobListJson } from '../../src/commands/job/list.js';
import {
  inProcessAccount,
  type InProcessAccount as TestAccount,
  type InProcessResult as CliResult,
} from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';
import { RAW_CONTROL, SGR } from '../helpers/terminal.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const PAYLOAD = '\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e\x1b[8m';
const SHOWN = '\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202e\\x1b[8m';
const marked = (text: string) => `${text}${PAYLOAD}!`;

const tomorrow = new Date(Date.now() + 86_400_000);
tomorrow.setHours(10, 0, 0, 0);

const JOB = { company: marked('Evil'), title: marked('Engineer'), tags: [marked('tag')] };
const CONTACT = {
  name: marked('Grace'),
  email: 'grace@navy.example',
  company: marked('Navy'),
  title: marked('Admiral'),
  tags: [marked('mentor')],
  notes: marked('note'),
};

let account: TestAccount;
let dir: string;
let seeded: CliResult[];

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

/** Stdout and stderr hold nothing raw, and the payload shown escaped somewhere. */
function expectSafe(result: CliResult, options: { shown?: boolean; code?: number } = {}): void {
  const output = result.stdout + result.stderr;
  expect(result.code, output).toBe(options.code ?? 0);
  expect(output).not.toMatch(RAW_CONTROL);
  if (options.shown !== false) expect(output).toContain(SHOWN);
}

beforeAll(async () => {
  dir = makeTempDir('career-terminal-');
  account = await inProcessAccount();
  const applications = writeJson('applications.json', [
    {
      job: JOB,
      status: 'interviewing',
      applicationDate: '2026-01-05',
      notes: marked('notes'),
      interviews: [
        {
          date: tomorrow.toISOString(),
          type: marked('technical'),
          status: 'scheduled',
          notes: marked('prep'),
        },
      ],
    },
  ]);
  const connections = writeJson('connections.json', [
    {
      contact: CONTACT,
      type: 'mentor',
      status: 'accepted',
      notes: marked('connection'),
      followUps: [
        { type: marked('coffee'), dueDate: tomorrow.toISOString(), notes: marked('ask') },
      ],
    },
  ]);
  // A header cell with an escape sequence, and a row rejected for an email holding one.
  const contacts = path.join(dir, 'contacts.csv');
  writeFileSync(
    contacts,
    `name,email,"Colour${PAYLOAD}"\r\nAlan,alan@example.com,blue\r\nEve,"eve${PAYLOAD}",red\r\n`,
  );
  seeded = [];
  for (const args of [
    ['import', applications, '--type', 'applications'],
    ['import', connections, '--type', 'connections'],
    ['import', contacts, '--type', 'contacts'],
  ]) {
    seeded.push(await account.run(args));
  }
});

afterAll(() => removeTempDirs());

describe('terminal output of data', () => {
  it("the import's unknown-column warning and rejection lines", () => {
    const [applications, connections, contacts] = seeded as [CliResult, CliResult, CliResult];
    expectSafe(applications, { shown: false });
    expectSafe(connections, { shown: false });
    expectSafe(contacts, { code: 8 });
    expect(contacts.stderr).toContain(
      `warning: columns with no matching field, kept in notes: Colour${SHOWN}`,
    );
    // The email is checked once lower-cased, as the schema stores it.
    expect(contacts.stderr).toContain(
      `line 3: email 'eve${SHOWN.toLowerCase()}' is not an email address`,
    );
  });

  it('--json gives the values back exactly', async () => {
    const [jobs, contacts, board] = await Promise.all([
      account.run(['--json', 'job', 'list']),
      account.run(['--json', 'contact', 'list']),
      account.run(['--json', 'apply', 'board']),
    ]);
    for (const result of [jobs, contacts, board]) expect(result.stdout).not.toMatch(RAW_CONTROL);
    expect(json<JobListJson>(jobs)).toEqual([expect.objectContaining(JOB)]);
    expect(json<unknown[]>(contacts)).toContainEqual(expect.objectContaining(CONTACT));
    expect(json<ApplyBoardJson>(board).interviewing).toEqual([
      expect.objectContaining({ company: JOB.company, title: JOB.title }),
    ]);
  });

  it('lists, show, board, follow-ups, agenda, digest, coach and errors show escapes, not raw controls', async () => {
    const [jobs, applications, contacts] = await Promise.all([
      account.run(['--json', 'job', 'list']),
      account.run(['--json', 'apply', 'list']),
      account.run(['--json', 'contact', 'list']),
    ]);
    const jobId = json<JobListJson>(jobs)[0]?._id ?? '';
    const applicationId = json<ApplyListJson>(applications)[0]?._id ?? '';
    const contactId =
      json<Array<{ _id: string; name: string }>>(contacts).find(
        (contact) => contact.name === CONTACT.name,
      )?._id ?? '';

    const runs: Array<[string[], number]> = [
      [['job', 'list'], 0],
      [['job', 'show', jobId], 0],
      [['apply', 'list'], 0],
      [['apply', 'show', applicationId], 0],
      [['apply', 'board'], 0],
      [['apply', 'interview', 'list'], 0],
      [['contact', 'list'], 0],
      [['contact', 'show', contactId], 0],
      [['connect', 'list'], 0],
      [['connect', 'followup', 'list'], 0],
      [['agenda'], 0],
      [['digest'], 0],
      [['coach', 'how do I prepare for my interview?'], 0],
      // A conflict naming the contact, and an id prefix as typed.
      [['connect', 'add', contactId], 5],
      [['job', 'show', `6b04${PAYLOAD}`], 2],
    ];
    const results = [];
    // Wide enough for the board to show its cards whole.
    const env = { COLUMNS: '300' };
    for (let at = 0; at < runs.length; at += 4) {
      const batch = runs.slice(at, at + 4).map(([args]) => account.run(args, { env }));
      results.push(...(await Promise.all(batch)));
    }
    const problems = results.flatMap((result, index) => {
      const [args, code] = runs[index] as [string[], number];
      const output = result.stdout + result.stderr;
      const found: string[] = [];
      if (result.code !== code) found.push(`exit ${result.code}, not ${code}: ${result.stderr}`);
      const raw = RAW_CONTROL.exec(output);
      if (raw) found.push(`raw ${JSON.stringify(raw[0])} in ${JSON.stringify(output)}`);
      if (!output.includes(SHOWN)) found.push(`no ${SHOWN} in ${JSON.stringify(output)}`);
      return found.map((problem) => `career ${args.join(' ')}: ${problem}`);
    });
    expect(problems).toEqual([]);
  });

  it('keeps our colours and escapes the data, with colour on', async () => {
    const env = { NO_COLOR: '', FORCE_COLOR: '1' };
    const [list, agenda] = await Promise.all([
      account.run(['apply', 'list'], { env }),
      account.run(['agenda'], { env }),
    ]);
    for (const result of [list, agenda]) {
      expect(result.code, result.stderr).toBe(0);
      // The data's conceal sequence is not written raw; the rest are our own colours.
      expect(result.stdout).not.toContain('\x1b[8m');
      expect(result.stdout.replace(SGR, '')).not.toMatch(RAW_CONTROL);
      expect(result.stdout).toContain(SHOWN);
    }
    expect(list.stdout).toContain('\x1b[36minterviewing\x1b[39m');
    expect(agenda.stdout).toContain('\x1b[1mComing up');
  });
});
