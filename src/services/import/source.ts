// Opening an import: the file (or stdin), its format (from the flag, else the extension,
// else the first bytes) and, for LinkedIn's own exports, the type they imply. All of it
// happens before the database is opened, so a usage error never leaves anything written.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { matchChoice } from '../../domain/choices.js';
import { UsageError } from '../../domain/errors.js';
import { FieldError } from '../../domain/field-error.js';
import { field, Phrase, say, step, type PhrasePart } from '../../domain/phrases.js';
import { csvRows, jsonArrayRows, ndjsonRows, prepend, type BrokenRow } from './readers.js';
import {
  IMPORT_FORMATS,
  IMPORT_TYPES,
  type ImportFormat,
  type ImportType,
  type LinkedInFormat,
  type SourceRow,
} from './types.js';

/** "--type a or --type b": the type flag once per type a file may be imported as. */
function alternatives(types: readonly string[]): Phrase {
  const parts: PhrasePart[] = [];
  types.forEach((type, index) => {
    if (index > 0) parts.push(' or ');
    parts.push(field('type'), ` ${type}`);
  });
  return new Phrase(parts);
}

export interface ImportInput {
  /** A file path, or '-' for stdin. */
  file: string;
  type?: string;
  format?: string;
  /** CSV cells as written, and --rejects cells written as they are (see csv-cells.ts). */
  raw?: boolean;
  /** What '-' reads: the command's standard input. */
  stdin?: Readable;
}

export interface OpenedImport {
  type: ImportType;
  format: ImportFormat;
  /** The rows, read as they are consumed. */
  rows: AsyncIterable<SourceRow | BrokenRow>;
  /** The CSV header, once read (the rejects file repeats it). */
  columns(): string[] | undefined;
  /** Cells are taken, and rejected rows written, without the formula quoting. */
  raw: boolean;
  bytesRead(): number;
  /** The file's size in bytes (undefined for stdin). */
  size: number | undefined;
}

// What LinkedIn's exports start their header with (normalised: letters only, lower case).
const LINKEDIN_HEADERS: Record<LinkedInFormat, { header: RegExp; firstCell: string }> = {
  'linkedin-connections': {
    header: /^first name,last name,url,email address,company,position,connected on/im,
    firstCell: 'firstname',
  },
  'linkedin-applications': {
    header: /^application date,contact email,contact phone number,company name,job title/im,
    firstCell: 'applicationdate',
  },
};

const IMPLIED_TYPE: Record<LinkedInFormat, ImportType> = {
  'linkedin-connections': 'connections',
  'linkedin-applications': 'applications',
};

// The types each LinkedIn export can fill.
const LINKEDIN_TYPES: Record<LinkedInFormat, readonly ImportType[]> = {
  'linkedin-connections': ['connections', 'contacts'],
  'linkedin-applications': ['applications', 'jobs'],
};

/** Enough of the start of a file to see its format and header (LinkedIn puts notes first). */
const HEAD_BYTES = 64 * 1024;

function formatFromExtension(file: string): ImportFormat | undefined {
  switch (path.extname(file).toLowerCase()) {
    case '.csv':
      return 'csv';
    case '.json':
      return 'json';
    case '.ndjson':
    case '.jsonl':
      return 'ndjson';
    default:
      return undefined;
  }
}

function linkedInFormatOf(head: string): LinkedInFormat | undefined {
  const text = head.replace(/^\ufeff/, '').replace(/"/g, '');
  for (const [format, { header }] of Object.entries(LINKEDIN_HEADERS)) {
    if (header.test(text)) return format as LinkedInFormat;
  }
  return undefined;
}

function isLinkedIn(format: ImportFormat): format is LinkedInFormat {
  return format === 'linkedin-connections' || format === 'linkedin-applications';
}

async function openStream(
  file: string,
  stdin: Readable | undefined,
): Promise<{ stream: Readable; size: number | undefined }> {
  if (file === '-') {
    if (stdin === undefined) throw new UsageError('no standard input to read the rows from');
    return { stream: stdin, size: undefined };
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`${file} is not a file`);
    const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return { stream, size: info.size };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(error);
    throw new UsageError(`cannot read ${file}: ${reason}`, {
      hint: 'give the path of a CSV, JSON or NDJSON file, or - to read stdin',
    });
  }
}

export async function openImport(input: ImportInput): Promise<OpenedImport> {
  const requestedType =
    input.type === undefined ? undefined : matchChoice(input.type, IMPORT_TYPES, 'type');
  const format =
    input.format === undefined ? undefined : matchChoice(input.format, IMPORT_FORMATS, 'format');
  const { stream, size } = await openStream(input.file, input.stdin);
  try {
    return await readStart(input, stream, size, requestedType, format);
  } catch (error) {
    stream.destroy();
    throw error;
  }
}

async function readStart(
  input: ImportInput,
  stream: Readable,
  size: number | undefined,
  requestedType: ImportType | undefined,
  requestedFormat: ImportFormat | undefined,
): Promise<OpenedImport> {
  let format = requestedFormat;

  let bytes = 0;
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const counted: AsyncIterator<Buffer> = {
    next: async () => {
      const next = await chunks.next();
      if (next.done) return { done: true, value: undefined };
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      bytes += chunk.length;
      return { done: false, value: chunk };
    },
  };
  const headChunks: Buffer[] = [];
  let headLength = 0;
  while (headLength < HEAD_BYTES) {
    const next = await counted.next();
    if (next.done) break;
    headChunks.push(next.value);
    headLength += next.value.length;
  }
  const head = Buffer.concat(headChunks);
  const headText = head.toString('utf8');

  const linkedIn = linkedInFormatOf(headText);
  if (format === undefined) {
    format = linkedIn ?? formatFromExtension(input.file);
    if (format === undefined) {
      const first = headText.replace(/^\ufeff/, '').trimStart()[0];
      format = first === '[' ? 'json' : first === '{' ? 'ndjson' : 'csv';
    }
  } else if (format === 'csv' && linkedIn) {
    format = linkedIn;
  }

  let type = requestedType;
  if (isLinkedIn(format)) {
    type ??= IMPLIED_TYPE[format];
    if (!LINKEDIN_TYPES[format].includes(type)) {
      throw new UsageError(`a ${format} file cannot be imported as ${type}`, {
        hint: say`use ${alternatives(LINKEDIN_TYPES[format])}`,
      });
    }
  }
  if (type === undefined) {
    throw new FieldError(
      { field: 'type', problem: 'missing', detail: 'what the file holds' },
      { hint: say`${step('this-command', input.file)} ${field('type')} ${IMPORT_TYPES.join('|')}` },
    );
  }

  const body = prepend(head, counted);
  const raw = input.raw === true;
  let columns: string[] | undefined;
  let rows: AsyncIterable<SourceRow | BrokenRow>;
  if (format === 'json') rows = jsonArrayRows(body);
  else if (format === 'ndjson') rows = ndjsonRows(body);
  else {
    rows = csvRows(body, {
      ...(isLinkedIn(format) ? { headerStartsWith: LINKEDIN_HEADERS[format].firstCell } : {}),
      onHeader: (header) => (columns = header),
      raw,
    });
  }
  return { type, format, rows, columns: () => columns, raw, bytesRead: () => bytes, size };
}
