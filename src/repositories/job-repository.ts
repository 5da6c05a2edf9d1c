// Job records of one user. Every query is scoped to that user (see OwnedRepository).
import type { InferRawDocTypeFromSchema, Model, Types } from 'mongoose';
import type { JobRecord, jobSchema } from '../models/index.js';
import type { ListQuery, Page } from './list-query.js';

export { EMPLOYMENT_TYPES, WORK_MODES } from '../models/index.js';
import { JOB_KEY } from './natural-keys.js';
import { OwnedRepository } from './owned-repository.js';

/** A job as read from the database (plain object), derived from its schema. */
export type JobDocument = InferRawDocTypeFromSchema<typeof jobSchema>;

/** The fields a person sets on a job (userId and timestamps are managed here). */
export interface JobFields {
  company?: string;
  title?: string;
  location?: string;
  url?: string;
  source?: string;
  salary?: { min?: number; max?: number; currency?: string; period?: string };
  workMode?: string;
  employmentType?: string;
  postedAt?: Date;
  validThrough?: Date;
  description?: string;
  tags?: string[];
}

export interface JobFilter {
  /** Case-insensitive substring of the company name (taken literally, not as a pattern). */
  companyContains?: string;
  tag?: string;
  workMode?: string;
}

/** A regular expression matching `text` literally (metacharacters escaped). */
export function literalPattern(text: string, whole: boolean): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  return new RegExp(whole ? `^${escaped}$` : escaped, 'i');
}

/** The conditions of a job listing (the user is added by `owned`). */
function conditionsFor(filter: JobFilter): Record<string, unknown> {
  const conditions: Record<string, unknown> = {};
  if (filter.companyContains !== undefined) {
    conditions.company = literalPattern(filter.companyContains, false);
  }
  // Plain string values: an array field matches when it contains the value.
  if (filter.tag !== undefined) conditions.tags = filter.tag;
  if (filter.workMode !== undefined) conditions.workMode = filter.workMode;
  return conditions;
}

export class JobRepository extends OwnedRepository<JobRecord> {
  constructor(model: Model<JobRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'job' }, JOB_KEY);
  }

  /** A new job; DuplicateRecordError when one with this company and title exists. */
  create(fields: JobFields): Promise<JobDocument> {
    return this.createKeyed<JobDocument>(fields);
  }

  async findById(id: Types.ObjectId): Promise<JobDocument | undefined> {
    return (await this.findOwnedById<JobDocument>(id)) ?? undefined;
  }

  /** This user's jobs among `ids` (one query, for showing company/title next to applications). */
  findByIds(ids: readonly Types.ObjectId[]): Promise<JobDocument[]> {
    return this.findOwnedByIds<JobDocument>(ids);
  }

  /** The user's job with exactly this company and title, ignoring case (the oldest if several). */
  async findByCompanyAndTitle(company: string, title: string): Promise<JobDocument | undefined> {
    const job = await this.model
      .findOne(
        this.owned({ company: literalPattern(company, true), title: literalPattern(title, true) }),
      )
      .sort({ createdAt: 1, _id: 1 })
      .lean<JobDocument>();
    return job ?? undefined;
  }

  async list(filter: JobFilter, query: ListQuery): Promise<Page<JobDocument>> {
    return this.listPage<JobDocument>(conditionsFor(filter), query);
  }

  /** The ids of the user's jobs whose company contains `text` (case-insensitive). */
  async idsWithCompanyContaining(text: string): Promise<Types.ObjectId[]> {
    const jobs = await this.model
      .find(this.owned(conditionsFor({ companyContains: text })), { _id: 1 })
      .lean<{ _id: Types.ObjectId }[]>();
    return jobs.map((job) => job._id);
  }

  /** Sets `set` and removes the `unset` fields; the updated job, or undefined if not found. */
  update(
    id: Types.ObjectId,
    set: JobFields,
    unset: readonly string[] = [],
  ): Promise<JobDocument | undefined> {
    return this.setAndUnset<JobDocument>(id, set, unset);
  }
}
