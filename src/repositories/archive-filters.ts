// Archive (issue 15): an archived record carries `archivedAt` (when it was archived); a record
// without it is active. The views of the active pipeline (lists, board, agenda, calendar, the
// coach) add ACTIVE to their filters; history (stats' funnel, weekly progress) does not.
import type { Model, QueryFilter, Types } from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import { journaled } from './journal-step.js';

/** The archive's field, on applications and connections. */
export const ARCHIVED_AT = 'archivedAt';

/**
 * Not archived. `null` matches a missing field (and a null one) on MongoDB and the engine
 * alike, and, being an equality, is checked on the documents an index finds for the rest of
 * the filter (a new object each time: callers spread it into their own).
 */
export const active = (): Record<string, unknown> => ({ [ARCHIVED_AT]: null });

/** Archived (the field holds a date). Our own operator: trusted for sanitizeFilter. */
export const archived = (): Record<string, unknown> => ({
  [ARCHIVED_AT]: mongoose.trusted({ $ne: null }),
});

/** `active()` or `archived()`: the listing's choice. */
export function archiveState(onlyArchived: boolean | undefined): Record<string, unknown> {
  return onlyArchived === true ? archived() : active();
}

/** What a change of the archive flag did to the records asked for. */
export interface ArchiveChange {
  /** The ids changed now. */
  changed: Types.ObjectId[];
  /** The ids that were already in the state asked for (archived, or not archived). */
  unchanged: Types.ObjectId[];
}

/**
 * Archives (`at` a date) or restores (`at` null) the records `owned(ids)` names, only those
 * not yet in that state. `updatedAt` stays as it was: filing a record away is not activity on
 * it (the agenda, `--older-than` and calendar sequences read the last real change).
 */
export async function setArchived<T>(
  model: Model<T>,
  owned: (filter: Record<string, unknown>) => QueryFilter<T>,
  ids: readonly Types.ObjectId[],
  at: Date | null,
): Promise<ArchiveChange> {
  if (ids.length === 0) return { changed: [], unchanged: [] };
  const named = { _id: mongoose.trusted({ $in: [...ids] }) };
  const before = await model
    .find(owned({ ...named, ...(at === null ? archived() : active()) }), { _id: 1 })
    .lean<Array<{ _id: Types.ObjectId }>>();
  const toChange = before.map((doc) => doc._id);
  if (toChange.length > 0) {
    const update = at === null ? { $unset: { [ARCHIVED_AT]: 1 } } : { $set: { [ARCHIVED_AT]: at } };
    const filter = owned({
      _id: mongoose.trusted({ $in: toChange }),
      ...(at === null ? archived() : active()),
    });
    await journaled(model, { ids: toChange }, () =>
      model.updateMany(filter, update, { timestamps: false }),
    );
  }
  const changedHex = new Set(toChange.map((id) => id.toHexString()));
  return {
    changed: toChange,
    unchanged: ids.filter((id) => !changedHex.has(id.toHexString())),
  };
}

// $in lists are kept short: the embedded engine rechecks each candidate against the list.
const ID_CHUNK = 200;

/**
 * Archives every active record matching `conditions`, stamped `at`, and returns the ids it
 * archived: the matches are read first, then archived in updates that check the conditions
 * again (a record another command changed meanwhile is left alone), and read back by id
 * and stamp.
 */
export async function archiveWhere<T>(
  model: Model<T>,
  owned: (filter: Record<string, unknown>) => QueryFilter<T>,
  conditions: Record<string, unknown>,
  at: Date,
): Promise<Types.ObjectId[]> {
  const matching = await model
    .find(owned({ ...conditions, ...active() }), { _id: 1 })
    .sort({ _id: 1 })
    .lean<Array<{ _id: Types.ObjectId }>>();
  const archivedIds: Types.ObjectId[] = [];
  for (let start = 0; start < matching.length; start += ID_CHUNK) {
    const chunk = matching.slice(start, start + ID_CHUNK).map((doc) => doc._id);
    const named = { _id: mongoose.trusted({ $in: chunk }) };
    await journaled(model, { ids: chunk }, () =>
      model.updateMany(
        owned({ ...conditions, ...named, ...active() }),
        { $set: { [ARCHIVED_AT]: at } },
        { timestamps: false },
      ),
    );
    const stamped = await model
      .find(owned({ ...named, [ARCHIVED_AT]: at }), { _id: 1 })
      .sort({ _id: 1 })
      .lean<Array<{ _id: Types.ObjectId }>>();
    archivedIds.push(...stamped.map((doc) => doc._id));
  }
  return archivedIds;
}
