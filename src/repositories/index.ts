// The repositories over one database connection. The only door from services to the data:
// services never see a model. Per-user repositories come from forUser(), scoped to that user.
import type { Connection, Types } from 'mongoose';
import { careerModels, ensureIndexes, type CareerModels } from '../models/index.js';
import { ActivityRepository } from './activity-repository.js';
import { ApplicationRepository } from './application-repository.js';
import { ConnectionRepository } from './connection-repository.js';
import { ContactRepository } from './contact-repository.js';
import { ConversationRepository } from './conversation-repository.js';
import { JobRepository } from './job-repository.js';
import { LinkRepository } from './link-repository.js';
import { LoginAttemptRepository } from './login-attempt-repository.js';
import { OfferRepository } from './offer-repository.js';
import { ReminderRepository } from './reminder-repository.js';
import {
  anyUnkeyed,
  backfillNaturalKeys,
  countUnkeyed,
  type BackfillReport,
} from './natural-key-backfill.js';
import { SearchRepository } from './search-repository.js';
import { SchemaVersionRepository } from './schema-version-repository.js';
import { SessionRepository } from './session-repository.js';
import { UserRepository } from './user-repository.js';

export interface UserRepositories {
  jobs: JobRepository;
  applications: ApplicationRepository;
  contacts: ContactRepository;
  connections: ConnectionRepository;
  activities: ActivityRepository;
  conversations: ConversationRepository;
  /** Offers: the offers on applications (same collection, own queries). */
  offers: OfferRepository;
  search: SearchRepository;
  /** People on applications (issue 15). */
  links: LinkRepository;
  /** What `remind` has reminded the user of (issue 16). */
  reminders: ReminderRepository;
}

export class Repositories {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly schemaVersions: SchemaVersionRepository;
  readonly loginAttempts: LoginAttemptRepository;
  private readonly models: CareerModels;

  constructor(connection: Connection) {
    this.models = careerModels(connection);
    this.users = new UserRepository(this.models.User);
    this.sessions = new SessionRepository(this.models.Session);
    this.schemaVersions = new SchemaVersionRepository(this.models.SchemaVersion);
    this.loginAttempts = new LoginAttemptRepository(this.models.LoginAttempt);
  }

  /**
   * Creates the collections' indexes (idempotent), before the first query relies on them;
   * with `rebuild`, whatever the index marker says (after a restore).
   */
  prepare(options: { rebuild?: boolean } = {}): Promise<void> {
    return ensureIndexes(this.models, options);
  }

  /**
   * Gives every record stored before natural keys existed its key, across all users,
   * merging exact copies and keeping (marked) other duplicates: migration 2.
   */
  backfillNaturalKeys(): Promise<BackfillReport> {
    return backfillNaturalKeys(this.models);
  }

  /** How many records have no natural key yet. */
  countUnkeyed(): Promise<number> {
    return countUnkeyed(this.models);
  }

  /** Whether any record has no natural key yet (cheaper than counting them). */
  anyUnkeyed(): Promise<boolean> {
    return anyUnkeyed(this.models);
  }

  forUser(userId: Types.ObjectId): UserRepositories {
    const models = this.models;
    return {
      jobs: new JobRepository(models.Job, userId),
      applications: new ApplicationRepository(models.Application, userId),
      contacts: new ContactRepository(models.Contact, userId),
      connections: new ConnectionRepository(models.Connection, userId),
      activities: new ActivityRepository(models.DevelopmentActivity, userId),
      conversations: new ConversationRepository(models.Conversation, userId),
      offers: new OfferRepository(models.Application, userId),
      search: new SearchRepository(models, userId),
      links: new LinkRepository(models.Application, userId),
      reminders: new ReminderRepository(models.Reminder, userId),
    };
  }
}

export type { NewUser, ProfileFields, UserCredentials, UserProfile } from './user-repository.js';
export { declaredCollections } from './declared-indexes.js';
export {
  DEFAULT_PREFERENCES,
  GOAL_TYPES,
  NETWORKING_INTENSITIES,
  TIMEFRAMES,
} from './user-repository.js';
export type { Admission, ThrottleRules } from './login-attempt-repository.js';
export type { AppliedMigration, SchemaState } from './schema-version-repository.js';
export type { BackfillReport, KeptDuplicate } from './natural-key-backfill.js';
export type { ListQuery } from './list-query.js';
export { parseListQuery, queryOptions } from './list-query.js';
