// Weekly targets (applications and follow-ups a week), derived from the profile unless the
// config overrides them, and the progress of the current week against them. Stats and the
// agenda both show progress through weeklyTargets() and weekProgress().
import type { CareerConfig } from '../db/config.js';
import type { UserProfile, UserRepositories } from '../repositories/index.js';
import { UsageError } from '../domain/errors.js';
import { FieldError } from '../domain/field-error.js';
import { field, say } from '../domain/phrases.js';

export type GoalType = 'new-job' | 'promotion' | 'skill-development';
export type Timeframe = '3-months' | '6-months' | '1-year';
export type NetworkingIntensity = 'low' | 'moderate' | 'high';

/**
 * Applications a week by goal and timeframe: a job search sends more the sooner it must end;
 * a promotion or skill-development goal mostly needs a few well-chosen applications.
 */
export const APPLICATIONS_PER_WEEK: Readonly<
  Record<GoalType, Readonly<Record<Timeframe, number>>>
> = {
  'new-job': { '3-months': 10, '6-months': 5, '1-year': 3 },
  promotion: { '3-months': 2, '6-months': 1, '1-year': 1 },
  'skill-development': { '3-months': 1, '6-months': 1, '1-year': 0 },
};

/** Follow-ups a week by networking intensity. */
export const FOLLOW_UPS_PER_WEEK: Readonly<Record<NetworkingIntensity, number>> = {
  low: 1,
  moderate: 3,
  high: 5,
};

/** What a profile without these fields is taken to mean. */
export const TARGET_DEFAULTS = {
  goalType: 'new-job',
  timeframe: '6-months',
  networkingIntensity: 'moderate',
} as const satisfies {
  goalType: GoalType;
  timeframe: Timeframe;
  networkingIntensity: NetworkingIntensity;
};

/** The largest target a person can set (a guard against typos like 500). */
export const MAX_TARGET = 100;

/** Where a target comes from: the config file, the profile, or the defaults for missing fields. */
export type TargetSource = 'config' | 'profile' | 'default';

export interface Target {
  perWeek: number;
  source: TargetSource;
  /** Why this number, in words ("new-job within 6-months"). */
  reason: string;
}

export interface WeeklyTargets {
  applications: Target;
  followUps: Target;
}

/** The config overrides (the `targets.*` settings). */
export interface TargetOverrides {
  applicationsPerWeek?: number;
  followUpsPerWeek?: number;
}

type TargetProfile = Pick<UserProfile, 'goalType' | 'timeframe' | 'networkingIntensity'>;

function fromOverride(value: number | undefined, key: string): Target | undefined {
  if (value === undefined || !Number.isInteger(value) || value < 0) return undefined;
  return { perWeek: value, source: 'config', reason: `${key} in the config file` };
}

/** The user's weekly targets: the config's overrides, else the tables above. */
export function weeklyTargets(user: TargetProfile, settings: TargetOverrides = {}): WeeklyTargets {
  const goal = user.goalType ?? undefined;
  const timeframe = user.timeframe ?? undefined;
  const intensity = user.networkingIntensity ?? undefined;
  const goalUsed = goal ?? TARGET_DEFAULTS.goalType;
  const timeframeUsed = timeframe ?? TARGET_DEFAULTS.timeframe;
  const intensityUsed = intensity ?? TARGET_DEFAULTS.networkingIntensity;
  const missing = [goal === undefined ? 'goal' : '', timeframe === undefined ? 'timeframe' : '']
    .filter((field) => field !== '')
    .join(' and ');
  const applications: Target = fromOverride(
    settings.applicationsPerWeek,
    'targets.applicationsPerWeek',
  ) ?? {
    perWeek: APPLICATIONS_PER_WEEK[goalUsed][timeframeUsed],
    source: missing === '' ? 'profile' : 'default',
    reason:
      `goal ${goalUsed} within ${timeframeUsed}` +
      (missing === '' ? '' : `, as your profile has no ${missing}`),
  };
  const followUps: Target = fromOverride(settings.followUpsPerWeek, 'targets.followUpsPerWeek') ?? {
    perWeek: FOLLOW_UPS_PER_WEEK[intensityUsed],
    source: intensity === undefined ? 'default' : 'profile',
    reason:
      `networking ${intensityUsed}` +
      (intensity === undefined ? ', as your profile has no networking intensity' : ''),
  };
  return { applications, followUps };
}

