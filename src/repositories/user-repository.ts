// Accounts. Unlike the per-user repositories, this one looks users up by email for sign-in;
// the password hash and lockout fields are read only by the methods that need them.
import type { Model, Types } from 'mongoose';
import type { UserRecord } from '../models/index.js';

/** A user as the rest of the app sees it: no password hash, no lockout data. */
export type UserProfile = Omit<UserRecord, 'password' | 'security'> & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};

export class UserRepository {
  constructor(private readonly model: Model<UserRecord>) {}

  async findProfile(id: Types.ObjectId): Promise<UserProfile | undefined> {
    const user = await this.model.findById(id).lean<UserProfile>();
    return user ?? undefined;
  }
}
