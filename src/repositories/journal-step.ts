// The undo journal's recorder. A step is one command of one signed-in user (opened by
// recordStep, around the command's work); every write a repository makes through journaled()
// (or the batch writes of imports) during it adds to the step's journal document what
// reverses it: each record changed, as it was before (null: the step inserted it) and a hash
// of what the step left (null: the step deleted it). The journal is written in the write's
// own transaction: the ambient one when the write runs in one (an import's batch), else one
// started for the write and its journal entry together, where the deployment has them; on a
// standalone server the entry follows the write. So the journal never holds a change that
// was not made, nor (with transactions) misses one that was.
//
// Recording here, below the services, covers every service's writes without any of them
// knowing; the services decide nothing about it. Writes outside a step (migrations, a
// restore, tests of repositories) are not journaled.
import { AsyncLocalStorage } from 'node:async_hooks';
import { hash } from 'node:crypto';
import type { ClientSession, Connection, Model, Types } from 'mongoose';
import type { Collection, Document } from 'mongodb';
import { mongoose } from '../db/mongoose.js';
import { supportsTransactions } from '../db/transactions.js';
import { JOURNAL_COLLECTION } from '../models/journal.js';

const { BSON } = mongoose.mongo;

/** Fields a step never keeps nor undoes, by collection: a password hash is not profile data. */
export const UNJOURNALED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  users: ['password'],
};

/** One record a step changed: as it was before (null: inserted), and a hash of what it left. */
export interface RecordChange {
  collection: string;
  id: Types.ObjectId;
  before: Document | null;
  /** The hash of the record as the step left it (see recordHash); null: the step deleted it. */
  after: string | null;
}

/**
 * Records an import inserted, by id and hash only (in two arrays, the smallest form: an
 * import of 100,000 rows keeps about 5 MB), hashed as they were handed to the driver.
 */
export interface InsertedBatch {
  collection: string;
  inserted: Types.ObjectId[];
  /** recordHash of each, in the order of `inserted`. */
  hashes?: string[];
}

export type StoredChange = RecordChange | InsertedBatch;

export function isInsertedBatch(change: StoredChange): change is InsertedBatch {
  return Array.isArray((change as InsertedBatch).inserted);
}

/** The journal keeps a user's newest steps, and none older than this many days. */
export const KEPT_STEPS = 100;
export const KEPT_DAYS = 30;
/**
 * A step whose changes pass this many BSON bytes keeps none of them (and cannot be undone):
 * half of MongoDB's 16 MB document limit, so the journal document never reaches it.
 */
export const STEP_BYTES_LIMIT = 8 * 1024 * 1024;

interface JournalStep {
  id: Types.ObjectId;
  userId: Types.ObjectId;
  command: string;
  at: Date;
  connection: Connection;
  /** BSON bytes of the changes kept so far. */
  bytes: number;
  /** Past STEP_BYTES_LIMIT: every later write marks the step again, keeping nothing. */
  tooLarge: boolean;
  /** Whether a journal document was written (so the journal is pruned after). */
  wrote: boolean;
  /** Part documents written after the step's own (see push). */
  parts: number;
  /** "collection:id" of the records counted in the step (each once). */
  counted: Set<string>;
  transactions?: Promise<boolean>;
}

const steps = new AsyncLocalStorage<JournalStep>();

// $in lists are kept short: the embedded engine rechecks each candidate against the list.
const ID_CHUNK = 200;

/**
 * Runs `work` as one step of this user's journal, labelled `command`; prunes the journal
 * after (to KEPT_STEPS steps and KEPT_DAYS days) when the step wrote to it, failed or not:
 * what a failed command changed before failing is a step like any other.
 */
export async function recordStep<T>(
  connection: Connection,
  userId: Types.ObjectId,
  command: string,
  work: () => Promise<T>,
): Promise<T> {
  const step: JournalStep = {
    id: new mongoose.Types.ObjectId(),
    userId,
    command,
    at: new Date(),
    connection,
    bytes: 0,
    tooLarge: false,
    wrote: false,
    parts: 0,
    counted: new Set(),
  };
  try {
    return await steps.run(step, work);
  } finally {
    if (step.wrote) await pruneJournal(connection, userId, new Date());
  }
}