/** The overrides stored in the config file. */
export function readTargetOverrides(config: CareerConfig): TargetOverrides {
  const applications = config.get('targets.applicationsPerWeek');
  const followUps = config.get('targets.followUpsPerWeek');
  return {
    ...(applications === undefined ? {} : { applicationsPerWeek: applications }),
    ...(followUps === undefined ? {} : { followUpsPerWeek: followUps }),
  };
}

export interface TargetChanges {
  applicationsPerWeek?: number;
  followUpsPerWeek?: number;
  /** Remove both overrides (back to the profile's targets). */
  reset?: boolean;
}

function notATarget(field: string, value: string): FieldError {
  return new FieldError({
    field,
    problem: 'must-be',
    detail: `a whole number from 0 to ${MAX_TARGET}`,
    value,
  });
}

function checkTarget(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_TARGET) {
    throw notATarget(field, String(value));
  }
  return value;
}

/** Parses a target's text ("5"); a FieldError naming `field` otherwise. */
export function parseTarget(text: string, field: string): number {
  if (!/^\s*\d+\s*$/.test(text)) throw notATarget(field, text);
  return checkTarget(Number(text), field);
}

/** Stores overrides (or removes them with reset) and returns the overrides now in force. */
export function changeTargetOverrides(
  config: CareerConfig,
  changes: TargetChanges,
): TargetOverrides {
  const { applicationsPerWeek, followUpsPerWeek, reset } = changes;
  if (reset && (applicationsPerWeek !== undefined || followUpsPerWeek !== undefined)) {
    throw new UsageError(
      say`${field('reset')} removes both overrides: give it without ${field('applicationsPerWeek')}/${field('followUpsPerWeek')}`,
    );
  }
  if (reset) {
    config.unset('targets.applicationsPerWeek');
    config.unset('targets.followUpsPerWeek');
  }
  if (applicationsPerWeek !== undefined) {
    config.set(
      'targets.applicationsPerWeek',
      checkTarget(applicationsPerWeek, 'applicationsPerWeek'),
    );
  }
  if (followUpsPerWeek !== undefined) {
    config.set('targets.followUpsPerWeek', checkTarget(followUpsPerWeek, 'followUpsPerWeek'));
  }
  return readTargetOverrides(config);
}

/** Monday 00:00 local time of the ISO week containing `now`. */
export function startOfWeek(now: Date): Date {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const daysSinceMonday = (start.getDay() + 6) % 7;
  start.setDate(start.getDate() - daysSinceMonday);
  return start;
}

export interface WeekProgress {
  /** Monday 00:00 local time. */
  weekStart: Date;
  /** The moment progress was measured (the week so far ends here). */
  asOf: Date;
  /** Applications sent this week: applicationDate in the week and a sent status (SENT_STATUSES). */
  applications: number;
  /** Follow-ups completed this week (completedAt in the week). */
  followUps: number;
}

/** The current week's progress, counted in the database (two indexed counts). */
export async function weekProgress(
  data: UserRepositories,
  now: Date = new Date(),
): Promise<WeekProgress> {
  const weekStart = startOfWeek(now);
  const [applications, followUps] = await Promise.all([
    data.applications.countSentBetween(weekStart, now),
    data.connections.countFollowUpsCompletedBetween(weekStart, now),
  ]);
  return { weekStart, asOf: now, applications, followUps };
}

/** A target and how far this week got. */
export interface TargetProgress extends Target {
  done: number;
  /** How many more this week to reach the target (0 when reached). */
  remaining: number;
}

export interface WeeklyStatus {
  weekStart: Date;
  asOf: Date;
  applications: TargetProgress;
  followUps: TargetProgress;
}

/** Targets and this week's progress together, as the agenda and `profile targets` show them. */
export function combineProgress(targets: WeeklyTargets, progress: WeekProgress): WeeklyStatus {
  const combine = (target: Target, done: number): TargetProgress => ({
    ...target,
    done,
    remaining: Math.max(0, target.perWeek - done),
  });
  return {
    weekStart: progress.weekStart,
    asOf: progress.asOf,
    applications: combine(targets.applications, progress.applications),
    followUps: combine(targets.followUps, progress.followUps),
  };
}

/** The user's targets (from the profile and the config) with this week's progress. */
export async function weeklyStatus(
  data: UserRepositories,
  user: TargetProfile,
  config: CareerConfig,
  now: Date = new Date(),
): Promise<WeeklyStatus> {
  return combineProgress(
    weeklyTargets(user, readTargetOverrides(config)),
    await weekProgress(data, now),
  );
}
