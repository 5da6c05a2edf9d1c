// A walk over a BSON document's bytes that checks its structure and finds its _id without
// decoding the rest. Inserts use it so the common case (a client-supplied _id, no secondary
// index) stores the client's bytes without building a JavaScript object per document.
import { isUtf8 } from 'node:buffer';
import { deserialize, ObjectId } from 'bson';
import { MAX_BSON_NESTING } from './codec.js';
import { ErrorCode, MongoServerError } from './errors.js';

export interface DocumentOutline {
  /** The decoded _id (typed, as decodeTyped would give it), when the document has one. */
  id: unknown;
  hasId: boolean;
  /** Whether _id is the first field, where MongoDB stores it. */
  idFirst: boolean;
}

const OBJECT_ID_TYPE = 0x07;
const OLD_BINARY_SUBTYPE = 0x02;
/** The regular expression flags BSON allows: i, l, m, s, u, x. */
const REGEX_OPTIONS = new Set([...'ilmsux'].map((flag) => flag.charCodeAt(0)));
const UNDERSCORE = 0x5f;
const LETTER_I = 0x69;
const LETTER_D = 0x64;

function isIdName(bytes: Buffer, start: number, end: number): boolean {
  return (
    end - start === 3 &&
    bytes[start] === UNDERSCORE &&
    bytes[start + 1] === LETTER_I &&
    bytes[start + 2] === LETTER_D
  );
}

/** UTF-8 check that stays in JavaScript for the common all-ASCII case. */
function isValidUtf8(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if ((bytes[i] as number) >= 0x80) return isUtf8(bytes.subarray(start, end));
  }
  return true;
}

function invalid(message: string): MongoServerError {
  return new MongoServerError(ErrorCode.InvalidBSON, `invalid BSON: ${message}`);
}

/** Checks the whole document and returns its _id; throws InvalidBSON on any structural flaw. */
export function outlineDocument(bytes: Buffer): DocumentOutline {
  let idStart = -1;
  let idEnd = -1;
  const end = walkDocument(bytes, 0, 0, (nameStart, nameEnd, elementStart, elementEnd) => {
    if (idStart < 0 && isIdName(bytes, nameStart, nameEnd)) {
      idStart = elementStart;
      idEnd = elementEnd;
    }
  });
  if (end !== bytes.length) throw invalid('trailing bytes after the document');
  if (idStart < 0) return { id: undefined, hasId: false, idFirst: false };
  // The first element starts right after the document's 4-byte length.
  const idFirst = idStart === 4;
  if (bytes[idStart] === OBJECT_ID_TYPE) {
    // The usual _id: build the ObjectId straight from its 12 bytes.
    return {
      id: new ObjectId(Uint8Array.prototype.slice.call(bytes, idEnd - 12, idEnd)),
      hasId: true,
      idFirst,
    };
  }
  // Decode just the _id element, wrapped as a one-field document.
  const single = Buffer.alloc(idEnd - idStart + 5);
  single.writeInt32LE(single.length, 0);
  bytes.copy(single, 4, idStart, idEnd);
  const decoded = deserialize(single, { promoteValues: false, bsonRegExp: true });
  return { id: decoded._id, hasId: true, idFirst };
}

type ElementVisitor = (
  nameStart: number,
  nameEnd: number,
  elementStart: number,
  elementEnd: number,
) => void;

function readInt32(bytes: Buffer, offset: number, end: number): number {
  if (offset + 4 > end) throw invalid('truncated length');
  return bytes.readInt32LE(offset);
}

function cstringEnd(bytes: Buffer, offset: number, end: number): number {
  const nul = bytes.indexOf(0, offset);
  if (nul < 0 || nul >= end) throw invalid('unterminated field name');
  if (!isValidUtf8(bytes, offset, nul)) throw invalid('field name is not valid UTF-8');
  return nul;
}

/** A length-prefixed UTF-8 string's end (exclusive), checking its terminator and encoding. */
function stringEnd(bytes: Buffer, offset: number, end: number): number {
  const length = readInt32(bytes, offset, end);
  const stop = offset + 4 + length;
  if (length < 1 || stop > end) throw invalid('bad string length');
  if (bytes[stop - 1] !== 0) throw invalid('string is not NUL-terminated');
  if (!isValidUtf8(bytes, offset + 4, stop - 1)) throw invalid('string is not valid UTF-8');
  return stop;
}

