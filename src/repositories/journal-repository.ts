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
  UNJOURNALED_FIELDS,
  type StoredChange,
} from './journal-step.js';

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
      .find({ userId: this.userId }, { projection: { changes: 0 } })
      .sort({ at: -1, _id: -1 })
      .limit(limit)
      .toArray();
    return docs.map((doc) => this.view(doc as unknown as StoredStep));
  }

  /** This user's newest `count` steps with their changes, newest first. */
  async newest(count: number): Promise<JournalStepRecord[]> {
    const docs = await this.journal
      .find({ userId: this.userId }, { session: ambientSession(this.connection) })
      .sort({ at: -1, _id: -1 })
      .limit(count)
      .toArray();
    return docs.map((doc) => {
      const stored = doc as unknown as StoredStep;
      return { ...this.view(stored), changes: stored.changes ?? [] };
    });
  }

  /** How many steps this user's journal holds. */
  count(): Promise<number> {
    return this.journal.countDocuments({ userId: this.userId });
  }

  /**
   * The records the steps (newest first) changed that are no longer as the newest of them
   * left them: each record is checked once, against the last change made to it.
   */
  async conflicts(steps: readonly JournalStepRecord[]): Promise<JournalConflict[]> {
    const session = ambientSession(this.connection);
    const seen = new Set<string>();
    const conflicts: JournalConflict[] = [];
    for (const step of steps) {
      const changes = [...step.changes].reverse();
      for (const change of changes) {
        const kind = this.kinds[change.collection] ?? change.collection;
        const collection = this.collection(change.collection);
        if (isInsertedBatch(change)) {
          const unseen = change.inserted.filter((id) => !seen.has(keyOf(change.collection, id)));
          for (const id of unseen) seen.add(keyOf(change.collection, id));
          const later = await this.updatedSince(collection, unseen, change.at, session);
          for (const id of later) conflicts.push({ step, kind, id, problem: 'changed' });
          continue;
        }
        const key = keyOf(change.collection, change.id);
        if (seen.has(key)) continue;
        seen.add(key);
        const current = (await readByIds(collection, [change.id], session)).get(
          change.id.toHexString(),
        );
        const problem = problemOf(change.collection, change.after, current);
        if (problem !== undefined) conflicts.push({ step, kind, id: change.id, problem });
      }
    }
    return conflicts;
  }

  /** Which of these records (of the user) were updated after `at`. */
  private async updatedSince(
    collection: Collection,
    ids: readonly Types.ObjectId[],
    at: Date,
    session: ClientSession | undefined,
  ): Promise<Types.ObjectId[]> {
    const later: Types.ObjectId[] = [];
    for (let start = 0; start < ids.length; start += ID_CHUNK) {
      const chunk = ids.slice(start, start + ID_CHUNK);
      const docs = await collection
        .find(
          { _id: { $in: chunk }, userId: this.userId, updatedAt: { $gt: at } },
          { projection: { _id: 1 }, session },
        )
        .toArray();
      later.push(...docs.map((doc) => doc._id as unknown as Types.ObjectId));
    }
    return later;
  }

  /**
   * Reverses the steps (newest first), last change first, and removes them from the journal,
   * in the caller's transaction when there is one (ambient). A record that cannot be put back
   * because another one now holds its key is a ConflictError (the transaction ends).
   */
  async reverse(steps: readonly JournalStepRecord[]): Promise<void> {
    const session = ambientSession(this.connection);
    for (const step of steps) {
      for (const change of [...step.changes].reverse()) {
        await this.reverseChange(step, change, session);
      }
      await this.journal.deleteOne({ _id: step.id, userId: this.userId }, { session });
    }
  }

  private owner(collection: string, id: Types.ObjectId): Document | undefined {
    if (collection !== 'users') return { _id: id, userId: this.userId };
    return id.equals(this.userId) ? { _id: id } : undefined;
  }

  private async reverseChange(
    step: JournalStepRecord,
    change: StoredChange,
    session: ClientSession | undefined,
  ): Promise<void> {
    const collection = this.collection(change.collection);
    if (isInsertedBatch(change)) {
      for (let start = 0; start < change.inserted.length; start += ID_CHUNK) {
        const chunk = change.inserted.slice(start, start + ID_CHUNK);
        await collection.deleteMany({ _id: { $in: chunk }, userId: this.userId }, { session });
      }
      return;
    }
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

function keyOf(collection: string, id: Types.ObjectId): string {
  return `${collection}:${id.toHexString()}`;
}

/** What is wrong with `current`, which the step left with hash `after` (null: deleted). */
function problemOf(
  collection: string,
  after: string | null,
  current: Document | undefined,
): JournalConflict['problem'] | undefined {
  if (after === null) return current === undefined ? undefined : 'back';
  if (current === undefined) return 'gone';
  return recordHash(collection, current) === after ? undefined : 'changed';
}

/** An id as tables show it by default (its first 8 characters). */
export function shortId(id: Types.ObjectId): string {
  return id.toHexString().slice(0, 8);
}
