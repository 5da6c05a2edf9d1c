// One user's undo journal (see journal-step.ts for how steps are recorded): the steps there
// are, newest first; whether the records a step changed are still as it left them; and the
// reversal of steps, record by record, in the database session of the caller's transaction.
import type { ClientSession, Connection, Types } from 'mongoose';
import type { Collection, Document } from 'mongodb';
import { ConflictError } from '../domain/errors.js';
import { isDuplicateKeyError } from './duplicate-record.js';
import {
  ambientSession,
  isInsertedBatch,
  journalCollection,
  readByIds,
  recordHash,
  STEPS_ONLY,
  UNJOURNALED_FIELDS,
  type RecordChange,
  type StoredChange,
} from './journal-step.js';

/** One write of a reversal, safe to run again, and how many records it puts back. */
export interface ReversalWrite {
  records: number;
  run(): Promise<void>;
}

/** A step as `undo --list` shows it. */
export interface JournalStepView {
  id: Types.ObjectId;
  at: Date;
  command: string;
  /** Records changed, by kind ("application"), each record once. */
  records: Array<{ kind: string; count: number }>;
  /** False when the step changed too much to be kept (it cannot be undone). */
  undoable: boolean;
}

/** A step with what reverses it. */
export interface JournalStepRecord extends JournalStepView {
  changes: StoredChange[];
}

/** A record changed since the step that would be undone: undoing it would lose that change. */
export interface JournalConflict {
  step: JournalStepView;
  kind: string;
  id: Types.ObjectId;
  /** changed: not as the step left it; gone: deleted since; back: the step deleted it, it is back. */
  problem: 'changed' | 'gone' | 'back';
}

/** What a record must still be for a step to be undone (see conflicts). */
interface Expectation {
  step: JournalStepView;
  id: Types.ObjectId;
  /** The hash the step left; null: the step deleted it. */
  after: string | null;
  /** The hash of what the step found; null: the step inserted it. */
  before: string | null;
}

// $in lists are kept short: the embedded engine rechecks each candidate against the list.
const ID_CHUNK = 200;

interface StoredStep {
  _id: Types.ObjectId;
  at: Date;
  command: string;
  counts?: Record<string, number>;
  changes?: StoredChange[];
  tooLarge?: boolean;
}

export class JournalRepository {
  constructor(
    private readonly connection: Connection,
    private readonly userId: Types.ObjectId,
    /** Collection name -> the kind of record it holds ("applications" -> "application"). */
    private readonly kinds: Readonly<Record<string, string>>,
  ) {}

  private get journal(): Collection {
    return journalCollection(this.connection);
  }

  private collection(name: string): Collection {
    const db = this.connection.db;
    if (db === undefined) throw new Error('the database connection is not open');
    return db.collection(name);
  }

  private view(stored: StoredStep): JournalStepView {
    const counts = stored.counts ?? {};
    return {
      id: stored._id,
      at: stored.at,
      command: stored.command,
      records: Object.entries(counts)
        .filter(([, count]) => count > 0)
        .map(([name, count]) => ({ kind: this.kinds[name] ?? name, count })),
      undoable: stored.tooLarge !== true,
    };
  }

  /** This user's newest `limit` steps, newest first, without what reverses them. */
  async list(limit: number): Promise<JournalStepView[]> {
    const docs = await this.journal
      .find({ userId: this.userId, ...STEPS_ONLY }, { projection: { changes: 0 } })
      .sort({ at: -1, _id: -1 })
      .limit(limit)
      .toArray();
    return docs.map((doc) => this.view(doc as unknown as StoredStep));
  }

  /** This user's newest `count` steps with their changes, newest first. */
  async newest(count: number): Promise<JournalStepRecord[]> {
    const session = ambientSession(this.connection);
    const docs = await this.journal
      .find({ userId: this.userId, ...STEPS_ONLY }, { session })
      .sort({ at: -1, _id: -1 })
      .limit(count)
      .toArray();
    return Promise.all(
      docs.map(async (doc) => {
        const stored = doc as unknown as StoredStep;
        const parts = await this.journal
          .find({ userId: this.userId, at: stored.at, stepId: doc._id }, { session })
          .sort({ seq: 1 })
          .toArray();
        const changes = [
          stored.changes ?? [],
          ...parts.map((part) => (part as unknown as StoredStep).changes ?? []),
        ];
        return { ...this.view(stored), changes: changes.flat() };
      }),
    );
  }

  /** How many steps this user's journal holds. */
  count(): Promise<number> {
    return this.journal.countDocuments({ userId: this.userId, ...STEPS_ONLY });
  }

