// Application records of one user. Every query is scoped to that user (see OwnedRepository).
import { Types, type InferRawDocTypeFromSchema, type Model, type PipelineStage } from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import {
  APPLICATION_STATUSES,
  APPLIED_STATUS,
  DATED_STAGE,
  FUNNEL_STAGES,
  REJECTED_STATUS,
  RESPONSE_STATUSES,
  SENT_STATUSES,
  STAGE_REACHED,
  WAITING_STATUSES,
  type ApplicationStatus,
  type FunnelStageName,
} from '../domain/pipeline.js';
import type { ApplicationRecord, applicationSchema } from '../models/index.js';
import type { JobDocument } from './job-repository.js';
import { inRange, ownedMatch, perWeekStages, type WeekCount } from './aggregation.js';
import type { IdLengths } from '../domain/short-ids.js';
import type { ListQuery, Page } from './list-query.js';

export { APPLICATION_STATUSES } from '../domain/pipeline.js';
import { APPLICATION_KEY } from './natural-keys.js';
import { OwnedRepository } from './owned-repository.js';
import type { WithId } from './records.js';
import {
  active,
  archiveState,
  archiveWhere,
  setArchived,
  type ArchiveChange,
} from './archive-filters.js';

type ApplicationRaw = InferRawDocTypeFromSchema<typeof applicationSchema>;

/** An interview as stored in its application (see records.ts). */
export type InterviewDocument = WithId<ApplicationRaw['interviews'][number]>;

/** One entry of an application's status history. */
export type StatusChange = ApplicationRaw['statusHistory'][number];

/** An application as read from the database (plain object), derived from its schema. */
export type ApplicationDocument = Omit<ApplicationRaw, 'interviews'> & {
  interviews: InterviewDocument[];
};

/** An interview to add (its id is made by the repository). */
export type NewInterview = Omit<InterviewDocument, '_id'>;

/** A move to a new status: recorded in statusHistory, with the application date when set. */
export interface StatusMove {
  status: string;
  at: Date;
  applicationDate?: Date;
  /** Back to not sent: the application date goes. */
  clearApplicationDate?: boolean;
}

/** The fields the service sets on an application (userId and timestamps are managed here). */
export interface ApplicationFields {
  jobId?: Types.ObjectId;
  status?: string;
  applicationDate?: Date;
  notes?: string;
  'documents.resumeUrl'?: string;
  'documents.coverLetterUrl'?: string;
  /** New interviews have no _id yet; Mongoose gives them one. */
  interviews?: Array<Omit<InterviewDocument, '_id'> & { _id?: Types.ObjectId }>;
  statusHistory?: StatusChange[];
}

export interface ApplicationFilter {
  status?: string;
  /** Only applications for these jobs. */
  jobIds?: readonly Types.ObjectId[];
  /** applicationDate on or after. */
  since?: Date;
  /** applicationDate on or before. */
  until?: Date;
  /** Only archived applications (else only those not archived). */
  archived?: boolean;
}

/** How many applications reached each stage of the pipeline (or went further), and were rejected. */
export type FunnelCounts = Record<FunnelStageName | typeof REJECTED_STATUS, number>;

/** Days from being applied to the first answer (interviewing, offer or rejected). */
export interface ResponseTimes {
  responses: number;
  medianDays: number | null;
}

/** What a row takes from its application's job (absent when the job is gone). */
type JobLabel = Partial<Pick<JobDocument, 'company' | 'title'>>;

/** One card of the board. */
export type BoardCard = Pick<ApplicationDocument, '_id' | 'applicationDate' | 'updatedAt'> &
  JobLabel;

/** One column of the board: a status, how many applications have it, the newest cards. */
export interface BoardColumnRow {
  status: ApplicationStatus;
  count: number;
  cards: BoardCard[];
}

/** An interview with what a calendar event needs from its application and job. */
export type InterviewEventRow = Pick<ApplicationDocument, 'updatedAt'> &
  JobLabel & {
    applicationId: Types.ObjectId;
    applicationStatus: ApplicationStatus;
    interview: InterviewDocument;
  };

const DAY_MS = 24 * 3600 * 1000;

/** A filter on status: one of these (our own operator over constants, so trusted). */
const statusIn = (statuses: readonly ApplicationStatus[]) =>
  mongoose.trusted({ $in: [...statuses] });

/** Whether the application has had one of these statuses (in a pipeline after VISITED_STATUSES). */
const visitedAny = (statuses: readonly ApplicationStatus[]): unknown[] =>
  statuses.map((status) => ({ $in: [status, '$visited'] }));

