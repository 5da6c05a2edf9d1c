// The base of every per-user repository: each query it builds carries the signed-in user's
// id, so no method can read or change another user's records, by id or by prefix.
import type {
  ClientSession,
  Model,
  PipelineStage,
  QueryFilter,
  Types,
  UpdateQuery,
} from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import { isTransientTransactionError } from '../db/transactions.js';
import { ConflictError } from '../domain/errors.js';
import { ownedLookup } from './aggregation.js';
import {
  batchFailures,
  DuplicateRecordError,
  isDuplicateKeyError,
  type BatchFailure,
} from './duplicate-record.js';
import { pageOf, queryOptions, type ListQuery, type Page } from './list-query.js';
import { NATURAL_KEY, type NaturalKeyDefinition } from './natural-keys.js';
import { recordCheckerFor } from './record-checker.js';
import { beforeBatch, journalBatch, journaled, type WritePlan } from './journal-step.js';
import { describeValidation } from './validation-problems.js';
import { idLengthsAmong, prefixRange, type IdLengths } from '../domain/short-ids.js';
import { burstObjectId, idLengthsByRange, resolveOwnedId, type RecordKind } from './ids.js';

/** A record checked by the schema: cast, with defaults, ready to insert; or what is wrong. */
export type CheckedRecord =
  { ok: true; record: Record<string, unknown> } | { ok: false; problems: string[] };

/** A value a natural-key lookup may compare with: never an object, so never an operator. */
export type KeyValue = string | Types.ObjectId;

export type { BatchFailure };

/** What a batch insert did: how many went in, and why the others did not (by position). */
export interface BatchInsertResult {
  inserted: number;
  failures: BatchFailure[];
}

/**
 * A change to one record from a batch. `expect`, when given, holds the values of its key
 * fields as read: the change applies only while they are still those (a compare-and-set, so
 * the key it sets can never go stale), and is reported as a failure otherwise. A change to a
 * key field must give it: the record's new natural key is computed from `expect` and `set`.
 */
export interface BatchChange {
  id: Types.ObjectId;
  set: Record<string, unknown>;
  expect?: Record<string, unknown>;
}

/** How often a keyed update reads the record again when its key fields changed meanwhile. */
const KEYED_UPDATE_ATTEMPTS = 3;

/** The update document for `set`, `unset` and `push`, leaving out empty operators. */
function updateDocument(
  set: object,
  unset: readonly string[],
  push: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const update: Record<string, unknown> = {};
  if (Object.keys(set).length > 0) update.$set = set;
  if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((field) => [field, 1]));
  if (push !== undefined) update.$push = push;
  return update;
}

/** A record's top-level fields once `set` and `unset` apply (for computing its new key). */
function withChanges(
  record: Record<string, unknown>,
  set: object,
  unset: readonly string[],
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...record, ...set };
  for (const field of unset) delete merged[field];
  return merged;
}

/** The values of `fields` as an exact filter (null for a missing one, as MongoDB matches it). */
export function fieldsAsRead(
  record: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, record[field] ?? null]));
}

/** A record as read back from a create, without the key (never shown, like reads). */
function withoutKey(record: Record<string, unknown>): Record<string, unknown> {
  const { [NATURAL_KEY]: _key, ...rest } = record;
  return rest;
}

// $in lists are kept short: the embedded engine rechecks each candidate against the list.
const LOOKUP_CHUNK = 200;

/** Records stored before natural keys, which migration 2 has not keyed yet (a new filter each time). */
const unkeyed = () => ({ [NATURAL_KEY]: mongoose.trusted({ $exists: false }) });

// The jobs collection (Mongoose's name for the Job model), joined for a job's company and title.
const JOBS_COLLECTION = 'jobs';

export abstract class OwnedRepository<TRecord> {
  protected constructor(
    protected readonly model: Model<TRecord>,
    protected readonly userId: Types.ObjectId,
    protected readonly kind: RecordKind,
    /** How this collection's records are keyed (undefined: the collection has no key field). */
    protected readonly naturalKey?: NaturalKeyDefinition,
  ) {}

