// Conversation records of one user: one document per user holding every message with the
// coach. Every query is scoped to that user (see OwnedRepository); an exchange is appended
// with one atomic $push (creating the document on the first one: the unique index on userId +
// naturalKey makes two first exchanges at once share one document).
import type { InferRawDocTypeFromSchema, Model, Types } from 'mongoose';
import {
  MESSAGE_ADVISORS,
  MESSAGE_SENDERS,
  type ConversationRecord,
  type conversationSchema,
} from '../models/index.js';
import { isDuplicateKeyError } from './duplicate-record.js';
import { CONVERSATION_KEY, CONVERSATION_KEY_DEFINITION, NATURAL_KEY } from './natural-keys.js';
import { OwnedRepository } from './owned-repository.js';

// Re-exported so services never import the models.
export { MESSAGE_ADVISORS, MESSAGE_SENDERS };
export type MessageSender = (typeof MESSAGE_SENDERS)[number];
export type MessageAdvisor = (typeof MESSAGE_ADVISORS)[number];

/**
 * One message as stored, derived from its schema: `advisor` (which advisor answered) is
 * set on assistant messages (absent on older ones), `model` on remote answers.
 */
export type MessageDocument = InferRawDocTypeFromSchema<
  typeof conversationSchema
>['messages'][number];

// The user's conversation is the most recently updated one (there is normally exactly one).
const NEWEST_FIRST = { updatedAt: -1, _id: -1 } as const;

export class ConversationRepository extends OwnedRepository<ConversationRecord> {
  constructor(model: Model<ConversationRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'conversation' }, CONVERSATION_KEY_DEFINITION);
  }

  /** Appends messages to the user's conversation in one atomic update, creating it if needed. */
  async append(messages: readonly MessageDocument[]): Promise<void> {
    const update = {
      $push: { messages: { $each: [...messages] } },
      $setOnInsert: { [NATURAL_KEY]: CONVERSATION_KEY },
    };
    const options = {
      upsert: true,
      sort: NEWEST_FIRST,
      runValidators: true,
      projection: { _id: 1 },
    };
    try {
      await this.model.findOneAndUpdate(this.owned(), update, options);
    } catch (error) {
      // Another first exchange created the conversation meanwhile: append to that one.
      if (!isDuplicateKeyError(error)) throw error;
      await this.model.findOneAndUpdate(this.owned(), update, options);
    }
  }

  /**
   * The last `limit` messages, oldest first, picked in the database. Read across all of the
   * user's conversation documents: before the unique key (and its migration, which merges
   * them), two first exchanges racing could each create one.
   */
  async recentMessages(limit: number): Promise<MessageDocument[]> {
    if (limit <= 0) return [];
    const latest = await this.model.aggregate<MessageDocument>([
      { $match: { userId: this.userId } },
      { $unwind: { path: '$messages', includeArrayIndex: 'position' } },
      // Stored order (an exchange stays together), the newest conversation document first.
      { $sort: { updatedAt: -1, _id: -1, position: -1 } },
      { $limit: limit },
      { $replaceRoot: { newRoot: '$messages' } },
    ]);
    return latest.reverse();
  }

  /** How many messages the user's conversations hold, counted in the database. */
  async countMessages(): Promise<number> {
    const [result] = await this.model.aggregate<{ count: number }>([
      { $match: { userId: this.userId } },
      { $group: { _id: null, count: { $sum: { $size: { $ifNull: ['$messages', []] } } } } },
    ]);
    return result?.count ?? 0;
  }

  /** Deletes the user's conversation; the number of messages it held. */
  async clear(): Promise<number> {
    const count = await this.countMessages();
    await this.model.deleteMany(this.owned());
    return count;
  }
}
