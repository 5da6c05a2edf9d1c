// The import's readers on their own (no database): what they make of rows too long to read,
// with a small bound (the CLI uses MAX_ROW_BYTES, 32 MiB; import-limits.test.ts checks it).
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BrokenInputError,
  csvRows,
  isBrokenRow,
  jsonArrayRows,
  ndjsonRows,
  type BrokenRow,
} from '../../src/services/import/readers.js';
import { Rejects } from '../../src/services/import/rejects.js';
import { RowMapper } from '../../src/services/import/row-mapper.js';
import type { SourceRow } from '../../src/services/import/types.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

afterAll(() => removeTempDirs());

/** A stream of `text` in chunks of `size` bytes (so rows and line breaks straddle chunks). */
function chunked(text: string, size = 7): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks, { objectMode: false });
}

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** Each row as its line and either its name or why it was rejected. */
function outline(rows: ReadonlyArray<SourceRow | BrokenRow>) {
  return rows.map((row) =>
    isBrokenRow(row) ? { line: row.line, broken: row.broken } : { line: row.line, ...row.values },
  );
}

const TOO_LONG = 'too long to read (over 64 bytes)';

describe('import readers: a row too long to read', () => {
  it('NDJSON: the line is rejected with its number, the next lines are read', async () => {
    const long = JSON.stringify({ name: 'x'.repeat(100) });
    const text = ['{"name":"a"}', long, '{"name":"b"}', '', long, '{"name":"c"}'].join('\r\n');
    for (const size of [3, 7, 64, 1024]) {
      const rows = await all(ndjsonRows(chunked(text, size), { maxRowBytes: 64 }));
      expect(outline(rows)).toEqual([
        { line: 1, name: 'a' },
        { line: 2, broken: TOO_LONG },
        { line: 3, name: 'b' },
        { line: 5, broken: TOO_LONG },
        { line: 6, name: 'c' },
      ]);
      // Only the start of a long line is kept (for the rejects file).
      expect((rows[1] as BrokenRow).text).toBe(`${long.slice(0, 200)}…`);
    }
    // A long last line with no line break after it, and a line just at the bound.
    const exact = JSON.stringify({ name: 'y'.repeat(64 - 11) });
    expect(exact.length).toBe(64);
    const rows = await all(ndjsonRows(chunked(`${exact}\n${long}`), { maxRowBytes: 64 }));
    expect(outline(rows)).toEqual([
      { line: 1, name: 'y'.repeat(53) },
      { line: 2, broken: TOO_LONG },
    ]);
  });

  it('NDJSON: line breaks are \\n, \\r\\n and \\r, as readline split them', async () => {
    const text = '\ufeff{"n":1}\r{"n":2}\r\n{"n":3}\n\n{"n":4}';
    for (const size of [1, 2, 5, 100]) {
      const rows = await all(ndjsonRows(chunked(text, size)));
      expect(outline(rows)).toEqual([
        { line: 1, n: 1 },
        { line: 2, n: 2 },
        { line: 3, n: 3 },
        { line: 5, n: 4 },
      ]);
    }
  });

  it('a JSON array: the element is rejected with its line, the next elements are read', async () => {
    const long = JSON.stringify({ name: 'x'.repeat(30), tags: ['[', ']', '{', ','.repeat(40)] });
    const text = `\ufeff[{"name":"a"},\n${long},\n{"name":"b"}, ${long}\n,{"name":"é"}]`;
    for (const size of [1, 5, 64, 1024]) {
      const rows = await all(jsonArrayRows(chunked(text, size), { maxRowBytes: 64 }));
      expect(outline(rows)).toEqual([
        { line: 1, name: 'a' },
        { line: 2, broken: TOO_LONG },
        { line: 3, name: 'b' },
        { line: 3, broken: TOO_LONG },
        { line: 4, name: 'é' },
      ]);
    }
  });

  it('CSV: a record past the bound ends the reading there, with its line; none before is lost', async () => {
    const text = ['name,notes', 'a,short', 'b,"two\nlines"', `c,"${'x'.repeat(100)}"`, 'd,short'];
    for (const size of [7, 64, 4096]) {
      const read: unknown[] = [];
      const error = await (async () => {
        const rows = csvRows(chunked(text.join('\n'), size), {
          onHeader: () => undefined,
          maxRowBytes: 64,
        });
        for await (const row of rows) read.push(row.values.name);
      })().catch((caught: unknown) => caught);
      // Read before the parser failed, in the same chunk or not: handed over, not dropped.
      expect(read).toEqual(['a', 'b']);
      expect(error).toBeInstanceOf(BrokenInputError);
      expect(error).toMatchObject({
        line: 5,
        message:
          'the CSV cannot be read from here on: the record starting here is too long to read (over 64 bytes) (is a quote left open?)',
      });
    }
  });
});

describe('import readers: column names', () => {
  it('a CSV column named __proto__ or constructor is a column like any other', async () => {
    const text =
      'name,__proto__,constructor,email\nAda,"{""polluted"":true}",builder,not-an-email\n';
    let header: string[] = [];
    const rows = await all(csvRows(chunked(text), { onHeader: (columns) => (header = columns) }));
    expect(rows).toHaveLength(1);
    const row = rows[0] as SourceRow;
    expect(Object.entries(row.values)).toEqual([
      ['name', 'Ada'],
      ['__proto__', '{"polluted":true}'],
      ['constructor', 'builder'],
      ['email', 'not-an-email'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Unknown columns: kept in the notes, and named.
    const mapper = new RowMapper('contacts');
    const mapped = mapper.map(row);
    expect(mapped.noteLines).toEqual(['__proto__: {"polluted":true}', 'constructor: builder']);
    expect([...mapper.unknownColumns]).toEqual(['__proto__', 'constructor']);

    // The rejects file has their cells under their columns.
    const file = path.join(makeTempDir('career-rejects-'), 'rejects.csv');
    const rejects = new Rejects(file, () => header);
    await rejects.openFile();
    await rejects.add({ line: 2, reason: 'email is not an email address', values: row.values });
    await rejects.add({ line: 3, reason: 'broken', values: {} });
    await rejects.close();
    expect(readFileSync(file, 'utf8').split('\n')).toEqual([
      'name,__proto__,constructor,email,line,reason',
      'Ada,"{""polluted"":true}",builder,not-an-email,2,email is not an email address',
      ',,,,3,broken',
      '',
    ]);
  });
});

describe('import rejects file', () => {
  it.skipIf(process.platform === 'win32')(
    'is owner-only, also when it was there before with another mode',
    async () => {
      const dir = makeTempDir('career-rejects-mode-');
      const existing = path.join(dir, 'existing.csv');
      writeFileSync(existing, 'old contents\n');
      chmodSync(existing, 0o644);
      const fresh = path.join(dir, 'fresh.csv');
      for (const file of [existing, fresh]) {
        const rejects = new Rejects(file, () => ['name']);
        await rejects.openFile();
        await rejects.add({ line: 2, reason: 'bad', values: { name: 'x' } });
        await rejects.close();
        expect(statSync(file).mode & 0o777, file).toBe(0o600);
        expect(readFileSync(file, 'utf8')).toBe('name,line,reason\nx,2,bad\n');
      }
    },
  );
});
