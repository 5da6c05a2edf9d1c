// The user's relationship with a contact (the seed's Connection) and its follow-ups.
import type { InferSchemaType } from 'mongoose';
import { Schema } from '../db/mongoose.js';

export const CONNECTION_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export const CONNECTION_TYPES = ['mentor', 'peer', 'professional'] as const;

const followUpSchema = new Schema(
  {
    type: { type: String, trim: true, required: true },
    dueDate: { type: Date, required: true },
    notes: { type: String },
    completed: { type: Boolean, default: false },
    completedAt: { type: Date },
    // Recurring follow-ups (cadence): the next occurrence's step, and whether it counts from
    // the completion (todo.txt's normal mode) rather than from the due date (strict mode).
    // A nested path, not a subdocument: the import's fast record checker reads nested paths.
    every: { days: { type: Number, min: 0 }, months: { type: Number, min: 0 } },
    fromDone: { type: Boolean },
  },
  { _id: true },
);

export const connectionSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    contactId: { type: Schema.Types.ObjectId, ref: 'Contact', required: true },
    status: { type: String, enum: CONNECTION_STATUSES, default: 'pending', required: true },
    type: { type: String, enum: CONNECTION_TYPES, default: 'professional', required: true },
    notes: { type: String },
    followUps: { type: [followUpSchema], default: [] },
    // Keep in touch (cadence): days between contacts; absent = no cadence.
    cadenceDays: { type: Number, min: 1, validate: Number.isInteger },
    // Archive (issue 15): when it was archived; absent = not archived (restorable, not a move).
    archivedAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);

// The seed's indexes.
connectionSchema.index({ userId: 1 });
connectionSchema.index({ contactId: 1 });
connectionSchema.index({ status: 1 });
connectionSchema.index({ 'followUps.dueDate': 1 });
// One connection per contact: `connect add` for a known contact updates rather than duplicates.
connectionSchema.index({ userId: 1, contactId: 1 }, { unique: true });
// `connect list --status`.
connectionSchema.index({ userId: 1, status: 1 });
// Follow-ups due, for `connect followup list` and the agenda.
connectionSchema.index({ userId: 1, 'followUps.dueDate': 1 });
// A follow-up by its own id or prefix, across the user's connections (`connect followup done ID`).
connectionSchema.index({ userId: 1, 'followUps._id': 1 });
// Connections with a cadence, for the agenda's keep-in-touch items.
connectionSchema.index({ userId: 1, cadenceDays: 1 });
// search: `career search` finds a connection by its notes and follow-up notes (its contact's
// words are the contact's: the search adds the connections of the contacts it finds).
connectionSchema.index(
  { userId: 1, notes: 'text', 'followUps.notes': 'text' },
  { name: 'search', weights: { notes: 1, 'followUps.notes': 1 } },
);

export type ConnectionRecord = InferSchemaType<typeof connectionSchema>;