/**
 * The index in FUNNEL_STAGES of the furthest stage an application reached (see STAGE_REACHED):
 * the highest stage first, an application date counting as DATED_STAGE.
 */
function reachedStage(): Record<string, unknown> {
  const branches = FUNNEL_STAGES.map((stage, index) => {
    const conditions = visitedAny(
      APPLICATION_STATUSES.filter((status) => STAGE_REACHED[status] === stage),
    );
    if (stage === DATED_STAGE) conditions.unshift('$sent');
    return { case: conditions.length === 1 ? conditions[0] : { $or: conditions }, then: index };
  })
    .slice(1)
    .reverse();
  return { $switch: { branches, default: 0 } };
}

/** The funnel's counts: every application at the first stage, then those that reached each. */
function funnelGroup(): Record<string, unknown> {
  const stages = FUNNEL_STAGES.map((stage, index) => [
    stage,
    index === 0 ? { $sum: 1 } : oneIf({ $gte: ['$reached', index] }),
  ]);
  return { _id: null, ...Object.fromEntries(stages), [REJECTED_STATUS]: oneIf('$rejected') };
}

const EMPTY_FUNNEL: FunnelCounts = {
  ...(Object.fromEntries(FUNNEL_STAGES.map((stage) => [stage, 0])) as Record<
    FunnelStageName,
    number
  >),
  [REJECTED_STATUS]: 0,
};

/** The statuses an application has had: its history and its current status. */
const VISITED_STATUSES = {
  $setUnion: [
    {
      $map: {
        input: { $ifNull: ['$statusHistory', []] },
        as: 'change',
        in: '$$change.status',
      },
    },
    ['$status'],
  ],
};

/** 1 when the condition holds, else 0: for counting with $sum. */
function oneIf(condition: unknown) {
  return { $sum: { $cond: [condition, 1, 0] } };
}

/** The conditions of an application listing (the user is added by `owned`). */
function conditionsFor(filter: ApplicationFilter): Record<string, unknown> {
  const conditions: Record<string, unknown> = archiveState(filter.archived);
  if (filter.status !== undefined) conditions.status = filter.status;
  if (filter.jobIds !== undefined) conditions.jobId = mongoose.trusted({ $in: [...filter.jobIds] });
  if (filter.since !== undefined || filter.until !== undefined) {
    const range: Record<string, Date> = {};
    if (filter.since !== undefined) range.$gte = filter.since;
    if (filter.until !== undefined) range.$lte = filter.until;
    conditions.applicationDate = mongoose.trusted(range);
  }
  return conditions;
}

/**
 * Active applications in `statuses` whose status last changed before `before`: the last entry
 * of their history (the move to the status they have, whatever date it was given), or, with
 * no history (an old import), their last update.
 */
function staleConditions(
  statuses: readonly ApplicationStatus[],
  before: Date,
): Record<string, unknown> {
  const lastChange = { $ifNull: [{ $arrayElemAt: ['$statusHistory.at', -1] }, '$updatedAt'] };
  return {
    status: statusIn(statuses),
    ...active(),
    // Our own expression around a date we computed: trusted for sanitizeFilter.
    $expr: mongoose.trusted({ $lt: [lastChange, before] }),
  };
}

