// Fixed-list values as a person types them, end to end in this process: flags, positional
// arguments and import values all read by src/domain/choices.ts (any case, spaces or dashes,
// a unique start, "did you mean"); and an import's rejected rows create nothing, not even the
// job or contact they name.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApplyAddJson } from '../../src/commands/apply/add.js';
import type { ApplyListJson } from '../../src/commands/apply/list.js';
import type { ApplyStatusJson } from '../../src/commands/apply/status.js';
import type { ConnectListJson } from '../../src/commands/connect/list.js';
import type { ContactListJson } from '../../src/commands/contact/list.js';
import type { ImportJson } from '../../src/commands/import/import-file.js';
import type { JobListJson } from '../../src/commands/job/list.js';
import type { LearnAddJson } from '../../src/commands/learn/add.js';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

afterAll(removeTempDirs);

function csvFile(name: string, lines: string[]): string {
  const file = path.join(makeTempDir('career-choices-'), name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function summary(result: InProcessResult, code: number): ImportJson {
  expect(result.code, result.stderr).toBe(code);
  return JSON.parse(result.stdout) as ImportJson;
}

describe('choices on flags and positional arguments', () => {
  let ada: TestAccount;

  beforeAll(async () => {
    ada = await signedInAccount('Ada Lovelace');
  });

  it('a flag takes any case and a unique start; a typo gets "did you mean"', async () => {
    const added = json<ApplyAddJson>(
      await ada.run([
        'apply',
        'add',
        '--json',
        '--company',
        'Acme',
        '--title',
        'Dev',
        '--status',
        'Applied',
      ]),
    );
    expect(added.status).toBe('applied');
    const learning = json<LearnAddJson>(
      await ada.run([
        'learn',
        'add',
        '--json',
        '--title',
        'SQL',
        '--type',
        'Cert',
        '--status',
        'In Progress',
      ]),
    );
    expect(learning).toMatchObject({ type: 'certification', status: 'in-progress' });
    const listed = json<ApplyListJson>(
      await ada.run(['apply', 'list', '--json', '--status', 'APPLIED']),
    );
    expect(listed.map((item) => item._id)).toEqual([added._id]);

    const typo = await ada.run(['apply', 'list', '--status', 'aplied']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("error: --status: 'aplied' is not allowed");
    expect(typo.stderr).toContain('hint: did you mean applied?');
  });

  it('a positional argument too: `apply status ID interview` moves it to interviewing', async () => {
    const added = json<ApplyAddJson>(
      await ada.run(['apply', 'add', '--json', '--company', 'Globex', '--title', 'SRE']),
    );
    const moved = json<ApplyStatusJson>(
      await ada.run(['apply', 'status', added._id, 'interview', '--json']),
    );
    expect(moved.status).toBe('interviewing');
    const offer = json<ApplyStatusJson>(
      await ada.run(['apply', 'status', added._id, 'OFFER', '--json']),
    );
    expect(offer.status).toBe('offer');

    const typo = await ada.run(['apply', 'status', added._id, 'ofer']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("error: STATUS: 'ofer' is not allowed");
    expect(typo.stderr).toContain('did you mean offer?');
  });

  it('an ambiguous start is refused naming what it could be', async () => {
    // Statuses of connections: pending, accepted, rejected; types: mentor, peer, professional.
    const result = await ada.run(['connect', 'list', '--type', 'p']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: --type: 'p' could be peer or professional");
  });
});

describe('import: values as a person writes them, and rejected rows create nothing', () => {
  it('a CSV value `Applied` (or `To Apply`, `interview`) is accepted; a typo says what it meant', async () => {
    const ada = await signedInAccount('Ada Lovelace');
    const file = csvFile('applications.csv', [
      'Company,Title,Status,Date',
      'Acme,Dev,Applied,2026-01-05',
      'Globex,SRE,To Apply,',
      'Initech,QA,interview,2026-01-06',
      'Hooli,PM,Aplied,2026-01-07',
    ]);
    const result = summary(await ada.run(['--json', 'import', file, '--type', 'applications']), 8);
    expect(result).toMatchObject({ inserted: 3, rejected: 1 });
    expect(result.rejects).toEqual([
      {
        line: 5,
        reason:
          "Status: 'Aplied' is not allowed; did you mean applied? (use one of: toApply, applied, interviewing, offer, rejected)",
      },
    ]);
    const listed = json<ApplyListJson>(await ada.run(['apply', 'list', '--json']));
    expect(listed.map((item) => `${item.job?.company}:${item.status}`).sort()).toEqual([
      'Acme:applied',
      'Globex:toApply',
      'Initech:interviewing',
    ]);
  });

  it('5 application rows, 3 rejected: only the 2 accepted rows create jobs', async () => {
    const ada = await signedInAccount('Ada Lovelace');
    // Rejected for the application's own fields: its status, an interview's date, its history.
    const file = path.join(makeTempDir('career-choices-'), 'applications.ndjson');
    const rows = [
      { company: 'Acme', title: 'Dev', status: 'applied', applicationDate: '2026-01-05' },
      { company: 'Globex', title: 'SRE', status: 'maybe' },
      { company: 'Initech', title: 'QA', interviews: [{ date: 'not a date' }] },
      { company: 'Hooli', title: 'PM', statusHistory: [{ status: 'lost', at: '2026-01-01' }] },
      { company: 'Umbrella', title: 'Ops', status: 'offer' },
    ];
    writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n'));
    const result = summary(await ada.run(['--json', 'import', file, '--type', 'applications']), 8);
    expect(result).toMatchObject({ inserted: 2, rejected: 3 });
    expect(result.related.jobs).toEqual({ inserted: 2, updated: 0 });
    expect(result.rejects.map((rejection) => rejection.line)).toEqual([2, 3, 4]);
    const jobs = json<JobListJson>(await ada.run(['job', 'list', '--json']));
    expect(jobs.map((job) => job.company).sort()).toEqual(['Acme', 'Umbrella']);

    // --dry-run counts the same.
    const bob = await signedInAccount('Bob');
    const dry = summary(
      await bob.run(['--json', 'import', file, '--type', 'applications', '--dry-run']),
      8,
    );
    expect(dry.related.jobs).toEqual({ inserted: 2, updated: 0 });
  });

  it('5 connection rows, 3 rejected: only the 2 accepted rows create contacts', async () => {
    const ada = await signedInAccount('Ada Lovelace');
    const file = path.join(makeTempDir('career-choices-'), 'connections.ndjson');
    const rows = [
      { name: 'Grace Hopper', email: 'grace@example.com', status: 'accepted' },
      { name: 'Alan Turing', email: 'alan@example.com', status: 'maybe' },
      { name: 'Ada Byron', email: 'byron@example.com', type: 'stranger' },
      {
        name: 'Linus T',
        email: 'linus@example.com',
        followUps: [{ type: 'call', dueDate: 'never' }],
      },
      { name: 'Barbara Liskov', email: 'barbara@example.com', type: 'mentor' },
    ];
    writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n'));
    const result = summary(await ada.run(['--json', 'import', file, '--type', 'connections']), 8);
    expect(result).toMatchObject({ inserted: 2, rejected: 3 });
    expect(result.related.contacts).toEqual({ inserted: 2, updated: 0 });
    expect(result.rejects.map((rejection) => rejection.line)).toEqual([2, 3, 4]);
    const contacts = json<ContactListJson>(await ada.run(['contact', 'list', '--json']));
    expect(contacts.map((contact) => contact.name).sort()).toEqual([
      'Barbara Liskov',
      'Grace Hopper',
    ]);
    const connections = json<ConnectListJson>(await ada.run(['connect', 'list', '--json']));
    expect(connections).toHaveLength(2);
  });
});
