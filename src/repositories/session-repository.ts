// Sign-in sessions, found by the hash of their token (the token itself is never stored).
import type { InferRawDocTypeFromSchema, Model, Types } from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import type { SessionRecord, sessionSchema } from '../models/index.js';

/** What a valid session gives: whose it is and until when. */
export type ActiveSession = Pick<
  InferRawDocTypeFromSchema<typeof sessionSchema>,
  'userId' | 'expiresAt'
>;

export class SessionRepository {
  constructor(private readonly model: Model<SessionRecord>) {}

  async create(tokenHash: string, userId: Types.ObjectId, expiresAt: Date): Promise<void> {
    await this.model.create({ tokenHash, userId, expiresAt, lastUsedAt: new Date() });
  }

  /** The session with this token hash, unless it has expired. */
  async findActive(tokenHash: string, now = new Date()): Promise<ActiveSession | undefined> {
    const session = await this.model
      .findOne(
        { tokenHash, expiresAt: mongoose.trusted({ $gt: now }) },
        { userId: 1, expiresAt: 1 },
      )
      // From the primary whatever the connection's read preference: a secondary may not have
      // the session of a sign-in a moment ago yet.
      .read('primary')
      .lean<ActiveSession>();
    return session ?? undefined;
  }

  async remove(tokenHash: string): Promise<void> {
    await this.model.deleteOne({ tokenHash });
  }

  async removeAllFor(userId: Types.ObjectId): Promise<number> {
    return (await this.model.deleteMany({ userId })).deletedCount;
  }

  /** Ends the user's other sessions (after a password change), keeping this one. */
  async removeOthersFor(userId: Types.ObjectId, keepTokenHash: string): Promise<number> {
    return (
      await this.model.deleteMany({ userId, tokenHash: mongoose.trusted({ $ne: keepTokenHash }) })
    ).deletedCount;
  }
}
