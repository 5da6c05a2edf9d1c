// The undo journal (`career undo`): one document per step (one command) of one user, holding
// what reverses it: for each record it changed, the record as it was before (null when the
// step inserted it) and a hash of what the step left, or, for the many records an import
// inserts, only their ids. Bounded (the newest steps of the last days), never backed up and
// emptied by a restore: see src/repositories/journal-step.ts.
import type { InferSchemaType } from 'mongoose';
import { Schema } from '../db/mongoose.js';

/** The collection's name: backups leave it out by this name. */
export const JOURNAL_COLLECTION = 'journal';

export const journalSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** When the step's command ran. */
    at: { type: Date, required: true },
    /** The command, as its words after `career` ("apply status"). */
    command: { type: String, required: true },
    /** The changes, in the order they were made (written by the driver, never cast). */
    changes: { type: [Schema.Types.Mixed], default: [] },
    /** Records changed, by collection (each record once). */
    counts: { type: Schema.Types.Mixed, default: {} },
    /** The changes' BSON bytes, to keep the document far below MongoDB's 16 MB. */
    bytes: { type: Number, default: 0 },
    /** The step changed too much to keep what reverses it: it cannot be undone. */
    tooLarge: { type: Boolean },
  },
  { versionKey: false, collection: JOURNAL_COLLECTION },
);

// A user's steps, newest first: what `undo` and `undo --list` read, and what pruning walks.
journalSchema.index({ userId: 1, at: -1 });

export type JournalRecord = InferSchemaType<typeof journalSchema>;