  /** The natural key a record with these fields is stored under (undefined: not keyed). */
  naturalKeyOf(record: Record<string, unknown>): string | undefined {
    return this.naturalKey?.of(record);
  }

  /** The fields the natural key is made of (none when the collection has no key field). */
  get naturalKeyFields(): readonly string[] {
    return this.naturalKey?.fields ?? [];
  }

  /**
   * Creates this user's record with its natural key; a DuplicateRecordError naming the
   * record that holds the key when there is one (the unique index decides, so two commands
   * racing store one record).
   */
  protected async createKeyed<TView>(fields: object): Promise<TView> {
    const key = this.naturalKeyOf(fields as Record<string, unknown>);
    const record = { ...fields, ...(key === undefined ? {} : { [NATURAL_KEY]: key }) };
    try {
      const created = await this.journaled({ inserted: (doc) => [doc._id as Types.ObjectId] }, () =>
        this.model.create({ ...record, userId: this.userId } as TRecord),
      );
      return withoutKey(created.toObject() as Record<string, unknown>) as TView;
    } catch (error) {
      if (key === undefined || !isDuplicateKeyError(error)) throw error;
      throw new DuplicateRecordError(await this.findByNaturalKey<TView>(key), record);
    }
  }

  /** This user's record stored under `key`, if any. */
  async findByNaturalKey<TView>(key: string): Promise<TView | undefined> {
    const found = await this.model.findOne(this.owned({ [NATURAL_KEY]: key })).lean<TView>();
    return found ?? undefined;
  }

  /** This user's records stored under these keys, each with its `naturalKey`. */
  async findByNaturalKeys<TView>(keys: readonly string[]): Promise<TView[]> {
    const found: TView[] = [];
    const unique = [...new Set(keys)];
    for (let start = 0; start < unique.length; start += LOOKUP_CHUNK) {
      const chunk = unique.slice(start, start + LOOKUP_CHUNK);
      const filter = this.owned({ [NATURAL_KEY]: mongoose.trusted({ $in: chunk }) });
      found.push(...(await this.model.find(filter).select(`+${NATURAL_KEY}`).lean<TView[]>()));
    }
    return found;
  }

  /** This user's record with this id (lean), or null. */
  protected findOwnedById<TView>(id: Types.ObjectId): Promise<TView | null> {
    return this.model.findOne(this.owned({ _id: id })).lean<TView>();
  }

  /** This user's records among `ids`, in one query (lean; none for no ids). */
  protected async findOwnedByIds<TView>(ids: readonly Types.ObjectId[]): Promise<TView[]> {
    if (ids.length === 0) return [];
    // Our own operator on ids we hold, not user input: marked trusted for sanitizeFilter.
    return this.model
      .find(this.owned({ _id: mongoose.trusted({ $in: [...ids] }) }))
      .lean<TView[]>();
  }

  /**
   * The generic list query: one page of this user's records matching `conditions`, sorted as
   * `query` says (its field, then _id as tie-breaker), lean, with how many match in all
   * (counted only when a full or empty page cannot tell).
   */
  protected async listPage<TView>(
    conditions: Record<string, unknown>,
    query: ListQuery,
  ): Promise<Page<TView>> {
    const { sort, skip, limit } = queryOptions(query);
    const items = await this.model
      .find(this.owned(conditions))
      .sort(sort)
      .skip(skip)
      .limit(limit)
      .lean<TView[]>();
    return pageOf(items, query, () => this.model.countDocuments(this.owned(conditions)));
  }

  /** A $lookup stage joining each record's job (this user's), as `job`: its company and title. */
  protected jobLookup(localField = 'jobId'): PipelineStage.Lookup {
    return ownedLookup(this.userId, {
      from: JOBS_COLLECTION,
      localField,
      fields: ['company', 'title'],
      as: 'job',
    });
  }

  /** The number of this user's records with each value of `field` (values with none left out). */
  protected async countByValue(field: string): Promise<Record<string, number>> {
    const groups = await this.model.aggregate<{ _id: string; count: number }>([
      { $match: { userId: this.userId } },
      { $group: { _id: `$${field}`, count: { $sum: 1 } } },
    ]);
    return Object.fromEntries(groups.map((group) => [group._id, group.count]));
  }

