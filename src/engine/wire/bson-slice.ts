// Bounds-checked reads of the BSON pieces inside a wire message. Every failure becomes a
// MongoServerError so the connection can answer it instead of crashing.
import type { Document } from 'bson';
import { decodeTyped } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';

/** Smallest possible BSON document: int32 length + terminating NUL. */
const MIN_DOCUMENT_SIZE = 5;

export function invalidBson(message: string): MongoServerError {
  return new MongoServerError(ErrorCode.InvalidBSON, message);
}

export function protocolError(message: string): MongoServerError {
  return new MongoServerError(ErrorCode.ProtocolError, message);
}

/** A NUL-terminated UTF-8 string starting at offset, which must end before `end`. */
export function readCString(
  bytes: Buffer,
  offset: number,
  end: number,
): { value: string; next: number } {
  const nul = bytes.indexOf(0, offset);
  if (nul < 0 || nul >= end) throw protocolError('unterminated C string in message');
  return { value: bytes.toString('utf8', offset, nul), next: nul + 1 };
}

/** The exact bytes of the BSON document at offset, by its declared length, checked against end. */
export function sliceDocument(bytes: Buffer, offset: number, end: number): Buffer {
  if (end - offset < MIN_DOCUMENT_SIZE) throw invalidBson('BSON document truncated');
  const size = bytes.readInt32LE(offset);
  if (size < MIN_DOCUMENT_SIZE || size > end - offset) {
    throw invalidBson(`invalid BSON document length ${size}`);
  }
  if (bytes[offset + size - 1] !== 0) throw invalidBson('BSON document is not NUL-terminated');
  return bytes.subarray(offset, offset + size);
}

/** Decodes one document's bytes (as sliced by sliceDocument), reporting any flaw as InvalidBSON. */
export function decodeDocument(documentBytes: Buffer): Document {
  try {
    return decodeTyped(documentBytes);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw invalidBson(`invalid BSON: ${reason}`);
  }
}
