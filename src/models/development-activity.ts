// Learning: courses, certifications, workshops and projects (the seed's DevelopmentActivity).
import type { InferSchemaType } from 'mongoose';
import { Schema } from '../db/mongoose.js';
import { withNaturalKey } from './natural-key.js';

export const ACTIVITY_TYPES = ['course', 'certification', 'workshop', 'project'] as const;
export const ACTIVITY_STATUSES = ['planned', 'in-progress', 'completed'] as const;

export const developmentActivitySchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    type: { type: String, enum: ACTIVITY_TYPES, required: true },
    title: { type: String, required: true, trim: true },
    provider: { type: String, trim: true },
    startDate: { type: Date },
    /** When the user expects to finish (the agenda flags in-progress work past it). */
    expectedEndDate: { type: Date },
    completionDate: { type: Date },
    status: { type: String, enum: ACTIVITY_STATUSES, default: 'planned', required: true },
    skills: [{ type: String, trim: true }],
    notes: { type: String },
    certificateUrl: { type: String, trim: true },
  },
  { timestamps: true, versionKey: false },
);

// The seed's indexes.
developmentActivitySchema.index({ userId: 1 });
developmentActivitySchema.index({ type: 1 });
developmentActivitySchema.index({ status: 1 });
developmentActivitySchema.index({ skills: 1 });
// Imports find an activity by title (its natural key: type + title + provider).
developmentActivitySchema.index({ userId: 1, title: 1 });
// One activity per type + title + provider (its natural key).
withNaturalKey(developmentActivitySchema);
// `learn list --status` and `--type`.
developmentActivitySchema.index({ userId: 1, status: 1 });
developmentActivitySchema.index({ userId: 1, type: 1 });
// search: `career search` finds an activity by its words, the user's alone (prefix userId).
developmentActivitySchema.index(
  { userId: 1, title: 'text', provider: 'text', skills: 'text', notes: 'text' },
  { name: 'search', weights: { title: 10, provider: 5, skills: 3, notes: 1 } },
);

export type DevelopmentActivityRecord = InferSchemaType<typeof developmentActivitySchema>;