  /** Whether this user has any record here (one indexed lookup). */
  async hasAny(): Promise<boolean> {
    return (await this.model.exists(this.owned())) !== null;
  }

  /**
   * The ids of this user's `limit` newest records, or of the subdocuments at `path` in them
   * ("followUps", "interviews"), for shell completion: one query on the user's index.
   */
  async recentIds(limit: number, path?: string): Promise<string[]> {
    const field = path === undefined ? '_id' : `${path}._id`;
    const docs = await this.model
      .find(this.owned(), { [field]: 1 })
      .sort({ _id: -1 })
      .limit(limit)
      .lean<Array<Record<string, unknown>>>();
    return docs.flatMap((doc) => {
      if (path === undefined) return [String(doc._id)];
      const children = doc[path];
      return Array.isArray(children)
        ? children.map((child) => String((child as { _id: unknown })._id))
        : [];
    });
  }

  /**
   * Deletes every record of this user (for `career profile delete`): not journaled, as the
   * deletion removes the user's journal too.
   */
  async removeAllForUser(): Promise<number> {
    return (await this.model.deleteMany(this.owned())).deletedCount;
  }

  /** The full id of this user's record named by `idOrPrefix` (NotFound / Ambiguous otherwise). */
  resolveId(idOrPrefix: string): Promise<Types.ObjectId> {
    return resolveOwnedId(() => this.ownedIds(), idOrPrefix, this.kind);
  }

  /**
   * How many characters each of `ids` needs to name one of this user's records (at least 8):
   * see idLengthsByRange.
   */
  idLengths(ids: ReadonlyArray<{ toHexString(): string }>): Promise<IdLengths> {
    return idLengthsByRange(
      ids.map((id) => id.toHexString()),
      (lo, hi, limit) => this.ownedIdsBetween(lo, hi, limit),
    );
  }

  private async ownedIdsBetween(lo: string, hi: string, limit: number): Promise<string[]> {
    // The user is matched by $expr rather than by field: a planner (the embedded engine's
    // picks an equality over a range) would otherwise walk every record of the user instead
    // of the few ids in the range. Our own operators around ids we made: trusted.
    const range = { $gte: new mongoose.Types.ObjectId(lo), $lte: new mongoose.Types.ObjectId(hi) };
    const docs = await this.model
      .find(
        {
          _id: mongoose.trusted(range),
          $expr: mongoose.trusted({ $eq: ['$userId', this.userId] }),
        } as QueryFilter<TRecord>,
        { _id: 1 },
      )
      .limit(limit)
      .lean<{ _id: Types.ObjectId }[]>();
    return docs.map((doc) => doc._id.toHexString());
  }

  /**
   * Like idLengths, for records kept in an array of this user's records (`field`: interviews
   * in applications, follow-ups in connections): one aggregation reading the embedded ids
   * made in the same seconds as `ids`.
   */
  protected async embeddedIdLengths(
    field: string,
    ids: ReadonlyArray<{ toHexString(): string }>,
  ): Promise<IdLengths> {
    const targets = ids.map((id) => id.toHexString());
    if (targets.length === 0) return new Map();
    const seconds = [...new Set(targets.map((id) => id.slice(0, 8)))];
    const inSeconds = {
      $or: seconds.map((second) => {
        const { lo, hi } = prefixRange(second);
        return {
          [`${field}._id`]: {
            $gte: new mongoose.Types.ObjectId(lo),
            $lte: new mongoose.Types.ObjectId(hi),
          },
        };
      }),
    };
    const found = await this.model.aggregate<{ _id: Types.ObjectId }>([
      { $match: { userId: this.userId, ...inSeconds } },
      { $unwind: `$${field}` },
      { $match: inSeconds },
      { $project: { _id: `$${field}._id` } },
    ]);
    return idLengthsAmong(
      targets,
      found.map((doc) => doc._id.toHexString()),
    );
  }

