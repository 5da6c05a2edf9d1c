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

export function encodedSize(doc: Document): number {
  return calculateObjectSize(doc);
}

/** Largest document MongoDB accepts (and the engine reports in hello). */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
/** Largest wire message (hello's maxMessageSizeBytes). */
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;
/** Most writes in one insert/update/delete command (hello's maxWriteBatchSize). */
export const MAX_WRITE_BATCH_SIZE = 100_000;