/**
 * A step's own document, not one of its parts: a step's later writes (an import's batches) are
 * part documents carrying `stepId` (see push).
 */
export const STEPS_ONLY = { stepId: { $exists: false } } as const;

/** The journal collection, through the driver: before-images are stored exactly as read. */
export function journalCollection(connection: Connection): Collection {
  const db = connection.db;
  if (db === undefined) throw new Error('the database connection is not open');
  return db.collection(JOURNAL_COLLECTION);
}

/** Drops this user's journal steps past the newest KEPT_STEPS and older than KEPT_DAYS. */
export async function pruneJournal(
  connection: Connection,
  userId: Types.ObjectId,
  now: Date,
): Promise<void> {
  const journal = journalCollection(connection);
  const oldest = new Date(now.getTime() - KEPT_DAYS * 24 * 3600 * 1000);
  await journal.deleteMany({ userId, at: { $lt: oldest } });
  const beyond = await journal
    .find({ userId, ...STEPS_ONLY }, { projection: { _id: 1 } })
    .sort({ at: -1, _id: -1 })
    .skip(KEPT_STEPS)
    .toArray();
  if (beyond.length > 0) {
    const ids = beyond.map((doc) => doc._id);
    await journal.deleteMany({ userId, _id: { $in: ids } });
    await journal.deleteMany({ userId, stepId: { $in: ids } });
  }
}

/** The session of the Mongoose transaction this code runs in, if any (AsyncLocalStorage). */
export function ambientSession(connection: Connection): ClientSession | undefined {
  const base = connection.base as unknown as {
    transactionAsyncLocalStorage?: AsyncLocalStorage<{ session?: ClientSession }>;
  };
  return base.transactionAsyncLocalStorage?.getStore()?.session;
}

/** A record without the fields a step never keeps. */
export function journaledImage(collection: string, record: Document): Document {
  const left = UNJOURNALED_FIELDS[collection];
  if (left === undefined) return record;
  const image: Document = { ...record };
  for (const field of left) delete image[field];
  return image;
}

/**
 * Fields a record's hash leaves out besides those: a password change stamps the user's
 * updatedAt, and must not make a profile change look changed since.
 */
const UNHASHED_FIELDS: Readonly<Record<string, readonly string[]>> = { users: ['updatedAt'] };

/**
 * A record's hash, as read through the driver (so the same record always hashes the same),
 * without the fields a step never keeps: what `undo` compares to tell a record changed since.
 */
export function recordHash(collection: string, record: Document): string {
  const image = journaledImage(collection, record);
  const unhashed = UNHASHED_FIELDS[collection] ?? [];
  // Top-level fields in name order: a server may store _id first whatever the order given.
  const sorted: Document = {};
  for (const name of Object.keys(image).sort()) {
    if (!unhashed.includes(name)) sorted[name] = image[name];
  }
  // 128 bits tell a changed record from the one left (this is no signature): half the bytes.
  return hash('sha256', BSON.serialize(sorted), 'buffer').subarray(0, 16).toString('base64');
}

/** Whether `record` belongs to `userId` (a user's own record is the user). */
export function ownedBy(collection: string, record: Document, userId: Types.ObjectId): boolean {
  const owner: unknown = collection === 'users' ? record._id : record.userId;
  return owner instanceof mongoose.Types.ObjectId && owner.equals(userId);
}

/** The records with these ids, by hex id, read in `session` (whole: no field left out). */
export async function readByIds(
  collection: Collection,
  ids: readonly Types.ObjectId[],
  session: ClientSession | undefined,
): Promise<Map<string, Document>> {
  const found = new Map<string, Document>();
  const unique = [...new Map(ids.map((id) => [id.toHexString(), id])).values()];
  for (let start = 0; start < unique.length; start += ID_CHUNK) {
    const chunk = unique.slice(start, start + ID_CHUNK);
    const docs = await collection.find({ _id: { $in: chunk } }, { session }).toArray();
    for (const doc of docs) found.set(String(doc._id), doc);
  }
  return found;
}

