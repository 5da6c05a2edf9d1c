// Application records of one user. Every query is scoped to that user (see OwnedRepository).
import { Types, type Model } from 'mongoose';
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

/** An interview to add (its id is made by the repository). */
export type NewInterview = Omit<InterviewDocument, '_id'>;

/** A move to a new status: recorded in statusHistory, with the application date when set. */
export interface StatusMove {
  status: string;
  at: Date;
  applicationDate?: Date;
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
    const updated = await this.model
      .findOneAndUpdate(
        this.owned({ _id: id, status: fromStatus }),
        { $set, $push },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<ApplicationDocument>();
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
    const updated = await this.model
      .findOneAndUpdate(
        this.owned({ _id: id }),
        { $push: { interviews: { ...interview, _id: interviewId } } },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<ApplicationDocument>();
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
    const updated = await this.model
      .findOneAndUpdate(
        this.owned({ _id: id, 'interviews._id': interview._id }),
        { $set: { 'interviews.$': interview } },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<ApplicationDocument>();
    return updated ?? undefined;
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
