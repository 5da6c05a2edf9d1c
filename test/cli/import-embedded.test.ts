// `career import` on the embedded engine, as a user runs it without a URI: the engine then
// runs on a thread of its own and batches are written while the next ones are read. Files
// here span several batches (1,000 rows each), with keys that come back batches later, so a
// batch must find what the batches before it wrote: updates and unchanged rows, never a
// second record.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedInAccount, type TestAccount } from '../helpers/accounts.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

interface Summary {
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  related: Record<string, { inserted: number; updated: number }>;
  rejects: Array<{ line: number; reason: string }>;
}

interface ListedContact {
  name: string;
  email?: string;
  title?: string;
}

function parsed<T>(result: CliResult, code = 0): T {
  expect(result.code, result.stderr).toBe(code);
  return JSON.parse(result.stdout) as T;
}

const DISTINCT = 1_500;

/**
 * 1,500 contacts, then the first 1,200 again: even ones with a new title (updated), odd ones
 * as they were (unchanged), then three bad rows. The repeats are 1,200 to 1,500 lines after
 * the originals: in later batches.
 */
function contactsCsv(): string {
  const lines = ['Name,Email,Company,Title'];
  const row = (i: number, title: string): string =>
    `Person ${i},person${i}@example.com,Company ${i % 40},${title}`;
  for (let i = 0; i < DISTINCT; i++) lines.push(row(i, 'Engineer'));
  for (let i = 0; i < 1_200; i++) lines.push(row(i, i % 2 === 0 ? 'Lead' : 'Engineer'));
  lines.push('No Email Person,not-an-email,Company 1,Engineer');
  lines.push(',nobody@example.com,Company 1,Engineer');
  lines.push('Person 1,PERSON1@EXAMPLE.COM,Company 1,Engineer');
  return `${lines.join('\n')}\n`;
}

let account: TestAccount;
let dir: string;

beforeAll(async () => {
  account = await signedInAccount('Ada Lovelace');
  dir = makeTempDir('career-import-embedded-');
});

afterAll(() => removeTempDirs());

describe('career import on the embedded engine', () => {
  it('finds what earlier batches wrote: repeats update or skip, never duplicate', async () => {
    const file = path.join(dir, 'contacts.csv');
    writeFileSync(file, contactsCsv());
    const first = parsed<Summary>(
      await account.run(['--json', 'import', file, '--type', 'contacts']),
      8,
    );
    expect(first).toMatchObject({ inserted: DISTINCT, updated: 600, rejected: 2 });
    // 600 odd repeats, and the upper-case email of Person 1 (emails are stored lower case).
    expect(first.skipped).toBe(601);
    expect(first.rejects.map((rejection) => rejection.line)).toEqual([2702, 2703]);

    const listed = parsed<ListedContact[]>(
      await account.run(['--json', 'contact', 'list', '--limit', '5000']),
    );
    expect(listed).toHaveLength(DISTINCT);
    const titles = new Map(listed.map((contact) => [contact.email, contact.title]));
    expect(titles.get('person0@example.com')).toBe('Lead');
    expect(titles.get('person1@example.com')).toBe('Engineer');
    expect(titles.get('person1198@example.com')).toBe('Lead');
    expect(titles.get('person1200@example.com')).toBe('Engineer');

    const again = parsed<Summary>(
      await account.run(['--json', 'import', file, '--type', 'contacts']),
      8,
    );
    // Nothing new; an even row's two titles are applied again in the file's order (each
    // one an update), and the records end as they were.
    expect(again).toMatchObject({ inserted: 0, updated: 1_200, skipped: 1_501, rejected: 2 });
    const relisted = parsed<ListedContact[]>(
      await account.run(['--json', 'contact', 'list', '--limit', '5000']),
    );
    expect(relisted).toHaveLength(DISTINCT);
    expect(new Map(relisted.map((contact) => [contact.email, contact.title]))).toEqual(titles);
  });

  it('writes an application after its job, across batches', async () => {
    const lines = ['Company,Title,Status,Applied'];
    // 1,100 jobs; then applications to the first 900 of them again, later in the file.
    for (let i = 0; i < 1_100; i++) lines.push(`Company ${i},Engineer ${i},applied,2026-01-05`);
    for (let i = 0; i < 900; i++) lines.push(`Company ${i},Engineer ${i},interviewing,2026-01-05`);
    const file = path.join(dir, 'applications.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = parsed<Summary>(
      await account.run(['--json', 'import', file, '--type', 'applications']),
    );
    expect(result).toMatchObject({ inserted: 1_100, updated: 900, skipped: 0, rejected: 0 });
    expect(result.related.jobs).toEqual({ inserted: 1_100, updated: 0 });

    const listed = parsed<Array<{ status: string }>>(
      await account.run(['--json', 'apply', 'list', '--limit', '5000']),
    );
    expect(listed).toHaveLength(1_100);
    expect(listed.filter((application) => application.status === 'interviewing')).toHaveLength(900);
  });

  it('says clearly when the engine cannot start, and writes nothing', async () => {
    const home = makeTempDir('career-import-broken-');
    // The database file is a directory: the engine's thread cannot open it.
    mkdirSync(path.join(home, 'data', 'career.sqlite'), { recursive: true });
    const file = path.join(dir, 'one.csv');
    writeFileSync(file, 'Name,Email\nAda,ada@example.com\n');
    const result = await runCli(['import', file, '--type', 'contacts'], { home });
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(/cannot start the embedded database/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
