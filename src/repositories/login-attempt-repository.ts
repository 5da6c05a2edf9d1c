// The sign-in throttle: attempts per email (hashed), admitted or refused in one atomic
// update each, before any password is checked, so parallel guesses cannot slip past the cap.
import type { InferRawDocTypeFromSchema, Model } from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import type { LoginAttemptRecord, loginAttemptSchema } from '../models/index.js';
import { isDuplicateKeyError } from './duplicate-record.js';

export interface ThrottleRules {
  /** Attempts admitted per window. */
  maxAttempts: number;
  windowMs: number;
}

export type Admission =
  { admitted: true; attempt: number } | { admitted: false; lockedUntil: Date | undefined };

/** The fields of an attempt record the throttle reads back. */
type AttemptDocument = Pick<
  InferRawDocTypeFromSchema<typeof loginAttemptSchema>,
  'attempts' | 'lockedUntil'
>;

const trusted = (condition: Record<string, unknown>) => mongoose.trusted(condition);

// Each round either admits, refuses, or (rarely) loses a race to open the window to a
// parallel attempt, and then counts this attempt in it on the next round.
const ADMISSION_ROUNDS = 3;

export class LoginAttemptRepository {
  constructor(private readonly model: Model<LoginAttemptRecord>) {}

  /**
   * Counts an attempt for `key` if its window has room and it is not locked: only an
   * admitted attempt may have its password checked. The count is kept whatever the answer.
   */
  async admit(key: string, now: Date, rules: ThrottleRules): Promise<Admission> {
    const windowOpenSince = new Date(now.getTime() - rules.windowMs);
    const notLocked = trusted({ $not: { $gt: now } });
    for (let round = 0; round < ADMISSION_ROUNDS; round++) {
      // In the window already open, while it has room.
      const counted = await this.model
        .findOneAndUpdate(
          {
            _id: key,
            windowStart: trusted({ $gt: windowOpenSince }),
            attempts: trusted({ $lt: rules.maxAttempts }),
            lockedUntil: notLocked,
          },
          { $inc: { attempts: 1 } },
          { returnDocument: 'after', projection: { attempts: 1 } },
        )
        .lean<AttemptDocument>();
      if (counted) return { admitted: true, attempt: counted.attempts };
      // No window open (none yet, or the last one is over) and no lock: this attempt opens one.
      try {
        const opened = await this.model
          .findOneAndUpdate(
            {
              _id: key,
              windowStart: trusted({ $not: { $gt: windowOpenSince } }),
              lockedUntil: notLocked,
            },
            {
              $set: {
                attempts: 1,
                windowStart: now,
                expiresAt: new Date(now.getTime() + rules.windowMs),
              },
              $unset: { lockedUntil: 1 },
            },
            { upsert: true, returnDocument: 'after', projection: { attempts: 1 } },
          )
          .lean<AttemptDocument>();
        if (opened) return { admitted: true, attempt: opened.attempts };
      } catch (error) {
        // The record exists but matched neither: full or locked (refused below), or just
        // opened by a parallel attempt (counted in the next round).
        if (!isDuplicateKeyError(error)) throw error;
      }
      const current = await this.model
        .findById(key, { attempts: 1, lockedUntil: 1, windowStart: 1 })
        .lean<AttemptDocument & { windowStart: Date }>();
      const windowFull =
        current !== null &&
        current.windowStart > windowOpenSince &&
        current.attempts >= rules.maxAttempts;
      const locked = current?.lockedUntil != null && current.lockedUntil > now;
      if (windowFull || locked) {
        return {
          admitted: false,
          lockedUntil: locked ? (current?.lockedUntil ?? undefined) : undefined,
        };
      }
    }
    return { admitted: false, lockedUntil: undefined };
  }

  /** Locks `key` until `until` (after the last attempt its window admitted failed). */
  async lock(key: string, until: Date): Promise<void> {
    await this.model.updateOne(
      { _id: key },
      { $set: { lockedUntil: until }, $max: { expiresAt: until } },
    );
  }

  /** Forgets the attempts of `key` (after a successful sign-in). */
  async clear(key: string): Promise<void> {
    await this.model.deleteOne({ _id: key });
  }
}
