// Rows from a stream, one at a time (constant memory, and the stream waits while a batch is
// written): CSV through csv-parse, NDJSON line by line, and JSON arrays element by element.
// No row is read whole past MAX_ROW_BYTES (see limits.ts): a longer NDJSON line or JSON
// element is rejected as a row and reading goes on; a longer CSV record ends the reading (a
// CSV record can span lines, so there is no telling where the next one starts).
import { Readable } from 'node:stream';
import { parse, type Options } from 'csv-parse';
import { restoreCell } from '../csv-cells.js';
import { nestedDeeperThan } from '../../db/document-limit.js';
import { MAX_ROW_BYTES, TOO_DEEP, tooLong } from './limits.js';
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

/** What a reader reads of one row at most. */
export interface RowLimits {
  /** The longest line, record or element read (MAX_ROW_BYTES unless a test gives less). */
  maxRowBytes?: number;
}

export interface CsvOptions extends RowLimits {
  /** Skips records before the header until one whose first cell is this (normalised). */
  headerStartsWith?: string;
  /** Receives the header once it is read. */
  onHeader(columns: string[]): void;
  /** Cells as written: keep the ' that our exports put before a formula (see csv-cells.ts). */
  raw?: boolean;
}

interface CsvRecord {
  record: string[];
  raw: string;
}

/**
 * The records of a CSV stream, as csv-parse reads them, fed one chunk at a time: a chunk's
 * records are handed over before the next chunk is read (memory stays one chunk's worth), and
 * every record read before a parse error is handed over before the error (a parser stream
 * drops the records it holds when it fails: rows before the bad one would be lost unsaid).
 */
async function* csvRecords(input: Readable, options: Options): AsyncGenerator<CsvRecord> {
  const parsed: CsvRecord[] = [];
  const parser = parse({
    ...options,
    // With `raw`, each record comes as { record, raw }.
    on_record: (record: unknown) => {
      parsed.push(record as CsvRecord);
      return null;
    },
  });
  // Reported from `errored` (set as it fails) instead.
  parser.on('error', () => undefined);
  for await (const chunk of input as AsyncIterable<Buffer>) {
    parser.write(chunk);
    yield* parsed.splice(0);
    if (parser.errored) throw parser.errored;
  }
  await new Promise<void>((resolve) => parser.end(() => resolve()));
  yield* parsed.splice(0);
  if (parser.errored) throw parser.errored;
}

/**
 * CSV rows as objects keyed by the header's column names (objects without a prototype, so
 * no column name can reach one). Empty lines are skipped; a
 * record with more cells than the header names the extra ones `column N`. Line numbers
 * are where each record starts (quoted cells may span lines).
 */
