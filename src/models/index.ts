// Every model, registered on one Mongoose connection. Only repositories use these.
import type { Connection, Model } from 'mongoose';
import { applicationSchema, type ApplicationRecord } from './application.js';
import { connectionSchema, type ConnectionRecord } from './connection.js';
import { contactSchema, type ContactRecord } from './contact.js';
import { conversationSchema, type ConversationRecord } from './conversation.js';
import {
  developmentActivitySchema,
  type DevelopmentActivityRecord,
} from './development-activity.js';
import { jobSchema, type JobRecord } from './job.js';
import { journalSchema, type JournalRecord } from './journal.js';
import { loginAttemptSchema, type LoginAttemptRecord } from './login-attempt.js';
import { reminderSchema, type ReminderRecord } from './reminder.js';
import { schemaVersionSchema, type SchemaVersionRecord } from './schema-version.js';
import { sessionSchema, type SessionRecord } from './session.js';
import { userSchema, type UserRecord } from './user.js';

export interface CareerModels {
  User: Model<UserRecord>;
  Session: Model<SessionRecord>;
  Job: Model<JobRecord>;
  Application: Model<ApplicationRecord>;
  Contact: Model<ContactRecord>;
  Connection: Model<ConnectionRecord>;
  DevelopmentActivity: Model<DevelopmentActivityRecord>;
  Conversation: Model<ConversationRecord>;
  SchemaVersion: Model<SchemaVersionRecord>;
  LoginAttempt: Model<LoginAttemptRecord>;
  Reminder: Model<ReminderRecord>;
  Journal: Model<JournalRecord>;
}

const registered = new WeakMap<Connection, CareerModels>();

export function careerModels(connection: Connection): CareerModels {
  let models = registered.get(connection);
  if (!models) {
    models = {
      User: connection.model<UserRecord>('User', userSchema),
      Session: connection.model<SessionRecord>('Session', sessionSchema),
      Job: connection.model<JobRecord>('Job', jobSchema),
      Application: connection.model<ApplicationRecord>('Application', applicationSchema),
      Contact: connection.model<ContactRecord>('Contact', contactSchema),
      Connection: connection.model<ConnectionRecord>('Connection', connectionSchema),
      DevelopmentActivity: connection.model<DevelopmentActivityRecord>(
        'DevelopmentActivity',
        developmentActivitySchema,
      ),
      Conversation: connection.model<ConversationRecord>('Conversation', conversationSchema),
      SchemaVersion: connection.model<SchemaVersionRecord>('SchemaVersion', schemaVersionSchema),
      LoginAttempt: connection.model<LoginAttemptRecord>('LoginAttempt', loginAttemptSchema),
      Reminder: connection.model<ReminderRecord>('Reminder', reminderSchema),
      Journal: connection.model<JournalRecord>('Journal', journalSchema),
    };
    registered.set(connection, models);
  }
  return models;
}

/**
 * The version of the set of indexes the schemas declare: raise it whenever an index is added
 * or changed, so databases that already have the previous set get the new one.
 */
export const INDEX_SET_VERSION = 10;
const INDEX_MARKER_ID = 'indexes';

/**
 * Indexes earlier versions created that a declared one now serves (the same fields with _id
 * added, so a listing's page comes in index order): dropped when the set changes, so writes
 * do not keep maintaining both.
 */
export const RETIRED_INDEXES: Readonly<Record<string, readonly string[]>> = {
  applications: ['userId_1_status_1_updatedAt_-1'],
  contacts: ['userId_1_name_1'],
  jobs: ['userId_1_createdAt_-1'],
};

const INDEX_NOT_FOUND = 27;
const NAMESPACE_NOT_FOUND = 26;

async function dropRetiredIndexes(models: CareerModels): Promise<void> {
  for (const model of Object.values(models) as Model<unknown>[]) {
    for (const name of RETIRED_INDEXES[model.collection.collectionName] ?? []) {
      await model.collection.dropIndex(name).catch((error: unknown) => {
        const code = (error as { code?: unknown }).code;
        if (code !== INDEX_NOT_FOUND && code !== NAMESPACE_NOT_FOUND) throw error;
      });
    }
  }
}

/**
 * Creates every index the schemas declare, once per database and index-set version: the
 * marker in schema_version saves each later command a createIndexes round trip per model.
 * `rebuild` creates them whatever the marker says: restored data brings the marker of the
 * database it was backed up from, which says nothing of this one's indexes.
 */
export async function ensureIndexes(
  models: CareerModels,
  options: { rebuild?: boolean } = {},
): Promise<void> {
  if (options.rebuild !== true) {
    const marker = await models.SchemaVersion.findById(INDEX_MARKER_ID).lean<{
      version?: number;
    }>();
    if (marker?.version === INDEX_SET_VERSION) return;
  }
  for (const model of Object.values(models) as Model<unknown>[]) await model.createIndexes();
  await dropRetiredIndexes(models);
  await models.SchemaVersion.updateOne(
    { _id: INDEX_MARKER_ID },
    { $set: { version: INDEX_SET_VERSION } },
    { upsert: true },
  );
}

export * from './application.js';
export * from './connection.js';
export * from './contact.js';
export * from './conversation.js';
export * from './development-activity.js';
export * from './job.js';
export * from './journal.js';
export * from './login-attempt.js';
export * from './reminder.js';
export * from './session.js';
export * from './user.js';
