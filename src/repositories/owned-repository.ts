// The base of every per-user repository: each query it builds carries the signed-in user's
// id, so no method can read or change another user's records, by id or by prefix.
import type { Model, QueryFilter, Types, UpdateQuery } from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import { recordCheckerFor } from './record-checker.js';
import { describeValidation } from './validation-problems.js';
import { burstObjectId, resolveOwnedId, type RecordKind } from './ids.js';

/** A record checked by the schema: cast, with defaults, ready to insert; or what is wrong. */
export type CheckedRecord =
  { ok: true; record: Record<string, unknown> } | { ok: false; problems: string[] };

/** A value a natural-key lookup may compare with: never an object, so never an operator. */
export type KeyValue = string | Types.ObjectId;

/** What a batch insert did: how many went in, and why the others did not (by position). */
export interface BatchInsertResult {
  inserted: number;
  failures: Array<{ index: number; message: string }>;
}

// $in lists are kept short: the embedded engine rechecks each candidate against the list.
const LOOKUP_CHUNK = 200;

export abstract class OwnedRepository<TRecord> {
  protected constructor(
    protected readonly model: Model<TRecord>,
    protected readonly userId: Types.ObjectId,
    protected readonly kind: RecordKind,
  ) {}

  /** The full id of this user's record named by `idOrPrefix` (NotFound / Ambiguous otherwise). */
  resolveId(idOrPrefix: string): Promise<Types.ObjectId> {
    return resolveOwnedId(() => this.ownedIds(), idOrPrefix, this.kind);
  }

  private async ownedIds(): Promise<Types.ObjectId[]> {
    const docs = await this.model.find(this.owned(), { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
    return docs.map((doc) => doc._id);
  }

  /** Removes this user's record; false when there was none. */
  async remove(id: Types.ObjectId): Promise<boolean> {
    return (await this.model.deleteOne(this.owned({ _id: id }))).deletedCount === 1;
  }

  /**
   * Sets `set` and removes the `unset` fields of this user's record, validating the result;
   * the updated record, or undefined when this user has no such record.
   */
  protected async setAndUnset<TView>(
    id: Types.ObjectId,
    set: object,
    unset: readonly string[],
  ): Promise<TView | undefined> {
    const update: Record<string, unknown> = {};
    if (Object.keys(set).length > 0) update.$set = set;
    if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((field) => [field, 1]));
    const updated = await this.model
      .findOneAndUpdate(this.owned({ _id: id }), update as UpdateQuery<TRecord>, {
        returnDocument: 'after',
        runValidators: true,
      })
      .lean<TView>();
    return updated ?? undefined;
  }

  /**
   * Casts and checks a record with the schema, as `create` does (the user id is added).
   * With `paths`, only those paths are checked: a change to a record that exists.
   * The schema's fast check goes first (every path); a document decides whatever it refuses.
   */
  async checkRecord(
    fields: Record<string, unknown>,
    paths?: readonly string[],
  ): Promise<CheckedRecord> {
    const quick = this.quickCheck(fields);
    if (quick !== undefined) return quick;
    const doc = new this.model({ _id: burstObjectId(), ...fields, userId: this.userId });
    try {
      await doc.validate(paths === undefined ? undefined : [...paths]);
    } catch (error) {
      return { ok: false, problems: describeValidation(error) };
    }
    // toBSON: the plain values toObject gives, without merging options on every call.
    return { ok: true, record: doc.toBSON() as Record<string, unknown> };
  }

  /**
   * checkRecord's fast way alone, synchronous (an import calls it for every row): the
   * record it accepts, or undefined when checkRecord must decide with a document.
   */
  quickCheck(fields: Record<string, unknown>): CheckedRecord | undefined {
    const record = recordCheckerFor(this.model.schema).check(fields, {
      _id: burstObjectId(),
      userId: this.userId,
    });
    return record === undefined ? undefined : { ok: true, record };
  }

  /**
   * This user's records whose `field` equals one of `values` (compared exactly), plus any
   * exact `conditions`. For imports' natural-key lookups: one query per few hundred values.
   */
  async findWhereIn<TView>(
    field: string,
    values: readonly KeyValue[],
    conditions: Record<string, KeyValue> = {},
  ): Promise<TView[]> {
    const unique = [...new Set(values)];
    const found: TView[] = [];
    for (let start = 0; start < unique.length; start += LOOKUP_CHUNK) {
      const chunk = unique.slice(start, start + LOOKUP_CHUNK);
      // Our own operator around plain strings and ids: trusted, so sanitizeFilter keeps it.
      const filter = this.owned({ ...conditions, [field]: mongoose.trusted({ $in: chunk }) });
      found.push(...(await this.model.find(filter).lean<TView[]>()));
    }
    return found;
  }

  /**
   * Inserts records already checked by checkRecord (with their timestamps), in one round
   * trip; a record the database refuses (a duplicate key) does not stop the others.
   */
  async insertChecked(records: readonly Record<string, unknown>[]): Promise<BatchInsertResult> {
    if (records.length === 0) return { inserted: 0, failures: [] };
    // Checked records are the caller's own to hand over: set in place, not copied.
    const owned = records as Record<string, unknown>[];
    for (const record of owned) record.userId = this.userId;
    try {
      const result = await this.model.collection.insertMany(owned, { ordered: false });
      return { inserted: result.insertedCount, failures: [] };
    } catch (error) {
      const bulk = error as {
        insertedCount?: number;
        result?: { insertedCount?: number };
        writeErrors?: Array<{ index: number; errmsg?: string; code?: number }> | object;
      };
      if (bulk.writeErrors === undefined) throw error;
      const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors];
      const failures = (
        writeErrors as Array<{ index: number; errmsg?: string; code?: number }>
      ).map((item) => ({
        index: item.index,
        message:
          item.code === 11000 ? 'it already exists' : (item.errmsg ?? 'refused by the database'),
      }));
      const inserted = bulk.insertedCount ?? bulk.result?.insertedCount ?? 0;
      return { inserted, failures };
    }
  }

  /** Sets already-checked values on several of this user's records in one round trip. */
  async setChecked(
    changes: ReadonlyArray<{ id: Types.ObjectId; set: Record<string, unknown> }>,
  ): Promise<void> {
    if (changes.length === 0) return;
    await this.model.collection.bulkWrite(
      changes.map((change) => ({
        updateOne: {
          filter: { _id: change.id, userId: this.userId },
          update: { $set: change.set },
        },
      })),
      { ordered: false },
    );
  }

  /**
   * Every record of this user, streamed (a cursor: constant memory), in storage order; with
   * `fields`, only those fields (and _id).
   */
  streamAll<TView>(fields?: readonly string[]): AsyncIterable<TView> {
    const projection =
      fields === undefined ? undefined : Object.fromEntries(fields.map((field) => [field, 1]));
    return this.model
      .find(this.owned(), projection)
      .lean<TView[]>()
      .batchSize(1000)
      .cursor() as AsyncIterable<TView>;
  }

  /**
   * A filter limited to this user's records. Typed loosely on purpose: repositories build
   * filters with dotted paths and trusted operators that Mongoose's generic types reject.
   */
  protected owned(filter: Record<string, unknown> = {}): QueryFilter<TRecord> {
    return { ...filter, userId: this.userId } as QueryFilter<TRecord>;
  }
}
