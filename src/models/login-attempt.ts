// Sign-in attempts per email, for the lockout: counted whether or not an account has the
// email, so an unknown email answers exactly as a wrong password does (locked included).
// Keyed by the SHA-256 of the normalised email, so the addresses tried are not stored as text;
// but an unsalted hash of an email hides little: anyone who can read the collection can hash
// guessed or listed addresses and see which were tried. Treat it as holding those emails.
import type { InferSchemaType } from 'mongoose';
import { Schema } from '../db/mongoose.js';

export const loginAttemptSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Attempts admitted in the current window (each one before its password is checked). */
    attempts: { type: Number, required: true, default: 0 },
    /** When the current window began: its first attempt. */
    windowStart: { type: Date, required: true },
    /** Set when the last attempt a window admits fails: nothing is admitted until then. */
    lockedUntil: { type: Date },
    /** When the record means nothing any more (the window and any lock are over). */
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'login_attempts' },
);

// Finished windows are removed by the database itself; the rules never rely on it.
loginAttemptSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type LoginAttemptRecord = InferSchemaType<typeof loginAttemptSchema>;
