// Application records of one user. Every query is scoped to that user (see OwnedRepository).
import type { Model, Types } from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import type { ApplicationRecord } from '../models/index.js';
import { queryOptions, type ListQuery } from './list-query.js';

export { APPLICATION_STATUSES } from '../models/index.js';
import { OwnedRepository } from './owned-repository.js';

export interface InterviewDocument {
  _id: Types.ObjectId;
  date: Date;
  type?: string;
  notes?: string;
  status?: string;
}

export interface StatusChange {
  status: string;
  at: Date;
}

/** An application as read from the database (plain object). */
export interface ApplicationDocument {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  jobId: Types.ObjectId;
  status: string;
  applicationDate?: Date;
  notes?: string;
  documents?: { resumeUrl?: string; coverLetterUrl?: string };
  interviews: InterviewDocument[];
  statusHistory: StatusChange[];
  createdAt: Date;
  updatedAt: Date;
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
}

export class ApplicationRepository extends OwnedRepository<ApplicationRecord> {
  constructor(model: Model<ApplicationRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'application', listCommand: 'career apply list' });
  }

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
    const created = await this.model.create({
      ...rest,
      ...documents,
      userId: this.userId,
    } as unknown as ApplicationRecord);
    return created.toObject() as unknown as ApplicationDocument;
  }

  async findById(id: Types.ObjectId): Promise<ApplicationDocument | undefined> {
    return (
      (await this.model.findOne(this.owned({ _id: id })).lean<ApplicationDocument>()) ?? undefined
    );
  }

  /** Every matching application (for sorting in memory, e.g. by the job's company). */
  async findAll(filter: ApplicationFilter): Promise<ApplicationDocument[]> {
    return this.model.find(this.filterFor(filter)).lean<ApplicationDocument[]>();
  }

  async list(filter: ApplicationFilter, query: ListQuery): Promise<ApplicationDocument[]> {
    const { sort, skip, limit } = queryOptions(query);
    return this.model
      .find(this.filterFor(filter))
      .sort(sort)
      .skip(skip)
      .limit(limit)
      .lean<ApplicationDocument[]>();
  }

  async findForJob(jobId: Types.ObjectId): Promise<ApplicationDocument[]> {
    return this.model
      .find(this.owned({ jobId }))
      .sort({ createdAt: 1, _id: 1 })
      .lean<ApplicationDocument[]>();
  }

  async removeForJob(jobId: Types.ObjectId): Promise<number> {
    return (await this.model.deleteMany(this.owned({ jobId }))).deletedCount;
  }

  /** Applications that have at least one interview. */
  async findWithInterviews(): Promise<ApplicationDocument[]> {
    return this.model
      .find(this.owned({ 'interviews.0': mongoose.trusted({ $exists: true }) }))
      .lean<ApplicationDocument[]>();
  }

  /** Applications with an interview dated within [from, to] (the agenda; interviews.date index). */
  async withInterviewsBetween(from: Date, to: Date): Promise<ApplicationDocument[]> {
    return this.model
      .find(
        this.owned({
          interviews: mongoose.trusted({ $elemMatch: { date: { $gte: from, $lte: to } } }),
        }),
      )
      .sort({ _id: 1 })
      .lean<ApplicationDocument[]>();
  }

  /**
   * Sent applications still waiting (applied or interviewing) with no sign of life since
   * `before`: not updated, no status change and no interview (past or planned) on or after it.
   */
  async stalledSince(before: Date): Promise<ApplicationDocument[]> {
    return this.model
      .find(
        this.owned({
          status: mongoose.trusted({ $in: ['applied', 'interviewing'] }),
          updatedAt: mongoose.trusted({ $lt: before }),
          // On an array path, $not $gte means "no element on or after `before`".
          'statusHistory.at': mongoose.trusted({ $not: { $gte: before } }),
          'interviews.date': mongoose.trusted({ $not: { $gte: before } }),
        }),
      )
      .sort({ updatedAt: 1, _id: 1 })
      .lean<ApplicationDocument[]>();
  }

  /** How many applications were sent (status past toApply) with an applicationDate in [from, to]. */
  async countSentBetween(from: Date, to: Date): Promise<number> {
    return this.model.countDocuments(
      this.owned({
        applicationDate: mongoose.trusted({ $gte: from, $lte: to }),
        status: mongoose.trusted({ $ne: 'toApply' }),
      }),
    );
  }

  /** The number of applications in each status (statuses with none are left out). */
  async countByStatus(): Promise<Record<string, number>> {
    const groups = await this.model.aggregate<{ _id: string; count: number }>([
      { $match: { userId: this.userId } },
      { $group: { _id: '$status', count: { $sum: 1 } } },
    ]);
    return Object.fromEntries(groups.map((group) => [group._id, group.count]));
  }

  /** Sets `set` and removes the `unset` fields; the updated application, or undefined. */
  update(
    id: Types.ObjectId,
    set: ApplicationFields,
    unset: readonly string[] = [],
  ): Promise<ApplicationDocument | undefined> {
    return this.setAndUnset<ApplicationDocument>(id, set, unset);
  }

  private filterFor(filter: ApplicationFilter): Record<string, unknown> {
    const conditions: Record<string, unknown> = {};
    if (filter.status !== undefined) conditions.status = filter.status;
    if (filter.jobIds !== undefined)
      conditions.jobId = mongoose.trusted({ $in: [...filter.jobIds] });
    if (filter.since !== undefined || filter.until !== undefined) {
      const range: Record<string, Date> = {};
      if (filter.since !== undefined) range.$gte = filter.since;
      if (filter.until !== undefined) range.$lte = filter.until;
      conditions.applicationDate = mongoose.trusted(range);
    }
    return this.owned(conditions);
  }

  /** Deletes every record of this user (for `career profile delete`). */
  async removeAllForUser(): Promise<number> {
    return (await this.model.deleteMany(this.owned())).deletedCount;
  }
}
