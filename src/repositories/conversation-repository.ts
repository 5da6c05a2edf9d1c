// Conversation records of one user. Every query is scoped to that user (see OwnedRepository).
import type { Model, Types } from 'mongoose';
import type { ConversationRecord } from '../models/index.js';
import { OwnedRepository } from './owned-repository.js';

export class ConversationRepository extends OwnedRepository<ConversationRecord> {
  constructor(model: Model<ConversationRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'conversation', listCommand: 'career coach history' });
  }

  /** Deletes every record of this user (for `career profile delete`). */
  async removeAllForUser(): Promise<number> {
    return (await this.model.deleteMany(this.owned())).deletedCount;
  }
}
