// `career stats`: the application funnel, the time to a first response, applications and
// follow-ups per week, and learning. Every number is aggregated in the database (see the
// repositories' pipelines); this module only chooses the window, zero-fills empty weeks and
// derives rates from the counts.
import type { CareerConfig } from '../../db/config.js';
import type { UserProfile, UserRepositories } from '../../repositories/index.js';
import { UsageError } from '../../domain/errors.js';
import { FieldError } from '../../domain/field-error.js';
import { field, say, step } from '../../domain/phrases.js';
import { FUNNEL_STAGES, type FunnelStageName } from '../../domain/pipeline.js';
import type { OfferCurrencyStats } from '../../repositories/offer-repository.js';
import { weeklyStatus, type WeeklyStatus } from '../targets-service.js';
import { archivedCounts, type ArchivedCounts } from '../archive-service.js';
import { isoWeekStart, weekStartsBetween, WEEK_MS, zeroFilled } from './weeks.js';

export const DEFAULT_WEEKS = 12;
export const MAX_WEEKS = 520;

// The funnel's stages come from the pipeline vocabulary; re-exported for the command.
export { FUNNEL_STAGES };

export interface StatsOptions {
  /** Only what happened since (the funnel, response times, learning) and weeks from then. */
  since?: Date;
  /** How many weeks the per-week charts cover, this week included (default 12). */
  weeks?: number;
}

export interface FunnelStage {
  status: FunnelStageName;
  /** Applications that reached this stage or went further. */
  count: number;
  /** count / the previous stage's count; null for the first stage or an empty previous one. */
  conversion: number | null;
}

export interface Funnel {
  stages: FunnelStage[];
  /** Applications ever rejected, and their share of those applied. */
  rejected: { count: number; shareOfApplied: number | null };
}

export interface WeekStats {
  /** Monday 00:00 UTC. */
  weekStart: Date;
  applications: number;
  followUpsCompleted: number;
  /** Follow-ups due that week, done or not. */
  followUpsDue: number;
}

export interface Stats {
  since: Date | null;
  funnel: Funnel;
  responseTime: { responses: number; medianDays: number | null };
  weekly: { firstWeek: Date; weeks: WeekStats[] };
  /**
   * This week against the weekly targets, counted as the agenda counts it (the week from
   * Monday 00:00 local time, applications sent and follow-ups done).
   */
  thisWeek: WeeklyStatus;
  learning: {
    completed: number;
    byType: Array<{ type: string; count: number }>;
    skills: Array<{ skill: string; count: number }>;
  };
  /** How many applications and connections are archived (still counted above: history). */
  archived: ArchivedCounts;
  /** Offers received (any status now), per currency with the median base over a year. */
  offers: { received: number; perCurrency: OfferCurrencyStats[] };
}

/** --weeks: a whole number of weeks from 1 to MAX_WEEKS. */
export function parseWeeks(text: string): number {
  const weeks = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_WEEKS) {
    throw new FieldError(
      {
        field: 'weeks',
        problem: 'must-be',
        detail: `a whole number from 1 to ${MAX_WEEKS}`,
        value: text,
      },
      { hint: say`e.g. ${step('this-command')} ${field('weeks')} 26` },
    );
  }
  return weeks;
}

/** A ratio rounded to 4 decimals, or null when there is nothing to divide by. */
function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

function checkOptions(options: StatsOptions, now: Date): void {
  if (options.since !== undefined && options.weeks !== undefined) {
    throw new UsageError(
      say`${field('since')} and ${field('weeks')} both choose the weeks shown; give one of them`,
      {
        hint: say`${step('this-command')} ${field('since')} 2026-01-01, or ${step('this-command')} ${field('weeks')} 26`,
      },
    );
  }
  if (options.since !== undefined && options.since.getTime() > now.getTime()) {
    throw new UsageError(say`${field('since')} is in the future`, {
      hint: say`give a past date, e.g. ${field('since')} 2026-01-01`,
    });
  }
}

export async function computeStats(
  data: UserRepositories,
  user: UserProfile,
  config: CareerConfig,
  options: StatsOptions = {},
  now: Date = new Date(),
): Promise<Stats> {
  checkOptions(options, now);
  const thisWeekStart = isoWeekStart(now);
  const firstWeek =
    options.since !== undefined
      ? isoWeekStart(options.since)
      : new Date(thisWeekStart.getTime() - ((options.weeks ?? DEFAULT_WEEKS) - 1) * WEEK_MS);
  const until = new Date(thisWeekStart.getTime() + WEEK_MS);
  const [funnel, responseTime, applicationWeeks, followUpWeeks, learning, thisWeek, offers] =
    await Promise.all([
      data.applications.funnelCounts(options.since),
      data.applications.responseTimes(options.since),
      data.applications.perWeek(firstWeek, until),
      data.connections.followUpsPerWeek(firstWeek, until),
      data.activities.learningCounts(options.since),
      weeklyStatus(data, user, config, now),
      data.offers.receivedPerCurrency(options.since),
    ]);
  const archived = await archivedCounts(data);

  const stages = FUNNEL_STAGES.map((status, index): FunnelStage => {
    const previous = index > 0 ? FUNNEL_STAGES[index - 1] : undefined;
    return {
      status,
      count: funnel[status],
      conversion: previous === undefined ? null : ratio(funnel[status], funnel[previous]),
    };
  });

  const weekStarts = weekStartsBetween(firstWeek, until);
  const applications = zeroFilled(weekStarts, applicationWeeks);
  const completed = zeroFilled(weekStarts, followUpWeeks.completed);
  const due = zeroFilled(weekStarts, followUpWeeks.due);
  const weeks = weekStarts.map((weekStart, index): WeekStats => ({
    weekStart,
    applications: applications[index] ?? 0,
    followUpsCompleted: completed[index] ?? 0,
    followUpsDue: due[index] ?? 0,
  }));
  return {
    since: options.since ?? null,
    funnel: {
      stages,
      rejected: { count: funnel.rejected, shareOfApplied: ratio(funnel.rejected, funnel.applied) },
    },
    responseTime: {
      responses: responseTime.responses,
      medianDays:
        responseTime.medianDays === null ? null : Math.round(responseTime.medianDays * 10) / 10,
    },
    weekly: { firstWeek, weeks },
    thisWeek,
    learning: {
      completed: learning.byType.reduce((sum, entry) => sum + entry.count, 0),
      byType: learning.byType.map((entry) => ({ type: entry.value, count: entry.count })),
      skills: learning.skills.map((entry) => ({ skill: entry.value, count: entry.count })),
    },
    archived,
    offers: {
      received: offers.reduce((sum, entry) => sum + entry.count, 0),
      perCurrency: offers.map((entry) => ({ ...entry, medianBase: Math.round(entry.medianBase) })),
    },
  };
}
