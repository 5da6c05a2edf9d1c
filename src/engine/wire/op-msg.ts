// OP_MSG (opcode 2013): parsing requests and framing replies.
// Layout after the header: uint32 flagBits, then sections until the end (or the CRC-32C
// trailer): kind 0 = one body document, kind 1 = int32 size, cstring identifier, documents.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { decodeDocument, protocolError, readCString, sliceDocument } from './bson-slice.js';
import { crc32c } from './crc32c.js';
import { HEADER_SIZE, OpCode, writeHeader } from './header.js';
import type { CommandRequest } from './types.js';

export const OpMsgFlag = {
  ChecksumPresent: 1 << 0,
  MoreToCome: 1 << 1,
  ExhaustAllowed: 1 << 16,
} as const;

/** Bits 0-15 are "required": a receiver that does not know one must reject the message. */
const REQUIRED_BITS_MASK = 0xffff;
const KNOWN_REQUIRED_BITS = OpMsgFlag.ChecksumPresent | OpMsgFlag.MoreToCome;

const FLAGS_SIZE = 4;
const CHECKSUM_SIZE = 4;
const SectionKind = { Body: 0, DocumentSequence: 1 } as const;

// MongoDB's own assertion codes for these OP_MSG shape errors.
const MULTIPLE_BODIES = 40430;
const DUPLICATE_SEQUENCE = 40431;
const UNKNOWN_SECTION_KIND = 40432;
const DUPLICATE_FIELD = 40413;
const MISSING_BODY = 40587;

export interface OpMsgRequest extends CommandRequest {
  flags: number;
}

/**
 * The flag bits, if the message is long enough to have them; read before full parsing so a
 * failed moreToCome message still gets no reply.
 */
export function peekOpMsgFlags(message: Buffer): number | undefined {
  return message.length >= HEADER_SIZE + FLAGS_SIZE ? message.readUInt32LE(HEADER_SIZE) : undefined;
}

/** Parses a whole OP_MSG (header included). Throws MongoServerError on any flaw. */
export function parseOpMsg(message: Buffer): OpMsgRequest {
  const flags = peekOpMsgFlags(message);
  if (flags === undefined) throw protocolError('OP_MSG is too short to hold its flag bits');

  const unknownRequired = flags & REQUIRED_BITS_MASK & ~KNOWN_REQUIRED_BITS;
  if (unknownRequired !== 0) {
    throw new MongoServerError(
      ErrorCode.IllegalOpMsgFlag,
      `Message contains illegal flags value: 0x${unknownRequired.toString(16)}`,
    );
  }

  let sectionsEnd = message.length;
  if (flags & OpMsgFlag.ChecksumPresent) {
    if (message.length < HEADER_SIZE + FLAGS_SIZE + CHECKSUM_SIZE) {
      throw protocolError('OP_MSG is too short to hold its checksum');
    }
    sectionsEnd -= CHECKSUM_SIZE;
    const expected = message.readUInt32LE(sectionsEnd);
    if (crc32c(message.subarray(0, sectionsEnd)) !== expected) {
      throw new MongoServerError(
        ErrorCode.ChecksumMismatch,
        'OP_MSG checksum does not match contents',
      );
    }
  }

  let body: Document | undefined;
  const rawSequences = new Map<string, Buffer[]>();
  let offset = HEADER_SIZE + FLAGS_SIZE;

  while (offset < sectionsEnd) {
    const kind = message[offset];
    offset += 1;
    if (kind === SectionKind.Body) {
      if (body !== undefined) {
        throw new MongoServerError(MULTIPLE_BODIES, 'OP_MSG contains multiple body sections');
      }
      const bodyBytes = sliceDocument(message, offset, sectionsEnd);
      body = decodeDocument(bodyBytes);
      offset += bodyBytes.length;
    } else if (kind === SectionKind.DocumentSequence) {
      const { identifier, raw, next } = readSequence(message, offset, sectionsEnd);
      if (rawSequences.has(identifier)) {
        throw new MongoServerError(
          DUPLICATE_SEQUENCE,
          `Duplicate document sequence: ${identifier}`,
        );
      }
      rawSequences.set(identifier, raw);
      offset = next;
    } else {
      throw new MongoServerError(UNKNOWN_SECTION_KIND, `Unknown OP_MSG section kind ${kind}`);
    }
  }

  if (body === undefined)
    throw new MongoServerError(MISSING_BODY, 'OP_MSG requires a body section');

  for (const [identifier, raw] of rawSequences) {
    if (Object.hasOwn(body, identifier)) {
      throw new MongoServerError(DUPLICATE_FIELD, `Duplicate field name: ${identifier}`);
    }
    defineLazySequence(body, identifier, raw);
  }

  return {
    db: databaseOf(body),
    command: body,
    rawSequences,
    moreToCome: (flags & OpMsgFlag.MoreToCome) !== 0,
    legacy: false,
    flags,
  };
}

function readSequence(
  message: Buffer,
  offset: number,
  sectionsEnd: number,
): { identifier: string; raw: Buffer[]; next: number } {
  if (sectionsEnd - offset < 4) throw protocolError('document sequence section is truncated');
  const size = message.readInt32LE(offset);
  // At least the size itself and the identifier's terminating NUL.
  if (size < 5 || size > sectionsEnd - offset) {
    throw protocolError(`invalid document sequence size ${size}`);
  }
  const sequenceEnd = offset + size;
  const { value: identifier, next } = readCString(message, offset + 4, sequenceEnd);
  const raw: Buffer[] = [];
  let position = next;
  while (position < sequenceEnd) {
    const documentBytes = sliceDocument(message, position, sequenceEnd);
    raw.push(documentBytes);
    position += documentBytes.length;
  }
  return { identifier, raw, next: sequenceEnd };
}

/**
 * Puts a document sequence into the command as an array decoded on first access: an insert
 * can store the raw bytes without ever building the objects. A malformed document then
 * surfaces as InvalidBSON from the handler that reads it.
 */
function defineLazySequence(body: Document, identifier: string, raw: Buffer[]): void {
  Object.defineProperty(body, identifier, {
    enumerable: true,
    configurable: true,
    get(): Document[] {
      const documents = raw.map(decodeDocument);
      Object.defineProperty(body, identifier, {
        value: documents,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return documents;
    },
  });
}

function databaseOf(body: Document): string {
  const db: unknown = body.$db;
  if (db === undefined) return 'admin';
  if (typeof db !== 'string') {
    throw new MongoServerError(ErrorCode.TypeMismatch, '$db must be a string');
  }
  return db;
}

/**
 * Frames a reply body (already BSON) as an OP_MSG with one kind-0 section. Returned as two
 * buffers so a large body is written as is rather than copied.
 */
export function frameOpMsgReply(requestID: number, responseTo: number, body: Buffer): Buffer[] {
  const prefix = Buffer.allocUnsafe(HEADER_SIZE + FLAGS_SIZE + 1);
  writeHeader(prefix, {
    messageLength: prefix.length + body.length,
    requestID,
    responseTo,
    opCode: OpCode.Msg,
  });
  prefix.writeUInt32LE(0, HEADER_SIZE);
  prefix[HEADER_SIZE + FLAGS_SIZE] = SectionKind.Body;
  return [prefix, body];
}
