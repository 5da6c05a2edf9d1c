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
}

const registered = new WeakMap<Connection, CareerModels>();

export function careerModels(connection: Connection): CareerModels {
  let models = registered.get(connection);
  if (!models) {
    models = {
      User: connection.model('User', userSchema),
      Session: connection.model('Session', sessionSchema),
      Job: connection.model('Job', jobSchema),
      Application: connection.model('Application', applicationSchema),
      Contact: connection.model('Contact', contactSchema),
      Connection: connection.model('Connection', connectionSchema),
      DevelopmentActivity: connection.model('DevelopmentActivity', developmentActivitySchema),
      Conversation: connection.model('Conversation', conversationSchema),
      SchemaVersion: connection.model('SchemaVersion', schemaVersionSchema),
    } as CareerModels;
    registered.set(connection, models);
  }
  return models;
}

/** Creates every index the schemas declare (idempotent; run when a database is first used). */
export async function ensureIndexes(models: CareerModels): Promise<void> {
  for (const model of Object.values(models) as Model<unknown>[]) await model.createIndexes();
}

export * from './application.js';
export * from './connection.js';
export * from './contact.js';
export * from './conversation.js';
export * from './development-activity.js';
export * from './job.js';
export * from './session.js';
export * from './user.js';
