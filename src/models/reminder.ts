// What `career remind` has reminded a user of: one record per reminder, named by its key
// (the item's kind, its record's id and its due time), so a reminder is given once. The unique
// { userId, key } index decides between two runs at once: the one whose insert goes in
// delivers it, the other skips it.
import type { InferSchemaType } from 'mongoose';
import { Schema } from '../db/mongoose.js';

/** The kinds of items reminded of (the agenda's, less stalled applications). */
export const REMINDER_KINDS = [
  'follow-up',
  'interview',
  'offer',
  'keep-in-touch',
  'learning',
] as const;

export const reminderSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** `kind:record id:due (ISO 8601)`: a new due time (a snooze) is a new reminder. */
    key: { type: String, required: true, maxlength: 200 },
    kind: { type: String, enum: REMINDER_KINDS, required: true },
    /** When the item was due, as reminded. */
    due: { type: Date, required: true },
    remindedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'reminders' },
);

// One reminder per item and user: the race between two runs is decided here.
reminderSchema.index({ userId: 1, key: 1 }, { unique: true });
// Pruning old reminders reads a user's by age.
reminderSchema.index({ userId: 1, remindedAt: 1 });

export type ReminderRecord = InferSchemaType<typeof reminderSchema>;