  /**
   * The records the steps (newest first) changed that are no longer as the newest of them
   * left them: each record is checked once, against the last change made to it.
   */
  async conflicts(steps: readonly JournalStepRecord[]): Promise<JournalConflict[]> {
    const session = ambientSession(this.connection);
    // The last change to each record, by collection: what it must still be.
    const expected = new Map<string, Map<string, Expectation>>();
    const expect = (
      step: JournalStepView,
      collection: string,
      id: Types.ObjectId,
      states: { after: string | null; before: Document | null },
    ) => {
      let records = expected.get(collection);
      if (records === undefined) expected.set(collection, (records = new Map()));
      const hex = id.toHexString();
      const before = states.before === null ? null : recordHash(collection, states.before);
      const known = records.get(hex);
      if (known === undefined) records.set(hex, { step, id, after: states.after, before });
      // What the earliest change found: what an interrupted undo may have put back already.
      else known.before = before;
    };
    for (const step of steps) {
      for (const change of [...step.changes].reverse()) {
        if (isInsertedBatch(change)) {
          change.inserted.forEach((id, index) =>
            expect(step, change.collection, id, {
              after: change.hashes?.[index] ?? null,
              before: null,
            }),
          );
        } else expect(step, change.collection, change.id, change);
      }
    }
    const conflicts: JournalConflict[] = [];
    for (const [name, records] of expected) {
      const kind = this.kinds[name] ?? name;
      const ids = [...records.values()].map((record) => record.id);
      const current = await readByIds(this.collection(name), ids, session);
      for (const [hex, { step, id, after, before }] of records) {
        const problem = problemOf(name, { after, before }, current.get(hex));
        if (problem !== undefined) conflicts.push({ step, kind, id, problem });
      }
    }
    // The newest step's first: the one undo would reach first.
    const order = new Map(steps.map((step, index) => [step.id.toHexString(), index]));
    return conflicts.sort(
      (a, b) =>
        (order.get(a.step.id.toHexString()) ?? 0) - (order.get(b.step.id.toHexString()) ?? 0),
    );
  }

  /**
   * The writes that reverse the steps (newest first): each change's, last change first, then
   * the step's removal from the journal; in order, each in the caller's transaction when it
   * runs in one (ambient). Each is safe to run again, so the caller may split them between
   * transactions. A record that cannot be put back because another one now holds its key is a
   * ConflictError (the transaction ends).
   */
  reversal(steps: readonly JournalStepRecord[]): ReversalWrite[] {
    const writes: ReversalWrite[] = [];
    for (const step of steps) {
      for (const change of [...step.changes].reverse()) {
        if (!isInsertedBatch(change)) {
          writes.push({ records: 1, run: () => this.reverseChange(step, change) });
          continue;
        }
        const collection = this.collection(change.collection);
        for (let start = 0; start < change.inserted.length; start += ID_CHUNK) {
          const chunk = change.inserted.slice(start, start + ID_CHUNK);
          writes.push({
            records: chunk.length,
            run: async () => {
              const session = ambientSession(this.connection);
              await collection.deleteMany({ _id: { $in: chunk }, ...this.mine() }, { session });
            },
          });
        }
      }
      writes.push({
        records: 0,
        run: async () => {
          const session = ambientSession(this.connection);
          await this.journal.deleteOne({ _id: step.id, userId: this.userId }, { session });
          await this.journal.deleteMany({ userId: this.userId, stepId: step.id }, { session });
        },
      });
    }
    return writes;
  }

  /**
   * This user's records, matched by $expr rather than by field: a planner (the embedded
   * engine's) would otherwise walk every record of the user instead of the few ids asked for.
   */
  private mine(): Document {
    return { $expr: { $eq: ['$userId', this.userId] } };
  }

  private owner(collection: string, id: Types.ObjectId): Document | undefined {
    if (collection !== 'users') return { _id: id, ...this.mine() };
    return id.equals(this.userId) ? { _id: id } : undefined;
  }

  private async reverseChange(step: JournalStepRecord, change: RecordChange): Promise<void> {
    const session = ambientSession(this.connection);
    const collection = this.collection(change.collection);
    const filter = this.owner(change.collection, change.id);
    if (filter === undefined) return;
    if (change.before === null) {
      await collection.deleteOne(filter, { session });
      return;
    }
    const replacement = await this.withKeptFields(collection, change, session);
    try {
      await collection.replaceOne(filter, replacement, { upsert: true, session });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const kind = this.kinds[change.collection] ?? change.collection;
      throw new ConflictError(
        `cannot undo \`${step.command}\`: ${kind} ${shortId(change.id)} would be a duplicate of another ${kind} stored since`,
        { hint: 'change or remove that one first, then undo again' },
      );
    }
  }

  /** The record as it was, with the fields steps never undo taken from it as it is now. */
  private async withKeptFields(
    collection: Collection,
    change: { collection: string; id: Types.ObjectId; before: Document | null },
    session: ClientSession | undefined,
  ): Promise<Document> {
    const { _id: _id, ...before } = change.before ?? {};
    const kept = UNJOURNALED_FIELDS[change.collection];
    if (kept === undefined) return before;
    const current = (await readByIds(collection, [change.id], session)).get(
      change.id.toHexString(),
    );
    const replacement: Document = { ...before };
    for (const field of kept)
      if (current?.[field] !== undefined) replacement[field] = current[field];
    return replacement;
  }

  /** Removes this user's whole journal (a deleted profile leaves nothing behind). */
  async removeAllForUser(): Promise<number> {
    const result = await this.journal.deleteMany(
      { userId: this.userId },
      { session: ambientSession(this.connection) },
    );
    return result.deletedCount;
  }
}

/** What is wrong with `current`, which the step left with hash `after` (null: deleted). */
/**
 * What is wrong with `current`, given the hashes of what the steps left (`after`; null: they
 * deleted it) and of what they found (`before`; null: they inserted it). A record still as
 * they found it is fine too: an undo interrupted between its transactions put it back.
 */
function problemOf(
  collection: string,
  hashes: { after: string | null; before: string | null },
  current: Document | undefined,
): JournalConflict['problem'] | undefined {
  const now = current === undefined ? null : recordHash(collection, current);
  if (now === hashes.after || now === hashes.before) return undefined;
  if (now === null) return 'gone';
  return hashes.after === null ? 'back' : 'changed';
}

/** An id as tables show it by default (its first 8 characters). */
export function shortId(id: Types.ObjectId): string {
  return id.toHexString().slice(0, 8);
}