  private async ownedIds(): Promise<Types.ObjectId[]> {
    const docs = await this.model.find(this.owned(), { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
    return docs.map((doc) => doc._id);
  }

  /** Removes this user's record; false when there was none. */
  async remove(id: Types.ObjectId): Promise<boolean> {
    const filter = this.owned({ _id: id });
    const result = await this.journaled({ filter, one: true }, () => this.model.deleteOne(filter));
    return result.deletedCount === 1;
  }

  /**
   * Sets `set` and removes the `unset` fields of this user's record (also pushing `push`,
   * only while it matches `where`), validating the result; the updated record, or undefined
   * when this user has no such record (or it no longer matches `where`).
   *
   * A change to a key field gives the record its new natural key in the same update, which
   * applies only while the key fields are as they were read (else it reads them again), so
   * the stored key always matches the fields; a key another record holds is a
   * DuplicateRecordError and changes nothing. A key marked as a duplicate by the migration is
   * kept while the key fields mean the same.
   */
  protected async setAndUnset<TView>(
    id: Types.ObjectId,
    set: object,
    unset: readonly string[],
    options: { where?: Record<string, unknown>; push?: Record<string, unknown> } = {},
  ): Promise<TView | undefined> {
    const filter = { _id: id, ...options.where };
    const update = updateDocument(set, unset, options.push);
    const definition = this.naturalKey;
    const changed = [...Object.keys(set), ...unset];
    if (!definition || !changed.some((field) => definition.fields.includes(field))) {
      return this.updateOne<TView>(filter, update);
    }
    for (let attempt = 1; attempt <= KEYED_UPDATE_ATTEMPTS; attempt++) {
      const current = await this.model.findOne(this.owned(filter)).lean<Record<string, unknown>>();
      if (!current) return undefined;
      const before = definition.of(current);
      const attempted = withChanges(current, set, unset);
      const after = definition.of(attempted);
      const keyed =
        after === before
          ? update
          : { ...update, $set: { ...(update.$set as object), [NATURAL_KEY]: after } };
      try {
        const guarded = { ...filter, ...fieldsAsRead(current, definition.fields) };
        const updated = await this.updateOne<TView>(guarded, keyed);
        if (updated) return updated;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        throw new DuplicateRecordError(await this.findByNaturalKey<TView>(after), attempted);
      }
    }
    throw new ConflictError(`this ${this.kind.noun} kept changing while it was being updated`, {
      hint: 'run the command again',
    });
  }

  private async updateOne<TView>(
    filter: Record<string, unknown>,
    update: Record<string, unknown>,
  ): Promise<TView | undefined> {
    const owned = this.owned(filter);
    const updated = await this.journaled({ filter: owned, one: true }, () =>
      this.model
        .findOneAndUpdate(owned, update as UpdateQuery<TRecord>, {
          returnDocument: 'after',
          runValidators: true,
        })
        .lean<TView>(),
    );
    return updated ?? undefined;
  }

  /**
   * Runs one write of this user's records, journaled for `career undo` within the command's
   * step (see journal-step.ts): `plan` says which records it may change.
   */
  protected journaled<TResult>(
    plan: WritePlan<TResult>,
    write: () => Promise<TResult>,
  ): Promise<TResult> {
    return journaled(this.model, plan, write);
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
    return this.findIn<TView>(field, values, conditions);
  }

  /**
   * Like findWhereIn, among this user's records stored before natural keys (with no key
   * yet, until migration 2 gives them theirs): those only a spelling can find.
   */
  findUnkeyedWhereIn<TView>(field: string, values: readonly KeyValue[]): Promise<TView[]> {
    return this.findIn<TView>(field, values, unkeyed());
  }

  /** Whether this user has a record with no natural key yet (see findUnkeyedWhereIn). */
  async hasUnkeyed(): Promise<boolean> {
    if (!this.naturalKey) return false;
    return (await this.model.exists(this.owned(unkeyed()))) !== null;
  }

  private async findIn<TView>(
    field: string,
    values: readonly KeyValue[],
    conditions: Record<string, unknown>,
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
   * trip, each with its natural key (set on the record, as the user id is: the records are
   * the caller's to hand over, not copied); a record the database refuses
   * (a duplicate key: another record holds its key) does not stop the others. With a
   * transaction's `session`, a refusal ends that transaction (the caller's to run again).
   */
  async insertChecked(
    records: readonly Record<string, unknown>[],
    session?: ClientSession,
  ): Promise<BatchInsertResult> {
    if (records.length === 0) return { inserted: 0, failures: [] };
    // Checked records are the caller's own to hand over: set in place, not copied.
    const owned = records as Record<string, unknown>[];
    for (const record of owned) {
      record.userId = this.userId;
      const key = this.naturalKeyOf(record);
      if (key !== undefined) record[NATURAL_KEY] = key;
    }
    const model = this.model;
    try {
      const result = await this.model.collection.insertMany(owned, { ordered: false, session });
      await journalBatch(model, { inserted: owned }, session);
      return { inserted: result.insertedCount, failures: [] };
    } catch (error) {
      // A conflict ends the transaction: it is the caller's to run again, not a refusal.
      if (isTransientTransactionError(error)) throw error;
      const failures = batchFailures(error);
      if (failures === undefined) throw error;
      const bulk = error as { insertedCount?: number; result?: { insertedCount?: number } };
      const inserted = bulk.insertedCount ?? bulk.result?.insertedCount ?? 0;
      // In a transaction, the refusal ended it: nothing of it stays, nothing to journal.
      if (session === undefined) {
        const refused = new Set(failures.map((failure) => failure.index));
        const stored = owned.filter((_, index) => !refused.has(index));
        await journalBatch(model, { inserted: stored }, session);
      }
      return { inserted, failures };
    }
  }

  /**
   * Sets already-checked values on several of this user's records: the plain changes in one
   * round trip, the guarded ones (see BatchChange) one by one, each with the natural key its
   * change gives (when it gives another: a key marked by the migration is kept while the key
   * fields mean the same). The changes that did not apply, by position: a key another record
   * holds, or key fields changed meanwhile. With a transaction's `session`, the first key
   * refused ends it: the changes after it are not tried.
   */
  async setChecked(
    changes: readonly BatchChange[],
    session?: ClientSession,
  ): Promise<BatchFailure[]> {
    const model = this.model;
    const ids = changes.map((change) => change.id);
    const before = await beforeBatch(model, ids, session);
    const failures = await this.setEach(changes, session);
    // In a transaction, a refusal ended it (the caller runs the batch again): nothing to keep.
    if (before !== undefined && (session === undefined || failures.length === 0)) {
      await journalBatch(model, { changed: ids, before }, session);
    }
    return failures;
  }

  private async setEach(
    changes: readonly BatchChange[],
    session?: ClientSession,
  ): Promise<BatchFailure[]> {
    const failures: BatchFailure[] = [];
    const plain: number[] = [];
    for (const [index, change] of changes.entries()) {
      if (change.expect === undefined) {
        plain.push(index);
        continue;
      }
      let set = change.set;
      const before = this.naturalKey?.of(change.expect);
      const after = this.naturalKey?.of({ ...change.expect, ...change.set });
      if (after !== before) set = { ...set, [NATURAL_KEY]: after };
      try {
        const result = await this.model.collection.updateOne(
          { ...change.expect, _id: change.id, userId: this.userId },
          { $set: set },
          { session },
        );
        if (result.matchedCount === 0) {
          failures.push({ index, message: 'it was changed meanwhile', duplicate: false });
        }
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        failures.push({ index, message: 'another record has its key', duplicate: true });
        // The refusal ended the transaction: nothing more can be written in it.
        if (session !== undefined) return failures;
      }
    }
    if (plain.length === 0) return failures;
    try {
      await this.model.collection.bulkWrite(
        plain.map((index) => {
          const change = changes[index] as BatchChange;
          return {
            updateOne: {
              filter: { _id: change.id, userId: this.userId },
              update: { $set: change.set },
            },
          };
        }),
        { ordered: false, session },
      );
    } catch (error) {
      if (isTransientTransactionError(error)) throw error;
      const refused = batchFailures(error);
      if (refused === undefined) throw error;
      for (const failure of refused) {
        failures.push({ ...failure, index: plain[failure.index] as number });
      }
    }
    return failures.sort((a, b) => a.index - b.index);
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
