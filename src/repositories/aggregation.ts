// Pieces shared by the repositories' aggregation pipelines (stats, board, calendar). Only
// stages and operators that MongoDB 7.0 and the embedded engine (mingo) both support.
import type { PipelineStage, Types } from 'mongoose';

/** One bucket of a per-week count: the Monday (00:00 UTC) starting the ISO week. */
export interface WeekCount {
  week: Date;
  count: number;
}

/** A count per value of a field (a type, a skill...). */
export interface ValueCount {
  value: string;
  count: number;
}

/**
 * The first stage of every pipeline: this user's documents only (plus optional conditions we
 * build ourselves; aggregation filters are not sanitised, so no user text becomes one).
 */
export function ownedMatch(
  userId: Types.ObjectId,
  conditions: Record<string, unknown> = {},
): PipelineStage.Match {
  return { $match: { userId, ...conditions } };
}

/**
 * A $lookup joining, into `as`, the records of `from` (a collection name) whose _id is the
 * document's `localField`, among this user's records only, with just `fields`.
 */
export function ownedLookup(
  userId: Types.ObjectId,
  join: { from: string; localField: string; fields: readonly string[]; as: string },
): PipelineStage.Lookup {
  return {
    $lookup: {
      from: join.from,
      localField: join.localField,
      foreignField: '_id',
      pipeline: [
        { $match: { userId } },
        { $project: Object.fromEntries(join.fields.map((field) => [field, 1])) },
      ],
      as: join.as,
    },
  };
}

/**
 * The ISO week (Monday 00:00 UTC) a date falls in. The timezone is left out on purpose: UTC is
 * the default, and the engine does not accept the name 'UTC' (only Area/City names or offsets).
 */
export function isoWeekOf(path: string): Record<string, unknown> {
  return { $dateTrunc: { date: path, unit: 'week', startOfWeek: 'monday' } };
}

/** Groups documents by the ISO week of `path`, oldest week first. */
export function perWeekStages(path: string): PipelineStage.FacetPipelineStage[] {
  return [
    { $group: { _id: isoWeekOf(path), count: { $sum: 1 } } },
    { $sort: { _id: 1 } },
    { $project: { _id: 0, week: '$_id', count: 1 } },
  ];
}

/** Documents with `path` in [from, until). */
export function inRange(from: Date, until: Date): Record<string, Date> {
  return { $gte: from, $lt: until };
}
