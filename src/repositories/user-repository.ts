// Accounts. Unlike the per-user repositories, this one looks users up by email for sign-in;
// the password hash is read only by the methods that need it.
import type { InferRawDocTypeFromSchema, Model, Types } from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import type { UserRecord, userSchema } from '../models/index.js';
import { literalPattern } from './job-repository.js';
import { journaled } from './journal-step.js';

// Re-exported so services (and through them commands) never import the models.
export { GOAL_TYPES, NETWORKING_INTENSITIES, TIMEFRAMES } from '../models/index.js';

/** A user as the rest of the app sees it: no password hash (nor old records' lockout data). */
export type UserProfile = Omit<InferRawDocTypeFromSchema<typeof userSchema>, 'password'>;

/** What sign-in needs to check a password. */
export type UserCredentials = Pick<
  InferRawDocTypeFromSchema<typeof userSchema>,
  '_id' | 'password'
>;

/** The profile fields a person can set (everything but the password and the lockout). */
export interface ProfileFields {
  name?: string;
  email?: string;
  currentTitle?: string;
  currentCompany?: string;
  goalType?: UserRecord['goalType'];
  timeframe?: UserRecord['timeframe'];
  networkingIntensity?: UserRecord['networkingIntensity'];
  skills?: string[];
  preferences?: { notifications?: boolean; emailUpdates?: boolean };
}

export interface NewUser extends ProfileFields {
  name: string;
  email: string;
  passwordHash: string;
}

/** The default preferences the seed gives every user (also migration 1's values). */
export const DEFAULT_PREFERENCES = { notifications: true, emailUpdates: true } as const;

const CREDENTIAL_FIELDS = { _id: 1, password: 1 } as const;

function toCredentials(doc: UserCredentials | null): UserCredentials | undefined {
  return doc ? { _id: doc._id, password: doc.password } : undefined;
}

export class UserRepository {
  constructor(private readonly model: Model<UserRecord>) {}

  async findProfile(id: Types.ObjectId): Promise<UserProfile | undefined> {
    const user = await this.model.findById(id).lean<UserProfile>();
    return user ?? undefined;
  }

  /** Whether an account uses this email (normalised by the caller, as it is stored). */
  async emailTaken(email: string, exceptId?: Types.ObjectId): Promise<boolean> {
    const filter: Record<string, unknown> = { email };
    if (exceptId) filter._id = mongoose.trusted({ $ne: exceptId });
    return (await this.model.exists(filter)) !== null;
  }

  async create(user: NewUser): Promise<UserProfile> {
    const { passwordHash, ...profile } = user;
    const created = await this.model.create({ ...profile, password: passwordHash });
    const saved = await this.findProfile(created._id);
    if (!saved) throw new Error('the new account could not be read back');
    return saved;
  }

  /** The credentials of the account with this email (normalised by the caller, as stored). */
  async findCredentialsByEmail(email: string): Promise<UserCredentials | undefined> {
    const doc = await this.model
      .findOne({ email })
      .select(CREDENTIAL_FIELDS)
      .lean<UserCredentials>();
    return toCredentials(doc);
  }

  async findCredentials(id: Types.ObjectId): Promise<UserCredentials | undefined> {
    const doc = await this.model.findById(id).select(CREDENTIAL_FIELDS).lean<UserCredentials>();
    return toCredentials(doc);
  }

  async setPasswordHash(id: Types.ObjectId, passwordHash: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { password: passwordHash } });
  }

  /** Sets the given fields (preferences field by field, so one flag keeps the other). */
  async updateProfile(id: Types.ObjectId, fields: ProfileFields): Promise<UserProfile | undefined> {
    const { preferences, ...rest } = fields;
    const set: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) set[key] = value;
    for (const [key, value] of Object.entries(preferences ?? {})) {
      if (value !== undefined) set[`preferences.${key}`] = value;
    }
    // Profile changes are journaled for `career undo` (never the password: see journal-step.ts).
    const user = await journaled(this.model, { ids: [id] }, () =>
      this.model
        .findOneAndUpdate(
          { _id: id },
          { $set: set },
          { returnDocument: 'after', runValidators: true },
        )
        .lean<UserProfile>(),
    );
    return user ?? undefined;
  }

  async addSkills(id: Types.ObjectId, skills: string[]): Promise<void> {
    await journaled(this.model, { ids: [id] }, () =>
      this.model.updateOne({ _id: id }, { $addToSet: { skills: { $each: skills } } }),
    );
  }

  /** Removes these skills whatever their letter case ("spark" removes "Spark"). */
  async removeSkills(id: Types.ObjectId, skills: string[]): Promise<void> {
    const patterns = skills.map((skill) => literalPattern(skill.trim(), true));
    await journaled(this.model, { ids: [id] }, () =>
      this.model.updateOne({ _id: id }, { $pull: { skills: { $in: patterns } } }),
    );
  }

  async remove(id: Types.ObjectId): Promise<number> {
    return (await this.model.deleteOne({ _id: id })).deletedCount;
  }

  /** Users stored without preferences get the defaults (one update for all of them). */
  async fillMissingPreferences(): Promise<number> {
    const result = await this.model.updateMany(
      { preferences: mongoose.trusted({ $exists: false }) },
      { $set: { preferences: { ...DEFAULT_PREFERENCES } } },
    );
    return result.modifiedCount;
  }

  async anyMissingPreferences(): Promise<boolean> {
    const found = await this.model.exists({ preferences: mongoose.trusted({ $exists: false }) });
    return found !== null;
  }

  async countMissingPreferences(): Promise<number> {
    return this.model.countDocuments({ preferences: mongoose.trusted({ $exists: false }) });
  }
}
