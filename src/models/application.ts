// A job application (the seed's Application) with its interviews and the history of its
// status, kept so the pipeline can be analysed later.
import type { InferSchemaType } from 'mongoose';
import { Schema } from '../db/mongoose.js';
import { APPLICATION_STATUSES, INITIAL_STATUS } from '../domain/pipeline.js';
import { isKnownCurrency, PAY_PERIODS } from '../domain/money.js';
import { LINK_ROLES } from '../domain/link-roles.js';
import { withNaturalKey } from './natural-key.js';

// The statuses are the pipeline's vocabulary (src/domain), re-exported for the repositories.
export { APPLICATION_STATUSES };

const interviewSchema = new Schema(
  {
    date: { type: Date, required: true },
    type: { type: String, trim: true },
    notes: { type: String },
    status: { type: String, trim: true, default: 'scheduled' },
    // People on applications: the contacts who interviewed (issue 15, links).
    contactIds: { type: [Schema.Types.ObjectId], default: undefined },
  },
  { _id: true },
);

// People on applications: a contact with their role (issue 15, links).
const contactLinkSchema = new Schema(
  {
    contactId: { type: Schema.Types.ObjectId, ref: 'Contact', required: true },
    role: { type: String, enum: LINK_ROLES, required: true },
    notes: { type: String },
  },
  { _id: false },
);

const statusChangeSchema = new Schema(
  {
    status: { type: String, enum: APPLICATION_STATUSES, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

// Offers: what an application in `offer` was offered (`career apply offer`).
const offerSchema = new Schema(
  {
    base: { type: Number, min: 0, required: true },
    currency: {
      type: String,
      uppercase: true,
      trim: true,
      required: true,
      validate: { validator: isKnownCurrency, message: '{VALUE} is not an ISO 4217 currency code' },
    },
    period: { type: String, enum: PAY_PERIODS, default: 'year' },
    bonus: { type: Number, min: 0 },
    equity: { type: String },
    equityValue: { type: Number, min: 0 },
    benefits: { type: String },
    deadline: { type: Date },
    notes: { type: String },
    updatedAt: { type: Date },
  },
  { _id: false },
);

export const applicationSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    jobId: { type: Schema.Types.ObjectId, ref: 'Job', required: true },
    status: { type: String, enum: APPLICATION_STATUSES, default: INITIAL_STATUS, required: true },
    applicationDate: { type: Date },
    notes: { type: String },
    documents: {
      resumeUrl: { type: String, trim: true },
      coverLetterUrl: { type: String, trim: true },
    },
    interviews: { type: [interviewSchema], default: [] },
    statusHistory: { type: [statusChangeSchema], default: [] },
    // Archive (issue 15): when it was archived; absent = not archived (restorable, not a move).
    archivedAt: { type: Date },
    // Offers: the offer received (absent until `career apply offer`).
    offer: { type: offerSchema, required: false },
    // People on applications (issue 15, links).
    contacts: { type: [contactLinkSchema], default: undefined },
  },
  { timestamps: true, versionKey: false },
);

// The seed's indexes.
applicationSchema.index({ userId: 1 });
applicationSchema.index({ jobId: 1 });
applicationSchema.index({ status: 1 });
applicationSchema.index({ applicationDate: 1 });
// `apply list` (most recently changed first, _id breaking ties as the listing sorts) and
// `apply list --status`: the page comes in the index's order and the scan stops at its end.
applicationSchema.index({ userId: 1, updatedAt: -1, _id: -1 });
applicationSchema.index({ userId: 1, status: 1, updatedAt: -1, _id: -1 });
// `apply list --since` and sorting by application date.
applicationSchema.index({ userId: 1, applicationDate: -1 });
// Imports find a job's applications (the natural key: job + application date) in one query.
applicationSchema.index({ userId: 1, jobId: 1 });
// One application per job and day (its natural key; one undated application per job).
withNaturalKey(applicationSchema);
// Upcoming interviews for the agenda.
applicationSchema.index({ userId: 1, 'interviews.date': 1 });
// Offers: deadlines for the agenda and the calendar.
applicationSchema.index({ userId: 1, 'offer.deadline': 1 });
// search: `career search` finds an application by its notes and interview notes (its job's
// words are the job's: the search adds the applications of the jobs it finds).
applicationSchema.index(
  { userId: 1, notes: 'text', 'interviews.notes': 'text' },
  { name: 'search', weights: { notes: 1, 'interviews.notes': 1 } },
);
// `contact show` and `contact remove`: the applications a contact is on (issue 15, links).
applicationSchema.index({ userId: 1, 'contacts.contactId': 1 });

export type ApplicationRecord = InferSchemaType<typeof applicationSchema>;