/** Walks the document at offset; returns its end. Visits top-level elements only when asked. */
function walkDocument(
  bytes: Buffer,
  offset: number,
  depth: number,
  visit?: ElementVisitor,
): number {
  if (depth > MAX_BSON_NESTING) throw invalid('nesting too deep');
  const size = readInt32(bytes, offset, bytes.length);
  const end = offset + size;
  if (size < 5 || end > bytes.length) throw invalid('bad document length');
  if (bytes[end - 1] !== 0) throw invalid('document is not NUL-terminated');
  let position = offset + 4;
  while (position < end - 1) {
    const type = bytes[position] as number;
    const nameStart = position + 1;
    const nameEnd = cstringEnd(bytes, nameStart, end - 1);
    const valueStart = nameEnd + 1;
    const valueEnd = valueEndOf(type, bytes, valueStart, end - 1, depth);
    visit?.(nameStart, nameEnd, position, valueEnd);
    position = valueEnd;
  }
  if (position !== end - 1) throw invalid('element overruns its document');
  return end;
}

function fixed(offset: number, size: number, end: number): number {
  if (offset + size > end) throw invalid('truncated value');
  return offset + size;
}

function valueEndOf(
  type: number,
  bytes: Buffer,
  offset: number,
  end: number,
  depth: number,
): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // UTC datetime
    case 0x11: // timestamp
    case 0x12: // int64
      return fixed(offset, 8, end);
    case 0x02: // string
    case 0x0d: // JavaScript code
    case 0x0e: // symbol
      return stringEnd(bytes, offset, end);
    case 0x03: // document
    case 0x04: {
      // array
      const stop = walkDocument(bytes, offset, depth + 1);
      if (stop > end) throw invalid('embedded document overruns its parent');
      return stop;
    }
    case 0x05: {
      // binary: length, subtype, bytes
      const length = readInt32(bytes, offset, end);
      if (length < 0) throw invalid('bad binary length');
      const stop = fixed(offset, 5 + length, end);
      // The old binary subtype 2 repeats the length inside the payload.
      if (
        bytes[offset + 4] === OLD_BINARY_SUBTYPE &&
        (length < 4 || readInt32(bytes, offset + 5, stop) !== length - 4)
      ) {
        throw invalid('bad length inside old binary subtype');
      }
      return stop;
    }
    case 0x06: // undefined
    case 0x0a: // null
    case 0x7f: // max key
    case 0xff: // min key
      return offset;
    case 0x07: // ObjectId
      return fixed(offset, 12, end);
    case 0x08: // boolean
      if (offset >= end || (bytes[offset] !== 0 && bytes[offset] !== 1))
        throw invalid('bad boolean');
      return offset + 1;
    case 0x0b: {
      // regex: pattern and options, two C strings
      const patternEnd = cstringEnd(bytes, offset, end);
      const optionsEnd = cstringEnd(bytes, patternEnd + 1, end);
      for (let i = patternEnd + 1; i < optionsEnd; i++) {
        if (!REGEX_OPTIONS.has(bytes[i] as number))
          throw invalid('unsupported regular expression option');
      }
      return optionsEnd + 1;
    }
    case 0x0c: // DBPointer: string then ObjectId
      return fixed(stringEnd(bytes, offset, end), 12, end);
    case 0x0f: {
      // code with scope: total length, string, document
      const total = readInt32(bytes, offset, end);
      const stop = offset + total;
      if (total < 14 || stop > end) throw invalid('bad code-with-scope length');
      const scopeStart = stringEnd(bytes, offset + 4, stop);
      if (walkDocument(bytes, scopeStart, depth + 1) !== stop) throw invalid('bad code-with-scope');
      return stop;
    }
    case 0x10: // int32
      return fixed(offset, 4, end);
    case 0x13: // decimal128
      return fixed(offset, 16, end);
    default:
      throw invalid(`unknown element type 0x${type.toString(16)}`);
  }
}
