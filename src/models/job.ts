// A job opening (what Application.jobId refers to). Not in the seed, which points at it.
import type { InferSchemaType } from 'mongoose';
import { Schema } from '../db/mongoose.js';
import { withNaturalKey } from './natural-key.js';
import { EMPLOYMENT_TYPES } from '../domain/job-terms.js';
import { PAY_PERIODS } from '../domain/money.js';

export { EMPLOYMENT_TYPES };

export const WORK_MODES = ['remote', 'hybrid', 'onsite'] as const;

export const jobSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    company: { type: String, required: true, trim: true },
    title: { type: String, required: true, trim: true },
    location: { type: String, trim: true },
    url: { type: String, trim: true },
    source: { type: String, trim: true },
    salary: {
      min: { type: Number, min: 0 },
      max: { type: Number, min: 0 },
      currency: {
        type: String,
        uppercase: true,
        trim: true,
        match: [/^[A-Z]{3}$/, 'is not a 3-letter currency code'],
      },
      // What min and max are paid for (a year when not given, as offers count it).
      period: { type: String, enum: PAY_PERIODS },
    },
    workMode: { type: String, enum: WORK_MODES },
    employmentType: { type: String, enum: EMPLOYMENT_TYPES },
    // When the posting was published and until when it is open (as the page said).
    postedAt: { type: Date },
    validThrough: { type: Date },
    description: { type: String },
    tags: [{ type: String, trim: true }],
  },
  { timestamps: true, versionKey: false },
);

// One job per company + title (its natural key), whatever their letter case.
withNaturalKey(jobSchema);
// `apply add --company --title` finds the job by company and title.
jobSchema.index({ userId: 1, company: 1, title: 1 });
// `job list --tag` filters by tag.
jobSchema.index({ userId: 1, tags: 1 });
// `job list` newest first (_id breaking ties as the listing sorts).
jobSchema.index({ userId: 1, createdAt: -1, _id: -1 });
// search: `career search` finds a job by its words, the user's alone (prefix userId).
jobSchema.index(
  { userId: 1, title: 'text', company: 'text', tags: 'text', description: 'text' },
  { name: 'search', weights: { title: 10, company: 5, tags: 3, description: 1 } },
);

export type JobRecord = InferSchemaType<typeof jobSchema>;
