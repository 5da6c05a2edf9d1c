// A person using career: their profile, goal and skills (the seed's User), plus what sign-in
// needs (a bcrypt hash, never selected unless asked for). Failed sign-ins are counted per
// email in login_attempts (see login-attempt.ts); records written before that may still hold
// a `security` object, which nothing reads and publicProfile leaves out.
import type { InferSchemaType } from 'mongoose';
import { Schema } from '../db/mongoose.js';

export const GOAL_TYPES = ['new-job', 'promotion', 'skill-development'] as const;
export const TIMEFRAMES = ['3-months', '6-months', '1-year'] as const;
export const NETWORKING_INTENSITIES = ['low', 'moderate', 'high'] as const;

export const userSchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    email: {
      type: String,
      required: true,
      unique: true,
      trim: true,
      lowercase: true,
      match: [/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'is not an email address'],
    },
    password: { type: String, required: true, select: false },
    currentTitle: { type: String, trim: true },
    currentCompany: { type: String, trim: true },
    goalType: { type: String, enum: GOAL_TYPES },
    timeframe: { type: String, enum: TIMEFRAMES },
    networkingIntensity: { type: String, enum: NETWORKING_INTENSITIES },
    skills: [{ type: String, trim: true }],
    preferences: {
      notifications: { type: Boolean, default: true },
      emailUpdates: { type: Boolean, default: true },
    },
  },
  { timestamps: true, versionKey: false },
);

// The seed's indexes.
userSchema.index({ skills: 1 });
userSchema.index({ 'preferences.notifications': 1 });

export type UserRecord = InferSchemaType<typeof userSchema>;
