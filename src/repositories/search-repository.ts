// `career search`'s queries: one $text query per collection, on its text index (declared in
// the models with the user's id as its prefix, so each search reads this user's entries only
// and a real MongoDB accepts it: a compound text index needs that equality), sorted by
// MongoDB's text score. Plus the records that name what was found: the applications of the
// jobs found, the connections of the contacts found (their words are their job's and
// contact's, which they do not hold themselves).
import type { Model, QueryFilter, Types } from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import type {
  ApplicationRecord,
  ConnectionRecord,
  ContactRecord,
  DevelopmentActivityRecord,
  JobRecord,
} from '../models/index.js';
import type { ActivityDocument } from './activity-repository.js';
import type { ApplicationDocument } from './application-repository.js';
import type { ConnectionDocument } from './connection-repository.js';
import type { ContactDocument } from './contact-repository.js';
import type { JobDocument } from './job-repository.js';

/** A record a search found, with MongoDB's text score for it. */
export interface TextMatch<T> {
  record: T;
  score: number;
}

export interface SearchModels {
  Job: Model<JobRecord>;
  Application: Model<ApplicationRecord>;
  Contact: Model<ContactRecord>;
  Connection: Model<ConnectionRecord>;
  DevelopmentActivity: Model<DevelopmentActivityRecord>;
}

type Scored<T> = T & { score: number };

// $in lists kept short: the embedded engine rechecks each candidate against the list.
const IN_CHUNK = 200;

export class SearchRepository {
  constructor(
    private readonly models: SearchModels,
    private readonly userId: Types.ObjectId,
  ) {}

  jobs(search: string, limit: number): Promise<TextMatch<JobDocument>[]> {
    return this.matching<JobDocument, JobRecord>(this.models.Job, search, limit);
  }

  applications(search: string, limit: number): Promise<TextMatch<ApplicationDocument>[]> {
    return this.matching<ApplicationDocument, ApplicationRecord>(
      this.models.Application,
      search,
      limit,
    );
  }

  contacts(search: string, limit: number): Promise<TextMatch<ContactDocument>[]> {
    return this.matching<ContactDocument, ContactRecord>(this.models.Contact, search, limit);
  }

  connections(search: string, limit: number): Promise<TextMatch<ConnectionDocument>[]> {
    return this.matching<ConnectionDocument, ConnectionRecord>(
      this.models.Connection,
      search,
      limit,
    );
  }

  activities(search: string, limit: number): Promise<TextMatch<ActivityDocument>[]> {
    return this.matching<ActivityDocument, DevelopmentActivityRecord>(
      this.models.DevelopmentActivity,
      search,
      limit,
    );
  }

  /** This user's applications for these jobs, at most `limit`, newest first. */
  applicationsOfJobs(
    jobIds: readonly Types.ObjectId[],
    limit: number,
  ): Promise<ApplicationDocument[]> {
    return this.referring<ApplicationDocument, ApplicationRecord>(
      this.models.Application,
      'jobId',
      jobIds,
      limit,
    );
  }

  /** This user's connections with these contacts, at most `limit`, newest first. */
  connectionsOfContacts(
    contactIds: readonly Types.ObjectId[],
    limit: number,
  ): Promise<ConnectionDocument[]> {
    return this.referring<ConnectionDocument, ConnectionRecord>(
      this.models.Connection,
      'contactId',
      contactIds,
      limit,
    );
  }

  /**
   * The `limit` best of this user's records matching `search` (MongoDB's $text search string:
   * words ORed, "quoted phrases" required, -word excluded), best first, then newest.
   */
  private async matching<T, R>(
    model: Model<R>,
    search: string,
    limit: number,
  ): Promise<TextMatch<T>[]> {
    // $text is refused by sanitizeFilter unless trusted: its operand is ours, the search string
    // inside it is only ever a string (never an operator), whatever the user typed.
    const filter = { $text: mongoose.trusted({ $search: String(search) }), userId: this.userId };
    const score = { $meta: 'textScore' };
    const found = await model
      .find(filter as QueryFilter<R>, { score })
      .sort({ score, _id: -1 })
      .limit(limit)
      .lean<Scored<T>[]>();
    return found.map(({ score: value, ...record }) => ({ record: record as T, score: value }));
  }

  private async referring<T, R>(
    model: Model<R>,
    field: string,
    ids: readonly Types.ObjectId[],
    limit: number,
  ): Promise<T[]> {
    const found: T[] = [];
    for (let start = 0; start < ids.length && found.length < limit; start += IN_CHUNK) {
      const chunk = ids.slice(start, start + IN_CHUNK);
      const filter = { [field]: mongoose.trusted({ $in: chunk }), userId: this.userId };
      const batch = await model
        .find(filter as QueryFilter<R>)
        .sort({ _id: -1 })
        .limit(limit - found.length)
        .lean<T[]>();
      found.push(...batch);
    }
    return found;
  }
}
