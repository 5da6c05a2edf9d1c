// What MongoDB can store of one row: documents nested at most 100 levels deep and at most
// 16 MB. A row past either is rejected as a row, with its line and the reason, before it can
// overflow the stack of a recursive step (JSON.stringify, String(), BSON) or fail the batch.
// And what the import reads of one row at all: a line (or record, or array element) past
// MAX_ROW_BYTES is rejected unread, before it costs its size in memory or passes V8's limit
// on the length of a string (which would end the whole import).
import { MAX_DOCUMENT_BYTES, MAX_NESTING, sizeOverLimit } from '../../db/document-limit.js';

/** Room for what is added after the check: the userId the repository sets (type, name, id). */
const ADDED_LATER_BYTES = 64;

/**
 * The longest NDJSON line, CSV record or JSON array element an import reads: 32 MiB, twice
 * the largest record MongoDB stores (room for the quoting and escapes of its spelling).
 */
export const MAX_ROW_BYTES = 2 * MAX_DOCUMENT_BYTES;

/** Why a row past `limit` bytes is rejected unread. */
export function tooLong(limit: number): string {
  return `too long to read (over ${limit.toLocaleString('en-US')} bytes)`;
}

export const TOO_DEEP = `nested too deeply (over ${MAX_NESTING} levels)`;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why a record cannot be stored as one MongoDB document, or undefined when it can. */
export function storageProblem(record: Record<string, unknown>): string | undefined {
  let bytes: number | undefined;
  try {
    bytes = sizeOverLimit(record, ADDED_LATER_BYTES);
  } catch (error) {
    return `cannot be stored: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (bytes === undefined) return undefined;
  return `larger than MongoDB's 16 MB limit for one record (${megabytes(bytes)})`;
}
