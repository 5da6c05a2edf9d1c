// What a career archive may hold at most. Every bound is checked before the thing it bounds is
// allocated or acted on (the manifest's bytes before JSON.parse, its collections before any
// staging collection exists), so a hostile archive costs a bounded amount of memory and time.
// The figures are far above what career writes (nine collections, at most eight indexes each).
import { MAX_DOCUMENT_BYTES, MAX_NESTING } from '../document-limit.js';

/** manifest.json's size: career's own are a few KB. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Collections in one archive (in the manifest, and distinct ones among the entries). */
export const MAX_COLLECTIONS = 100;
/** Indexes of one collection: MongoDB's own limit. */
export const MAX_INDEXES_PER_COLLECTION = 64;
/** Fields in one index key: MongoDB's limit for a compound index. */
export const MAX_INDEX_FIELDS = 32;
/**
 * Levels of objects and arrays in one index spec (the spec itself is the first), checked
 * before it is decoded: a partial filter is a few levels deep, and deeper ones would overflow
 * the stack of the code that decodes and compares them. MongoDB's own limit for documents.
 */
export const MAX_INDEX_NESTING = MAX_NESTING;
/**
 * A collection name's UTF-8 bytes. MongoDB allows 255 for `database.collection`, and a restore
 * adds its staging prefix (`career-restore.<8 hex>.`, 24 bytes) to the name; database names have up to 63.
 */
export const MAX_COLLECTION_NAME_BYTES = 120;
export { MAX_DOCUMENT_BYTES };
