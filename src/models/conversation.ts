// The conversation with the career coach (the seed's Conversation).
import type { InferSchemaType } from 'mongoose';
import { Schema } from '../db/mongoose.js';
import { withNaturalKey } from './natural-key.js';

export const MESSAGE_SENDERS = ['user', 'assistant'] as const;
/** Who wrote an assistant message: the built-in advisor or a remote chat-completions model. */
export const MESSAGE_ADVISORS = ['offline', 'remote'] as const;

const messageSchema = new Schema(
  {
    sender: { type: String, enum: MESSAGE_SENDERS, required: true },
    content: { type: String, required: true },
    timestamp: { type: Date, default: () => new Date() },
    // Optional (messages stored before these existed have neither): assistant messages only.
    advisor: { type: String, enum: MESSAGE_ADVISORS },
    model: { type: String },
  },
  { _id: false },
);

export const conversationSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    messages: { type: [messageSchema], default: [] },
  },
  { timestamps: true, versionKey: false },
);

// One conversation per user: its natural key is a constant, unique with userId.
withNaturalKey(conversationSchema);
// The user's conversation, most recent first.
conversationSchema.index({ userId: 1, updatedAt: -1 });

export type ConversationRecord = InferSchemaType<typeof conversationSchema>;
