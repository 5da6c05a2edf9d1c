// A person in the user's network (what Connection.contactId refers to). Not in the seed.
import type { InferSchemaType } from 'mongoose';
import { Schema } from '../db/mongoose.js';
import { withNaturalKey } from './natural-key.js';

export const contactSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    name: { type: String, required: true, trim: true },
    email: {
      type: String,
      trim: true,
      lowercase: true,
      match: [/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'is not an email address'],
    },
    phone: { type: String, trim: true },
    company: { type: String, trim: true },
    title: { type: String, trim: true },
    linkedinUrl: { type: String, trim: true },
    tags: [{ type: String, trim: true }],
    notes: { type: String },
  },
  { timestamps: true, versionKey: false },
);

// `contact list` by name (_id breaking ties as the listing sorts: the page comes in the
// index's order), and finding a contact by name.
contactSchema.index({ userId: 1, name: 1, _id: 1 });
// Finding a contact by email (imports use it as the natural key).
contactSchema.index({ userId: 1, email: 1 });
// Imports find a contact by LinkedIn URL (its natural key when there is no email).
contactSchema.index({ userId: 1, linkedinUrl: 1 });
// One contact per email, else LinkedIn URL, else name + company (its natural key).
withNaturalKey(contactSchema);
// `contact list --company`.
contactSchema.index({ userId: 1, company: 1 });
// search: `career search` finds a contact by its words, the user's alone (prefix userId).
contactSchema.index(
  { userId: 1, name: 'text', company: 'text', title: 'text', tags: 'text', notes: 'text' },
  { name: 'search', weights: { name: 10, company: 5, title: 3, tags: 3, notes: 1 } },
);

export type ContactRecord = InferSchemaType<typeof contactSchema>;
