// The 16-byte header every MongoDB wire message starts with (all fields little-endian int32).

export const HEADER_SIZE = 16;

export const OpCode = {
  Reply: 1,
  Query: 2004,
  Compressed: 2012,
  Msg: 2013,
} as const;

export interface MessageHeader {
  messageLength: number;
  requestID: number;
  responseTo: number;
  opCode: number;
}

/** Reads a header; the caller guarantees at least HEADER_SIZE bytes from offset. */
export function readHeader(bytes: Buffer, offset = 0): MessageHeader {
  return {
    messageLength: bytes.readInt32LE(offset),
    requestID: bytes.readInt32LE(offset + 4),
    responseTo: bytes.readInt32LE(offset + 8),
    opCode: bytes.readInt32LE(offset + 12),
  };
}

export function writeHeader(target: Buffer, header: MessageHeader, offset = 0): void {
  target.writeInt32LE(header.messageLength, offset);
  target.writeInt32LE(header.requestID, offset + 4);
  target.writeInt32LE(header.responseTo, offset + 8);
  target.writeInt32LE(header.opCode, offset + 12);
}
