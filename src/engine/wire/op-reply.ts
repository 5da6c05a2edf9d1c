// OP_REPLY (opcode 1): the answer to a legacy OP_QUERY, always one document and no cursor.
import { HEADER_SIZE, OpCode, writeHeader } from './header.js';

export const ReplyFlag = {
  /** Set when the single document describes a failed query ($err). */
  QueryFailure: 1 << 1,
} as const;

// responseFlags int32, cursorID int64, startingFrom int32, numberReturned int32.
const REPLY_FIELDS_SIZE = 20;

/** Frames one reply document (already BSON); two buffers so the body is not copied. */
export function frameOpReply(
  requestID: number,
  responseTo: number,
  document: Buffer,
  responseFlags = 0,
): Buffer[] {
  const prefix = Buffer.alloc(HEADER_SIZE + REPLY_FIELDS_SIZE);
  writeHeader(prefix, {
    messageLength: prefix.length + document.length,
    requestID,
    responseTo,
    opCode: OpCode.Reply,
  });
  let offset = HEADER_SIZE;
  offset = prefix.writeInt32LE(responseFlags, offset);
  offset = prefix.writeBigInt64LE(0n, offset); // cursorID: replies never open a cursor
  offset = prefix.writeInt32LE(0, offset); // startingFrom
  prefix.writeInt32LE(1, offset); // numberReturned
  return [prefix, document];
}