/** What a journaled write may change. */
export interface WritePlan<T> {
  /** The records it may change: a (user-scoped) filter, as the write itself is given... */
  filter?: Record<string, unknown>;
  /** ...matching at most one record (findOneAndUpdate, deleteOne)... */
  one?: boolean;
  /** ...or their ids. */
  ids?: readonly Types.ObjectId[];
  /** The ids of the records it inserted, from its result. */
  inserted?: (result: T) => ReadonlyArray<Types.ObjectId | undefined>;
}

function transactionsFor(step: JournalStep): Promise<boolean> {
  step.transactions ??= supportsTransactions(step.connection);
  return step.transactions;
}

/**
 * Runs one write of `model`'s records and journals what it changed, atomically with it (see
 * the top of the file); outside a step, only the write. `write` may run again (a transaction
 * that conflicted), and must not catch its own database errors: in a transaction of its own,
 * a refused write has ended it, and the caller reads what it needs after.
 */
export async function journaled<TRecord, TResult>(
  model: Model<TRecord>,
  plan: WritePlan<TResult>,
  write: () => Promise<TResult>,
): Promise<TResult> {
  const step = steps.getStore();
  if (step === undefined) return write();
  const collection = model.collection as unknown as Collection;
  const name = model.collection.collectionName;
  const run = async (): Promise<TResult> => {
    const session = ambientSession(model.db);
    if (step.tooLarge) {
      const result = await write();
      await markTooLarge(step, session);
      return result;
    }
    const ids = plan.ids ?? (await matchingIds(model, plan.filter ?? {}, plan.one === true));
    const before = await readByIds(collection, ids, session);
    const result = await write();
    const inserted = (plan.inserted?.(result) ?? []).filter((id) => id !== undefined);
    const after = await readByIds(collection, [...ids, ...inserted], session);
    await push(step, changesBetween(step, name, [...ids, ...inserted], before, after), session);
    return result;
  };
  if (ambientSession(model.db) !== undefined || !(await transactionsFor(step))) return run();
  return model.db.transaction(run);
}

/**
 * Journals a batch write of an import (insertChecked, setChecked), in `session` when it ran
 * in a transaction. `before`: the changed records as read before it (from beforeBatch).
 */
export async function journalBatch<TRecord>(
  model: Model<TRecord>,
  batch: {
    inserted?: readonly Record<string, unknown>[];
    changed?: readonly Types.ObjectId[];
    before?: Map<string, Document>;
  },
  session: ClientSession | undefined,
): Promise<void> {
  const step = steps.getStore();
  if (step === undefined) return;
  const within = session ?? ambientSession(model.db);
  if (step.tooLarge) return markTooLarge(step, within);
  const name = model.collection.collectionName;
  const changes: StoredChange[] = [];
  const inserted = batch.inserted ?? [];
  if (inserted.length > 0) {
    // Hashed as handed to the driver: what it stores reads back the same (see recordHash).
    const ids = inserted.map((record) => record._id as Types.ObjectId);
    const hashes = inserted.map((record) => recordHash(name, record));
    changes.push({ collection: name, inserted: ids, hashes });
    countRecords(step, name, ids);
  }
  const changed = batch.changed ?? [];
  if (changed.length > 0) {
    const collection = model.collection as unknown as Collection;
    const after = await readByIds(collection, changed, within);
    changes.push(...changesBetween(step, name, changed, batch.before ?? new Map(), after));
  }
  await push(step, changes, within);
}

/** The records of `model` with these ids as they are now, for journalBatch (outside a step: none). */
export async function beforeBatch<TRecord>(
  model: Model<TRecord>,
  ids: readonly Types.ObjectId[],
  session: ClientSession | undefined,
): Promise<Map<string, Document> | undefined> {
  const step = steps.getStore();
  if (step === undefined || step.tooLarge) return undefined;
  const collection = model.collection as unknown as Collection;
  return readByIds(collection, ids, session ?? ambientSession(model.db));
}

async function matchingIds<TRecord>(
  model: Model<TRecord>,
  filter: Record<string, unknown>,
  one: boolean,
): Promise<Types.ObjectId[]> {
  // Through Mongoose, as the write reads the same filter: cast alike (trusted operators kept).
  const query = model.find(filter as never, { _id: 1 });
  if (one) query.limit(1);
  const docs = await query.lean<Array<{ _id: Types.ObjectId }>>();
  return docs.map((doc) => doc._id);
}

