// The reminders one user has been given (see src/models/reminder.ts). Every query carries the
// user's id. Claiming is one unordered insert: the unique { userId, key } index lets exactly
// one of two overlapping runs store a key, and only the run that stored it delivers it.
import type { Model, Types } from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import { REMINDER_KINDS, type ReminderRecord } from '../models/index.js';
import { batchFailures } from './duplicate-record.js';

// Re-exported so services never import the models.
export { REMINDER_KINDS };
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface ReminderClaim {
  key: string;
  kind: ReminderKind;
  due: Date;
}

// $in lists are kept short: the embedded engine rechecks each candidate against the list.
const LOOKUP_CHUNK = 200;

export class ReminderRepository {
  constructor(
    private readonly model: Model<ReminderRecord>,
    private readonly userId: Types.ObjectId,
  ) {}

  /** The keys among `keys` this user has been reminded of. */
  async remindedAmong(keys: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const unique = [...new Set(keys)];
    for (let start = 0; start < unique.length; start += LOOKUP_CHUNK) {
      const chunk = unique.slice(start, start + LOOKUP_CHUNK);
      // Our own operator around keys we made, not user input: trusted for sanitizeFilter.
      const rows = await this.model
        .find({ userId: this.userId, key: mongoose.trusted({ $in: chunk }) }, { key: 1, _id: 0 })
        .lean<Array<{ key: string }>>();
      for (const row of rows) found.add(row.key);
    }
    return found;
  }

  /**
   * Stores these reminders as given at `at`; the keys this call stored. A key stored already
   * (by an earlier run, or by another run at this very moment) is not among them.
   */
  async claim(claims: readonly ReminderClaim[], at: Date): Promise<Set<string>> {
    if (claims.length === 0) return new Set();
    const records = claims.map((claim) => ({
      userId: this.userId,
      key: claim.key,
      kind: claim.kind,
      due: claim.due,
      remindedAt: at,
    }));
    try {
      await this.model.collection.insertMany(records, { ordered: false });
      return new Set(claims.map((claim) => claim.key));
    } catch (error) {
      const failures = batchFailures(error);
      // Anything but a taken key is a real failure: nothing is counted as claimed.
      if (failures === undefined || failures.some((failure) => !failure.duplicate)) throw error;
      const lost = new Set(failures.map((failure) => failure.index));
      return new Set(claims.filter((_, index) => !lost.has(index)).map((claim) => claim.key));
    }
  }

  /**
   * Deletes the reminders given before `before`, except those in `keep` (items still due: forgetting
   * them would remind of them again). How many were deleted.
   */
  async prune(before: Date, keep: readonly string[]): Promise<number> {
    const result = await this.model.deleteMany({
      userId: this.userId,
      remindedAt: mongoose.trusted({ $lt: before }),
      ...(keep.length > 0 ? { key: mongoose.trusted({ $nin: [...keep] }) } : {}),
    });
    return result.deletedCount;
  }

  /** How many reminders this user has been given (and not pruned). */
  count(): Promise<number> {
    return this.model.countDocuments({ userId: this.userId });
  }

  /** Deletes every reminder of this user (for `career profile delete`). */
  async removeAllForUser(): Promise<number> {
    return (await this.model.deleteMany({ userId: this.userId })).deletedCount;
  }
}
