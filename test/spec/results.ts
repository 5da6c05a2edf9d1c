// Converts the driver's result classes into the plain shapes the CRUD spec's tests assert on.
import type {
  BulkWriteResult,
  ClientBulkWriteResult,
  DeleteResult,
  InsertManyResult,
  InsertOneResult,
  UpdateResult,
} from 'mongodb';
import type { Document } from './values.js';

export function insertOneResult(result: InsertOneResult<Document>): Document {
  return { acknowledged: result.acknowledged, insertedId: result.insertedId };
}

export function insertManyResult(result: InsertManyResult<Document>): Document {
  return {
    acknowledged: result.acknowledged,
    insertedCount: result.insertedCount,
    insertedIds: indexMap(result.insertedIds),
  };
}

export function updateResult(result: UpdateResult<Document>): Document {
  const shaped: Document = {
    acknowledged: result.acknowledged,
    matchedCount: result.matchedCount,
    modifiedCount: result.modifiedCount,
    upsertedCount: result.upsertedCount,
  };
  // The driver reports "no upsert" as null; the spec models it as an absent field.
  if (result.upsertedId != null) shaped.upsertedId = result.upsertedId;
  return shaped;
}

export function deleteResult(result: DeleteResult): Document {
  return { acknowledged: result.acknowledged, deletedCount: result.deletedCount };
}

/** `acknowledged` comes from the write concern: the driver's BulkWriteResult does not record it. */
export function bulkWriteResult(result: BulkWriteResult, acknowledged: boolean): Document {
  return {
    acknowledged,
    insertedCount: result.insertedCount,
    matchedCount: result.matchedCount,
    modifiedCount: result.modifiedCount,
    deletedCount: result.deletedCount,
    upsertedCount: result.upsertedCount,
    insertedIds: indexMap(result.insertedIds),
    upsertedIds: indexMap(result.upsertedIds),
  };
}

export function clientBulkWriteResult(result: ClientBulkWriteResult): Document {
  const shaped: Document = {
    acknowledged: result.acknowledged,
    insertedCount: result.insertedCount,
    upsertedCount: result.upsertedCount,
    matchedCount: result.matchedCount,
    modifiedCount: result.modifiedCount,
    deletedCount: result.deletedCount,
  };
  if (result.insertResults) shaped.insertResults = mapToDocument(result.insertResults);
  if (result.updateResults) {
    const updates: Document = {};
    for (const [index, update] of result.updateResults) {
      const entry: Document = {
        matchedCount: update.matchedCount,
        modifiedCount: update.modifiedCount,
      };
      if (update.upsertedId != null) entry.upsertedId = update.upsertedId;
      updates[String(index)] = entry;
    }
    shaped.updateResults = updates;
  }
  if (result.deleteResults) shaped.deleteResults = mapToDocument(result.deleteResults);
  return shaped;
}

/** Index-keyed maps (insertedIds, writeErrors...) become documents keyed by the decimal index. */
export function mapToDocument(map: ReadonlyMap<number, unknown>): Document {
  const document: Document = {};
  for (const [index, value] of map) document[String(index)] = plainObject(value);
  return document;
}

function indexMap(ids: Record<number, unknown> | undefined): Document {
  const document: Document = {};
  for (const [index, id] of Object.entries(ids ?? {})) document[index] = id;
  return document;
}

/** Driver result classes may carry getters and prototypes; matching wants own enumerable data. */
function plainObject(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  if ('_bsontype' in value) return value;
  return { ...value };
}
