// One place for how the engine decodes and encodes BSON. Documents are decoded "typed"
// (Int32, Double, Long, Decimal128, BSONRegExp objects kept as such) so that re-encoding a
// decoded document gives back exactly the bytes a client sent.
import { deserialize, serialize, calculateObjectSize, type Document } from 'bson';

const typedOptions = { promoteValues: false, bsonRegExp: true, promoteBuffers: false } as const;

export function decodeTyped(bytes: Uint8Array): Document {
  return deserialize(bytes, typedOptions);
}

export function encode(doc: Document): Buffer {
  return Buffer.from(serialize(doc, { checkKeys: false, ignoreUndefined: false }));
}

/**
 * A stored document sent back exactly as stored, without decoding and re-encoding it: what a
 * find over a whole collection (no filter, projection or sort) puts in its cursor batches.
 */
export class RawDocument {
  constructor(readonly bytes: Buffer) {}
}

export function encodedSize(doc: Document): number {
  return doc instanceof RawDocument ? doc.bytes.length : calculateObjectSize(doc);
}

/** One element's bytes (type, name, value), as serialize writes it inside a document. */
function elementBytes(name: string, value: unknown): Buffer {
  const single = encode({ [name]: value });
  return single.subarray(4, single.length - 1);
}

function documentBytes(elements: Buffer[]): Buffer {
  const size = 4 + elements.reduce((sum, element) => sum + element.length, 0) + 1;
  const header = Buffer.alloc(4);
  header.writeInt32LE(size);
  return Buffer.concat([header, ...elements, Buffer.from([0])], size);
}

const EMBEDDED_DOCUMENT = 0x03;
const ARRAY = 0x04;

/**
 * A cursor batch (a BSON array) with RawDocuments in it, in one allocation: the stored bytes
 * are copied in, never re-encoded.
 */
function batchBytes(batch: Document[]): Buffer {
  const bodies = batch.map((doc) => (doc instanceof RawDocument ? doc.bytes : encode(doc)));
  let size = 4 + 1;
  bodies.forEach((body, index) => {
    size += 1 + String(index).length + 1 + body.length;
  });
  const bytes = Buffer.allocUnsafe(size);
  bytes.writeInt32LE(size, 0);
  let offset = 4;
  bodies.forEach((body, index) => {
    bytes[offset++] = EMBEDDED_DOCUMENT;
    offset += bytes.write(String(index), offset, 'latin1');
    bytes[offset++] = 0;
    offset += body.copy(bytes, offset);
  });
  bytes[offset] = 0;
  return bytes;
}

function rawBatchOf(reply: Document): Document[] | undefined {
  const cursor: unknown = reply.cursor;
  if (typeof cursor !== 'object' || cursor === null) return undefined;
  const batch: unknown =
    (cursor as Document).firstBatch ?? (cursor as Document).nextBatch ?? undefined;
  return Array.isArray(batch) && batch.some((doc) => doc instanceof RawDocument)
    ? (batch as Document[])
    : undefined;
}

/** Encodes a command reply; cursor batches of RawDocuments are assembled from their bytes. */
export function encodeReply(reply: Document): Buffer {
  if (!rawBatchOf(reply)) return encode(reply);
  const cursor = reply.cursor as Document;
  const cursorElements = Object.entries(cursor).map(([name, value]) =>
    (name === 'firstBatch' || name === 'nextBatch') && Array.isArray(value)
      ? Buffer.concat([Buffer.from([ARRAY]), Buffer.from(`${name}\0`), batchBytes(value)])
      : elementBytes(name, value),
  );
  return documentBytes(
    Object.entries(reply).map(([name, value]) =>
      name === 'cursor'
        ? Buffer.concat([
            Buffer.from([EMBEDDED_DOCUMENT]),
            Buffer.from('cursor\0'),
            documentBytes(cursorElements),
          ])
        : elementBytes(name, value),
    ),
  );
}

/**
 * Largest document MongoDB accepts (and the engine reports in hello). The one definition:
 * the app's own checks (src/db/document-limit.ts, the import) take it from here.
 */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
/**
 * Largest command or reply holding one such document: the document plus room for the fields
 * around it (MongoDB's BSONObjMaxInternalSize).
 */
export const MAX_INTERNAL_BSON_SIZE = MAX_BSON_OBJECT_SIZE + 16 * 1024;
/** How deeply MongoDB lets a document nest objects and arrays (the one definition too). */
export const MAX_BSON_NESTING = 100;
/** Largest wire message (hello's maxMessageSizeBytes). */
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;
/** Most writes in one insert/update/delete command (hello's maxWriteBatchSize). */
export const MAX_WRITE_BATCH_SIZE = 100_000;