export class ApplicationRepository extends OwnedRepository<ApplicationRecord> {
  constructor(model: Model<ApplicationRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'application' }, APPLICATION_KEY);
  }

  /** A new application; DuplicateRecordError when its job has one on that day (or undated). */
  async create(
    fields: ApplicationFields & { jobId: Types.ObjectId },
  ): Promise<ApplicationDocument> {
    const {
      'documents.resumeUrl': resumeUrl,
      'documents.coverLetterUrl': coverLetterUrl,
      ...rest
    } = fields;
    const documents =
      resumeUrl !== undefined || coverLetterUrl !== undefined
        ? { documents: { resumeUrl, coverLetterUrl } }
        : {};
    return this.createKeyed<ApplicationDocument>({ ...rest, ...documents });
  }

  /** How many characters each interview id needs to name one of this user's interviews. */
  interviewIdLengths(ids: readonly Types.ObjectId[]): Promise<IdLengths> {
    return this.embeddedIdLengths('interviews', ids);
  }

  async findById(id: Types.ObjectId): Promise<ApplicationDocument | undefined> {
    return (await this.findOwnedById<ApplicationDocument>(id)) ?? undefined;
  }

  /** Every matching application (for sorting in memory, e.g. by the job's company). */
  async findAll(filter: ApplicationFilter): Promise<ApplicationDocument[]> {
    return this.model.find(this.owned(conditionsFor(filter))).lean<ApplicationDocument[]>();
  }

  async list(filter: ApplicationFilter, query: ListQuery): Promise<Page<ApplicationDocument>> {
    return this.listPage<ApplicationDocument>(conditionsFor(filter), query);
  }

  async findForJob(jobId: Types.ObjectId): Promise<ApplicationDocument[]> {
    return this.model
      .find(this.owned({ jobId }))
      .sort({ createdAt: 1, _id: 1 })
      .lean<ApplicationDocument[]>();
  }

  async removeForJob(jobId: Types.ObjectId): Promise<number> {
    const filter = this.owned({ jobId });
    return (await this.journaled({ filter }, () => this.model.deleteMany(filter))).deletedCount;
  }

  /** Applications that have at least one interview. */
  async findWithInterviews(): Promise<ApplicationDocument[]> {
    return this.model
      .find(this.owned({ 'interviews.0': mongoose.trusted({ $exists: true }), ...active() }))
      .lean<ApplicationDocument[]>();
  }

  /** Applications with an interview dated within [from, to] (the agenda; interviews.date index). */
  async withInterviewsBetween(from: Date, to: Date): Promise<ApplicationDocument[]> {
    return this.model
      .find(
        this.owned({
          interviews: mongoose.trusted({ $elemMatch: { date: { $gte: from, $lte: to } } }),
          ...active(),
        }),
      )
      .sort({ _id: 1 })
      .lean<ApplicationDocument[]>();
  }

  /**
   * Sent applications still waiting (WAITING_STATUSES) with no sign of life since
   * `before`: not updated, no status change and no interview (past or planned) on or after it.
   */
  async stalledSince(before: Date): Promise<ApplicationDocument[]> {
    return this.model
      .find(
        this.owned({
          status: statusIn(WAITING_STATUSES),
          updatedAt: mongoose.trusted({ $lt: before }),
          // On an array path, $not $gte means "no element on or after `before`".
          'statusHistory.at': mongoose.trusted({ $not: { $gte: before } }),
          'interviews.date': mongoose.trusted({ $not: { $gte: before } }),
          ...active(),
        }),
      )
      .sort({ updatedAt: 1, _id: 1 })
      .lean<ApplicationDocument[]>();
  }

  /** How many applications were sent (SENT_STATUSES) with an applicationDate in [from, to]. */
  async countSentBetween(from: Date, to: Date): Promise<number> {
    return this.model.countDocuments(
      this.owned({
        applicationDate: mongoose.trusted({ $gte: from, $lte: to }),
        status: statusIn(SENT_STATUSES),
      }),
    );
  }

  /** The number of applications not archived in each status (statuses with none left out). */
  async countByStatus(): Promise<Record<string, number>> {
    const groups = await this.model.aggregate<{ _id: string; count: number }>([
      ownedMatch(this.userId, active()),
      { $group: { _id: '$status', count: { $sum: 1 } } },
    ]);
    return Object.fromEntries(groups.map((group) => [group._id, group.count]));
  }

  /** This user's records among `ids` (one query). */
  findByIds(ids: readonly Types.ObjectId[]): Promise<ApplicationDocument[]> {
    return this.findOwnedByIds<ApplicationDocument>(ids);
  }

  /** How many applications are archived. */
  countArchived(): Promise<number> {
    return this.model.countDocuments(this.owned(archiveState(true)));
  }

  /** Archives (`at`) or restores (null) these applications; see setArchived. */
  setArchived(ids: readonly Types.ObjectId[], at: Date | null): Promise<ArchiveChange> {
    return setArchived(this.model, (filter) => this.owned(filter), ids, at);
  }

  /** Active applications in `statuses` whose status last changed before `before` (a dry run). */
  findStale(statuses: readonly ApplicationStatus[], before: Date): Promise<ApplicationDocument[]> {
    return this.model
      .find(this.owned(staleConditions(statuses, before)))
      .sort({ updatedAt: 1, _id: 1 })
      .lean<ApplicationDocument[]>();
  }

  /** Archives, stamped `at`, what findStale finds, in one update; the ids archived. */
  archiveStale(
    statuses: readonly ApplicationStatus[],
    before: Date,
    at: Date,
  ): Promise<Types.ObjectId[]> {
    return archiveWhere(
      this.model,
      (filter) => this.owned(filter),
      staleConditions(statuses, before),
      at,
    );
  }

  /** Sets `set` and removes the `unset` fields; the updated application, or undefined. */
  update(
    id: Types.ObjectId,
    set: ApplicationFields,
    unset: readonly string[] = [],
  ): Promise<ApplicationDocument | undefined> {
    return this.setAndUnset<ApplicationDocument>(id, set, unset);
  }

  /**
   * Moves the application from `fromStatus` to `move.status` and appends the change to its
   * history in one update, only while its status is still `fromStatus`, so two concurrent
   * moves cannot both be recorded from the same state; `interview`, when given, is added in
   * the same update. The updated application, or undefined when it is not this user's or
   * has moved meanwhile.
   */
  async moveStatus(
    id: Types.ObjectId,
    fromStatus: string,
    move: StatusMove,
    interview?: NewInterview,
  ): Promise<{ application: ApplicationDocument; interviewId?: Types.ObjectId } | undefined> {
    const $set: Record<string, unknown> = { status: move.status };
    if (move.applicationDate !== undefined) $set.applicationDate = move.applicationDate;
    const $push: Record<string, unknown> = { statusHistory: { status: move.status, at: move.at } };
    const interviewId = interview === undefined ? undefined : new Types.ObjectId();
    if (interview !== undefined) $push.interviews = { ...interview, _id: interviewId };
    // Dating it changes its natural key (job + day): setAndUnset keeps the key in step.
    const unset = move.clearApplicationDate ? ['applicationDate'] : [];
    const updated = await this.setAndUnset<ApplicationDocument>(id, $set, unset, {
      where: { status: fromStatus },
      push: $push,
    });
    if (!updated) return undefined;
    return interviewId === undefined
      ? { application: updated }
      : { application: updated, interviewId };
  }

  /** Appends an interview in one update; undefined when the application is not this user's. */
  async pushInterview(
    id: Types.ObjectId,
    interview: NewInterview,
  ): Promise<{ application: ApplicationDocument; interviewId: Types.ObjectId } | undefined> {
    const interviewId = new Types.ObjectId();
    const filter = this.owned({ _id: id });
    const updated = await this.journaled({ filter, one: true }, () =>
      this.model
        .findOneAndUpdate(
          filter,
          { $push: { interviews: { ...interview, _id: interviewId } } },
          { returnDocument: 'after', runValidators: true },
        )
        .lean<ApplicationDocument>(),
    );
    return updated ? { application: updated, interviewId } : undefined;
  }

  /**
   * Replaces one interview in place (a positional update naming the user, the application
   * and the interview); undefined when that interview is no longer there.
   */
  async replaceInterview(
    id: Types.ObjectId,
    interview: InterviewDocument,
  ): Promise<ApplicationDocument | undefined> {
    const filter = this.owned({ _id: id, 'interviews._id': interview._id });
    const updated = await this.journaled({ filter, one: true }, () =>
      this.model
        .findOneAndUpdate(
          filter,
          { $set: { 'interviews.$': interview } },
          { returnDocument: 'after', runValidators: true },
        )
        .lean<ApplicationDocument>(),
    );
    return updated ?? undefined;
  }

  /**
   * The funnel: every application counts at the first stage and at each stage up to the
   * furthest it reached (from its history and current status, see STAGE_REACHED); an
   * application with an application date counts as applied. `since`: only applications
   * created or applied since.
   */
  async funnelCounts(since?: Date): Promise<FunnelCounts> {
    const recent =
      since === undefined
        ? {}
        : { $or: [{ applicationDate: { $gte: since } }, { createdAt: { $gte: since } }] };
    const [counts] = await this.model.aggregate<FunnelCounts>([
      ownedMatch(this.userId, recent),
      {
        $project: {
          visited: VISITED_STATUSES,
          sent: { $ne: [{ $ifNull: ['$applicationDate', null] }, null] },
        },
      },
      { $project: { reached: reachedStage(), rejected: { $in: [REJECTED_STATUS, '$visited'] } } },
      { $group: funnelGroup() },
      { $project: { _id: 0 } },
    ] as PipelineStage[]);
    return counts ?? EMPTY_FUNNEL;
  }

  /**
   * The median time from being applied (the first 'applied' in the history, else the application
   * date) to the first later change to a response status (RESPONSE_STATUSES); the median of an even
   * count is the mean of the middle two. `since`: only applications applied since.
   */
  async responseTimes(since?: Date): Promise<ResponseTimes> {
    const statusAt = (statuses: unknown) => ({
      $map: {
        input: {
          $filter: { input: '$history', as: 'change', cond: statuses },
        },
        as: 'change',
        in: '$$change.at',
      },
    });
    const [times] = await this.model.aggregate<ResponseTimes>([
      ownedMatch(this.userId),
      { $project: { history: { $ifNull: ['$statusHistory', []] }, applicationDate: 1 } },
      {
        $project: {
          history: 1,
          appliedAt: {
            $ifNull: [
              { $first: statusAt({ $eq: ['$$change.status', APPLIED_STATUS] }) },
              '$applicationDate',
            ],
          },
        },
      },
      { $match: { appliedAt: since === undefined ? { $ne: null } : { $gte: since } } },
      {
        $project: {
          appliedAt: 1,
          respondedAt: {
            $first: {
              $sortArray: {
                input: statusAt({
                  $and: [
                    { $in: ['$$change.status', [...RESPONSE_STATUSES]] },
                    { $gte: ['$$change.at', '$appliedAt'] },
                  ],
                }),
                sortBy: 1,
              },
            },
          },
        },
      },
      { $match: { respondedAt: { $ne: null } } },
      {
        $group: {
          _id: null,
          days: { $push: { $divide: [{ $subtract: ['$respondedAt', '$appliedAt'] }, DAY_MS] } },
        },
      },
      {
        $project: {
          _id: 0,
          responses: { $size: '$days' },
          sorted: { $sortArray: { input: '$days', sortBy: 1 } },
          middle: { $floor: { $divide: [{ $size: '$days' }, 2] } },
        },
      },
      {
        $project: {
          responses: 1,
          medianDays: {
            $cond: [
              { $eq: [{ $mod: ['$responses', 2] }, 1] },
              { $arrayElemAt: ['$sorted', '$middle'] },
              {
                $divide: [
                  {
                    $add: [
                      { $arrayElemAt: ['$sorted', { $subtract: ['$middle', 1] }] },
                      { $arrayElemAt: ['$sorted', '$middle'] },
                    ],
                  },
                  2,
                ],
              },
            ],
          },
        },
      },
    ] as PipelineStage[]);
    return times ?? { responses: 0, medianDays: null };
  }

  /** Applications per ISO week of their application date, for dates in [from, until). */
  perWeek(from: Date, until: Date): Promise<WeekCount[]> {
    return this.model.aggregate<WeekCount>([
      ownedMatch(this.userId, { applicationDate: inRange(from, until) }),
      ...perWeekStages('$applicationDate'),
    ]);
  }

  /**
   * The board: per status, the count and the cards (most recently changed first, at most
   * `limit` when given) with their job's company and title.
   */
  board(limit?: number): Promise<BoardColumnRow[]> {
    const slice: PipelineStage[] =
      limit === undefined ? [] : [{ $set: { cards: { $slice: ['$cards', limit] } } }];
    return this.model.aggregate<BoardColumnRow>([
      ownedMatch(this.userId, active()),
      { $sort: { updatedAt: -1, _id: -1 } },
      this.jobLookup(),
      {
        $group: {
          _id: '$status',
          count: { $sum: 1 },
          cards: {
            $push: {
              _id: '$_id',
              company: { $first: '$job.company' },
              title: { $first: '$job.title' },
              applicationDate: '$applicationDate',
              updatedAt: '$updatedAt',
            },
          },
        },
      },
      ...slice,
      { $project: { _id: 0, status: '$_id', count: 1, cards: 1 } },
    ]);
  }

  /** Interviews dated in [from, until], with their application's and job's details. */
  interviewsBetween(from: Date, until: Date): Promise<InterviewEventRow[]> {
    const range = { $gte: from, $lte: until };
    return this.model.aggregate<InterviewEventRow>([
      ownedMatch(this.userId, { interviews: { $elemMatch: { date: range } }, ...active() }),
      { $unwind: '$interviews' },
      { $match: { 'interviews.date': range } },
      this.jobLookup(),
      {
        $project: {
          _id: 0,
          applicationId: '$_id',
          applicationStatus: '$status',
          updatedAt: 1,
          interview: '$interviews',
          company: { $first: '$job.company' },
          title: { $first: '$job.title' },
        },
      },
      { $sort: { 'interview.date': 1, 'interview._id': 1 } },
    ]);
  }
}
