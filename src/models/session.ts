// A signed-in session: only the SHA-256 hash of its token is stored (the token itself lives in
// the user's 0600 config file), so a copy of the database cannot be used to sign in.
import type { InferSchemaType } from 'mongoose';
import { Schema } from '../db/mongoose.js';

export const sessionSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    expiresAt: { type: Date, required: true },
    lastUsedAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);

// Expired sessions are removed by the database itself (a TTL index, on both backends).
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
// logout-everywhere and profile delete remove a user's sessions.
sessionSchema.index({ userId: 1 });

export type SessionRecord = InferSchemaType<typeof sessionSchema>;
