// Rows from a stream, one at a time (constant memory, and the stream waits while a batch is
// written): CSV through csv-parse, NDJSON line by line, and JSON arrays element by element.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { restoreCell } from '../csv-cells.js';
import { nestedDeeperThan, TOO_DEEP } from './limits.js';
import type { SourceRow } from './types.js';

/** A problem that ends the reading of a file (broken quoting, broken JSON): reported as a rejection. */
export class BrokenInputError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

function newlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

export interface CsvOptions {
  /** Skips records before the header until one whose first cell is this (normalised). */
  headerStartsWith?: string;
  /** Receives the header once it is read. */
  onHeader(columns: string[]): void;
  /** Cells as written: keep the ' that our exports put before a formula (see csv-cells.ts). */
  raw?: boolean;
}

/**
 * CSV rows as objects keyed by the header's column names. Empty lines are skipped; a
 * record with more cells than the header names the extra ones `column N`. Line numbers
 * are where each record starts (quoted cells may span lines).
 */
export async function* csvRows(input: Readable, options: CsvOptions): AsyncGenerator<SourceRow> {
  const parser = input.pipe(
    parse({
      bom: true,
      // A stray quote inside a cell (5" screen) is kept as text rather than failing the file.
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      raw: true,
    }),
  );
  input.on('error', (error) => parser.destroy(error));
  let line = 1;
  let header: string[] | undefined;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const start = line;
      // raw ends with the record's delimiter, except (a csv-parse quirk) the \n of a \r\n.
      line += newlines(item.raw) + (item.raw.endsWith('\n') ? 0 : 1);
      const cells = options.raw ? item.record : item.record.map(restoreCell);
      // Blank lines, and rows of empty cells (,,,), are nobody's record.
      if (cells.every((cell) => cell.trim() === '')) continue;
      if (!header) {
        const first = (cells[0] ?? '').toLowerCase().replace(/[^a-z]/g, '');
        if (options.headerStartsWith !== undefined && first !== options.headerStartsWith) continue;
        header = cells.map((cell, index) => cell.trim() || `column ${index + 1}`);
        options.onHeader(header);
        continue;
      }
      const values: Record<string, unknown> = {};
      cells.forEach((cell, index) => {
        values[header?.[index] ?? `column ${index + 1}`] = cell;
      });
      yield { line: start, values };
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('CSV_')) {
      throw new BrokenInputError(line, `the CSV cannot be read from here on: ${error.message}`);
    }
    throw error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One JSON object per line; a line that is not one is a row of its own with that reason. */
export async function* ndjsonRows(input: Readable): AsyncGenerator<SourceRow | BrokenRow> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\ufeff/, '') : raw;
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      yield { line, broken: `not valid JSON (${(error as Error).message})`, text };
      continue;
    }
    yield parsedRow(parsed, line, text);
  }
}

/** A line that could not be read as a record (NDJSON): rejected with its text. */
export interface BrokenRow {
  line: number;
  broken: string;
  text: string;
}

export function isBrokenRow(row: SourceRow | BrokenRow): row is BrokenRow {
  return 'broken' in row;
}

/**
 * The elements of a top-level JSON array, parsed one at a time: the file is never held
 * whole, only the element being read. Each element's line is where it starts.
 */
export async function* jsonArrayRows(input: Readable): AsyncGenerator<SourceRow | BrokenRow> {
  input.setEncoding('utf8');
  let line = 1;
  let started = false;
  let ended = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  let elementLine = 0;
  for await (const chunk of input as AsyncIterable<string>) {
    let sliceStart = -1;
    for (let at = 0; at < chunk.length; at++) {
      const char = chunk.charCodeAt(at);
      if (char === 10) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (char === 92) escaped = true;
        else if (char === 34) inString = false;
        continue;
      }
      if (!started) {
        if (char === 91) started = true;
        else if (!(char === 0xfeff || char === 32 || char === 9 || char === 10 || char === 13)) {
          throw new BrokenInputError(
            line,
            'a JSON file must hold an array of records ([{...}, ...])',
          );
        }
        continue;
      }
      if (ended) {
        if (!(char === 32 || char === 9 || char === 10 || char === 13)) {
          throw new BrokenInputError(line, 'unexpected text after the end of the JSON array');
        }
        continue;
      }
      if (depth === 0) {
        if (char === 44 || char === 93) {
          // , or ]: the element (if any) ends here.
          if (sliceStart !== -1) parts.push(chunk.slice(sliceStart, at));
          sliceStart = -1;
          const text = parts.join('').trim();
          parts = [];
          if (text !== '') yield elementRow(text, elementLine);
          else if (char === 44)
            throw new BrokenInputError(line, 'an empty element in the JSON array');
          if (char === 93) ended = true;
          continue;
        }
        if (char === 32 || char === 9 || char === 10 || char === 13) {
          if (sliceStart === -1 && parts.length === 0) continue;
        } else if (sliceStart === -1 && parts.length === 0) {
          elementLine = line;
        }
      }
      if (sliceStart === -1) sliceStart = at;
      if (char === 34) inString = true;
      else if (char === 123 || char === 91) depth++;
      else if (char === 125 || char === 93) depth--;
    }
    if (sliceStart !== -1) parts.push(chunk.slice(sliceStart));
  }
  if (!started)
    throw new BrokenInputError(line, 'a JSON file must hold an array of records ([{...}, ...])');
  if (!ended) throw new BrokenInputError(line, 'the JSON array is not closed: the file ends early');
}

function elementRow(text: string, line: number): SourceRow | BrokenRow {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { line, broken: `not valid JSON (${(error as Error).message})`, text };
  }
  return parsedRow(parsed, line, text);
}

/** A parsed JSON row, or why it is none: not an object, or nested deeper than MongoDB allows. */
function parsedRow(parsed: unknown, line: number, text: string): SourceRow | BrokenRow {
  if (!isRecord(parsed)) return { line, broken: 'not a JSON object', text };
  // Rejected here, whole, before any recursive step (mapping, messages, BSON) meets it.
  if (nestedDeeperThan(parsed)) return { line, broken: TOO_DEEP, text };
  return { line, values: parsed };
}

/** A stream that first gives `head` (already read) and then the rest of `rest`. */
export function prepend(head: Buffer, rest: AsyncIterator<Buffer>): Readable {
  return Readable.from(
    (async function* () {
      if (head.length > 0) yield head;
      for (;;) {
        const next = await rest.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
    { objectMode: false },
  );
}