function countRecords(step: JournalStep, collection: string, ids: readonly Types.ObjectId[]) {
  let added = 0;
  for (const id of ids) {
    const key = `${collection}:${id.toHexString()}`;
    if (step.counted.has(key)) continue;
    step.counted.add(key);
    added++;
  }
  return added;
}

/** The changes from `before` to `after` of the records with these ids (unchanged left out). */
function changesBetween(
  step: JournalStep,
  collection: string,
  ids: readonly Types.ObjectId[],
  before: Map<string, Document>,
  after: Map<string, Document>,
): RecordChange[] {
  const changes: RecordChange[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const hex = id.toHexString();
    if (seen.has(hex)) continue;
    seen.add(hex);
    const was = before.get(hex);
    const now = after.get(hex);
    if (was === undefined && now === undefined) continue;
    // Scoped writes touch only the user's records: anything else is never kept.
    if (![was, now].every((doc) => doc === undefined || ownedBy(collection, doc, step.userId)))
      continue;
    const afterHash = now === undefined ? null : recordHash(collection, now);
    if (was !== undefined && afterHash !== null && recordHash(collection, was) === afterHash)
      continue;
    changes.push({
      collection,
      id,
      before: was === undefined ? null : journaledImage(collection, was),
      after: afterHash,
    });
  }
  return changes;
}

function counted(step: JournalStep, changes: readonly StoredChange[]): Record<string, number> {
  const increments: Record<string, number> = {};
  for (const change of changes) {
    if (isInsertedBatch(change)) continue; // counted when the batch was made
    const added = countRecords(step, change.collection, [change.id]);
    if (added > 0) increments[change.collection] = (increments[change.collection] ?? 0) + added;
  }
  return increments;
}

function stepFields(step: JournalStep): Document {
  return { userId: step.userId, at: step.at, command: step.command };
}

async function push(
  step: JournalStep,
  changes: readonly StoredChange[],
  session: ClientSession | undefined,
): Promise<void> {
  if (changes.length === 0) return;
  const bytes = BSON.calculateObjectSize({ changes });
  const increments = counted(step, changes);
  for (const change of changes) {
    if (!isInsertedBatch(change)) continue;
    increments[change.collection] = (increments[change.collection] ?? 0) + change.inserted.length;
  }
  const inc: Document = Object.fromEntries(
    Object.entries(increments).map(([name, count]) => [`counts.${name}`, count]),
  );
  if (step.bytes + bytes > STEP_BYTES_LIMIT) {
    step.tooLarge = true;
    await markTooLarge(step, session, inc);
    return;
  }
  step.bytes += bytes;
  const journal = journalCollection(step.connection);
  const header = { $setOnInsert: stepFields(step), $inc: { ...inc, bytes } };
  if (!step.wrote) {
    await journal.updateOne(
      { _id: step.id },
      { ...header, $push: { changes: { $each: [...changes] } } } as Document,
      { upsert: true, session },
    );
  } else {
    // Later writes (an import's batches) are parts of their own: `$push`ing each batch into the
    // step's document had the engine rewrite it whole every batch, quadratic in the rows.
    await journal.updateOne({ _id: step.id }, header as Document, { upsert: true, session });
    const seq = step.parts + 1;
    await journal.insertOne(
      { userId: step.userId, at: step.at, stepId: step.id, seq, changes: [...changes] },
      { session },
    );
    step.parts = seq;
  }
  step.wrote = true;
}

/** Marks the step as too large to undo, keeping none of its changes (see STEP_BYTES_LIMIT). */
async function markTooLarge(
  step: JournalStep,
  session: ClientSession | undefined,
  inc: Document = {},
): Promise<void> {
  const journal = journalCollection(step.connection);
  if (step.parts > 0) {
    await journal.deleteMany({ userId: step.userId, stepId: step.id }, { session });
    step.parts = 0;
  }
  await journal.updateOne(
    { _id: step.id },
    {
      $setOnInsert: stepFields(step),
      $set: { tooLarge: true, changes: [], bytes: 0 },
      ...(Object.keys(inc).length > 0 ? { $inc: inc } : {}),
    },
    { upsert: true, session },
  );
  step.wrote = true;
}
