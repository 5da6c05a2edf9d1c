// DevelopmentActivity records of one user. Every query is scoped to that user (see OwnedRepository).
import type { InferRawDocTypeFromSchema, Model, Types } from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  type DevelopmentActivityRecord,
  type developmentActivitySchema,
} from '../models/index.js';
import { ownedMatch, type ValueCount } from './aggregation.js';
import type { ListQuery, Page } from './list-query.js';
import { ACTIVITY_KEY } from './natural-keys.js';
import { OwnedRepository } from './owned-repository.js';

// Re-exported so the layers above can validate flags without importing a model.
export { ACTIVITY_STATUSES, ACTIVITY_TYPES };
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** A learning activity as stored (lean: plain values, ObjectIds and Dates), from its schema. */
export type ActivityDocument = InferRawDocTypeFromSchema<typeof developmentActivitySchema>;

/** The fields of a new activity (the user id is added by the repository). */
export interface NewActivity {
  type: ActivityType;
  title: string;
  status: ActivityStatus;
  skills: string[];
  provider?: string;
  startDate?: Date;
  expectedEndDate?: Date;
  completionDate?: Date;
  notes?: string;
  certificateUrl?: string;
}

type OptionalField = Exclude<keyof NewActivity, 'type' | 'title' | 'status' | 'skills'>;

/** A change to an activity: a value sets the field; null removes an optional one. */
export type ActivityChanges = Partial<Pick<NewActivity, 'type' | 'title' | 'status' | 'skills'>> & {
  [K in OptionalField]?: NewActivity[K] | null;
};

// The only fields an update may touch: changes are copied field by field from this list, so
// nothing else (an operator, userId, _id) can reach the update document.
const EDITABLE_FIELDS = [
  'type',
  'title',
  'status',
  'skills',
  'provider',
  'startDate',
  'expectedEndDate',
  'completionDate',
  'notes',
  'certificateUrl',
] as const satisfies ReadonlyArray<keyof ActivityChanges>;

export interface ActivityFilter {
  status?: ActivityStatus;
  type?: ActivityType;
  /** Activities teaching this skill (exact name, any letter case). */
  skill?: string;
}

export const ACTIVITY_SORT_FIELDS = [
  'startDate',
  'title',
  'status',
  'createdAt',
  'completionDate',
] as const;

/** Completed learning: how many of each type, and the skills they taught, most frequent first. */
export interface LearningCounts {
  byType: ValueCount[];
  /** Skills counted once per activity, ignoring letter case (shown as first written). */
  skills: ValueCount[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class ActivityRepository extends OwnedRepository<DevelopmentActivityRecord> {
  constructor(model: Model<DevelopmentActivityRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'learning activity' }, ACTIVITY_KEY);
  }

  /** A new activity; DuplicateRecordError when one with its type, title and provider exists. */
  create(fields: NewActivity): Promise<ActivityDocument> {
    return this.createKeyed<ActivityDocument>(fields);
  }

  async findById(id: Types.ObjectId): Promise<ActivityDocument | undefined> {
    return (await this.findOwnedById<ActivityDocument>(id)) ?? undefined;
  }

  async list(filter: ActivityFilter, query: ListQuery): Promise<Page<ActivityDocument>> {
    const conditions: Record<string, unknown> = {};
    if (filter.status !== undefined) conditions.status = filter.status;
    if (filter.type !== undefined) conditions.type = filter.type;
    if (filter.skill !== undefined) {
      // A RegExp value (escaped, anchored) matches one array element ignoring case.
      conditions.skills = new RegExp(`^${escapeRegExp(filter.skill)}$`, 'i');
    }
    return this.listPage<ActivityDocument>(conditions, query);
  }

  /** In-progress activities whose expected end is before `now` (the agenda). */
  async inProgressPastExpectedEnd(now: Date): Promise<ActivityDocument[]> {
    return this.model
      .find(this.owned({ status: 'in-progress', expectedEndDate: mongoose.trusted({ $lt: now }) }))
      .sort({ expectedEndDate: 1, _id: 1 })
      .lean<ActivityDocument[]>();
  }

  /** The distinct skills taught by this user's activities with one of these statuses. */
  async skillsWithStatus(statuses: readonly ActivityStatus[]): Promise<string[]> {
    const skills: unknown[] = await this.model.distinct(
      'skills',
      this.owned({ status: mongoose.trusted({ $in: [...statuses] }) }),
    );
    return skills.filter((skill): skill is string => typeof skill === 'string');
  }

  /** The number of activities in each status (statuses with none are left out). */
  countByStatus(): Promise<Record<string, number>> {
    return this.countByValue('status');
  }

  /** Applies `changes` and returns the updated activity (undefined if it is not this user's). */
  async update(
    id: Types.ObjectId,
    changes: ActivityChanges,
  ): Promise<ActivityDocument | undefined> {
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    for (const field of EDITABLE_FIELDS) {
      const value = changes[field];
      if (value === null) unset.push(field);
      else if (value !== undefined) set[field] = value;
    }
    return this.setAndUnset<ActivityDocument>(id, set, unset);
  }

  /** Completed activities by type and the skills gained; `since`: completed since. */
  async learningCounts(since?: Date): Promise<LearningCounts> {
    const completed = since === undefined ? {} : { completionDate: { $gte: since } };
    const [counts] = await this.model.aggregate<LearningCounts>([
      ownedMatch(this.userId, { status: 'completed', ...completed }),
      {
        $facet: {
          byType: [
            { $group: { _id: '$type', count: { $sum: 1 } } },
            { $sort: { count: -1, _id: 1 } },
            { $project: { _id: 0, value: '$_id', count: 1 } },
          ],
          skills: [
            { $unwind: '$skills' },
            // Each activity once per skill, even when it lists the skill twice in two cases.
            {
              $group: {
                _id: { $toLower: '$skills' },
                value: { $min: '$skills' },
                activities: { $addToSet: '$_id' },
              },
            },
            { $project: { _id: 1, value: 1, count: { $size: '$activities' } } },
            { $sort: { count: -1, _id: 1 } },
            { $project: { _id: 0, value: 1, count: 1 } },
          ],
        },
      },
    ]);
    return counts ?? { byType: [], skills: [] };
  }
}