export async function* csvRows(input: Readable, options: CsvOptions): AsyncGenerator<SourceRow> {
  const maxRowBytes = options.maxRowBytes ?? MAX_ROW_BYTES;
  const records = csvRecords(input, {
    bom: true,
    // A stray quote inside a cell (5" screen) is kept as text rather than failing the file.
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    raw: true,
    // Counted by csv-parse as the record's cells are read (text, or bytes for the last one).
    max_record_size: maxRowBytes,
  });
  let line = 1;
  let header: string[] | undefined;
  try {
    for await (const item of records) {
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
      // No prototype: a column named __proto__ (or constructor) is a column like any other.
      const values = Object.create(null) as Record<string, unknown>;
      cells.forEach((cell, index) => {
        values[header?.[index] ?? `column ${index + 1}`] = cell;
      });
      yield { line: start, values };
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'CSV_MAX_RECORD_SIZE') {
      throw new BrokenInputError(
        line,
        `the CSV cannot be read from here on: the record starting here is ${tooLong(maxRowBytes)} (is a quote left open?)`,
      );
    }
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('CSV_')) {
      throw new BrokenInputError(line, `the CSV cannot be read from here on: ${error.message}`);
    }
    throw error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How much of a row too long to read is kept for the rejects file, to tell which it was. */
const TOO_LONG_SHOWN = 200;

/** A row too long to read: only its start is kept. */
interface TooLongRow {
  start: string;
}

/** The bytes of the row being read, kept up to `max`; past it only the row's start is. */
class RowBuffer {
  private parts: Buffer[] = [];
  private length = 0;
  private tooLong = false;

  constructor(readonly max: number) {}

  add(piece: Buffer): void {
    if (piece.length === 0) return;
    if (!this.tooLong && this.length + piece.length > this.max) {
      // Past the limit: from now on only what is still missing of its start is kept.
      this.tooLong = true;
      const start: Buffer[] = [];
      let size = 0;
      for (const part of this.parts) {
        if (size >= TOO_LONG_SHOWN) break;
        const kept = part.subarray(0, TOO_LONG_SHOWN - size);
        start.push(kept);
        size += kept.length;
      }
      this.parts = start;
      this.length = size;
    }
    const wanted = this.tooLong ? TOO_LONG_SHOWN - this.length : piece.length;
    if (wanted <= 0) return;
    const kept = piece.subarray(0, wanted);
    this.parts.push(kept);
    this.length += kept.length;
  }

  /** The row's text (or its start, when too long), emptying the buffer for the next row. */
  take(): string | TooLongRow {
    const text = Buffer.concat(this.parts, this.length).toString('utf8');
    const row = this.tooLong ? { start: `${text}…` } : text;
    this.parts = [];
    this.length = 0;
    this.tooLong = false;
    return row;
  }

  get empty(): boolean {
    return this.length === 0 && !this.tooLong;
  }
}

/**
 * The lines of a stream, split at \n, \r\n or \r (as readline splits them), as text; a line
 * longer than `max` bytes is not kept past its start: its other bytes are skipped up to the
 * next line break, so memory stays bounded whatever the line's length.
 */
async function* boundedLines(
  input: AsyncIterable<Buffer | string>,
  max: number,
): AsyncGenerator<string | TooLongRow> {
  const row = new RowBuffer(max);
  // The last chunk ended with \r: a \n starting this one belongs to that line break.
  let afterCr = false;
  for await (const item of input) {
    const chunk = typeof item === 'string' ? Buffer.from(item) : item;
    let start = afterCr && chunk[0] === 10 ? 1 : 0;
    afterCr = false;
    // The next \n and \r at or after `start` (-1: none left in this chunk), each searched
    // for again only once passed, so a chunk is scanned once whatever its number of lines.
    let lf = chunk.indexOf(10, start);
    let cr = chunk.indexOf(13, start);
    while (start < chunk.length) {
      if (lf !== -1 && lf < start) lf = chunk.indexOf(10, start);
      if (cr !== -1 && cr < start) cr = chunk.indexOf(13, start);
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (end === -1) {
        row.add(chunk.subarray(start));
        break;
      }
      row.add(chunk.subarray(start, end));
      yield row.take();
      start = end + 1;
      if (chunk[end] === 13) {
        if (start === chunk.length) afterCr = true;
        else if (chunk[start] === 10) start++;
      }
    }
  }
  if (!row.empty) yield row.take();
}

/**
 * One JSON object per line; a line that is not one is a row of its own with that reason, and
 * so is a line longer than the limit (only its start is read).
 */
export async function* ndjsonRows(
  input: Readable,
  limits: RowLimits = {},
): AsyncGenerator<SourceRow | BrokenRow> {
  const max = limits.maxRowBytes ?? MAX_ROW_BYTES;
  let line = 0;
  for await (const raw of boundedLines(input, max)) {
    line++;
    if (typeof raw !== 'string') {
      yield { line, broken: tooLong(max), text: raw.start };
      continue;
    }
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

const isSpace = (byte: number | undefined) =>
  byte === 32 || byte === 9 || byte === 10 || byte === 13;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * The elements of a top-level JSON array, parsed one at a time: the file is never held
 * whole, only the element being read (its bytes: the JSON syntax is all ASCII, which UTF-8
 * never uses inside a character). Each element's line is where it starts. An element longer
 * than the limit is a row of its own with that reason: only its start is kept, the rest is
 * scanned for its end and dropped.
 */
export async function* jsonArrayRows(
  input: Readable,
  limits: RowLimits = {},
): AsyncGenerator<SourceRow | BrokenRow> {
  const max = limits.maxRowBytes ?? MAX_ROW_BYTES;
  let line = 1;
  // Bytes before this chunk (a BOM is only one at the very start).
  let offset = 0;
  let started = false;
  let ended = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let inElement = false;
  let elementLine = 0;
  const element = new RowBuffer(max);
  for await (const item of input as AsyncIterable<Buffer | string>) {
    const chunk = typeof item === 'string' ? Buffer.from(item) : item;
    // Where this chunk's part of the element being read starts (-1: none yet).
    let sliceStart = inElement ? 0 : -1;
    for (let at = 0; at < chunk.length; at++) {
      const byte = chunk[at] as number;
      if (byte === 10) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === 92) escaped = true;
        else if (byte === 34) inString = false;
        continue;
      }
      if (!started) {
        if (byte === 91) started = true;
        else if (!(isSpace(byte) || BOM[offset + at] === byte)) {
          throw new BrokenInputError(
            line,
            'a JSON file must hold an array of records ([{...}, ...])',
          );
        }
        continue;
      }
      if (ended) {
        if (!isSpace(byte)) {
          throw new BrokenInputError(line, 'unexpected text after the end of the JSON array');
        }
        continue;
      }
      if (depth === 0) {
        if (byte === 44 || byte === 93) {
          // , or ]: the element (if any) ends here.
          if (inElement) {
            element.add(chunk.subarray(sliceStart, at));
            const text = element.take();
            yield typeof text === 'string'
              ? elementRow(text.trim(), elementLine)
              : { line: elementLine, broken: tooLong(max), text: text.start };
          } else if (byte === 44) {
            throw new BrokenInputError(line, 'an empty element in the JSON array');
          }
          inElement = false;
          sliceStart = -1;
          if (byte === 93) ended = true;
          continue;
        }
        if (!inElement) {
          if (isSpace(byte)) continue;
          inElement = true;
          elementLine = line;
          sliceStart = at;
        }
      }
      if (byte === 34) inString = true;
      else if (byte === 123 || byte === 91) depth++;
      else if (byte === 125 || byte === 93) depth--;
    }
    if (inElement) element.add(chunk.subarray(sliceStart));
    offset += chunk.length;
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
