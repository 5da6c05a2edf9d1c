// What the coach knows about the user when answering: the agenda, this week's targets, skill
// gaps, counts and the tracked jobs, read once per message. The remote advisor gets a compact
// summary of it (summaryForModel) in its system prompt.
import type { CareerConfig } from '../../db/config.js';
import type { UserProfile, UserRepositories } from '../../repositories/index.js';
import type { JobDocument } from '../../repositories/job-repository.js';
import { formatDate } from '../../domain/dates.js';
import {
  buildAgenda,
  DEFAULT_AGENDA_DAYS,
  DEFAULT_STALLED_AFTER_DAYS,
  type Agenda,
} from '../agenda-service.js';
import { weeklyStatus, type WeeklyStatus } from '../targets-service.js';
import { loadSkillGaps, recentJobs, type SkillGap } from './skill-gaps.js';

export interface CoachCounts {
  /** Tracked jobs read (at most JOBS_CONSIDERED). */
  jobs: number;
  applications: Record<string, number>;
  connections: number;
  openFollowUps: number;
  learning: Record<string, number>;
}

export interface CoachContext {
  now: Date;
  user: UserProfile;
  agenda: Agenda;
  week: WeeklyStatus;
  gaps: SkillGap[];
  jobs: JobDocument[];
  counts: CoachCounts;
}

export async function loadCoachContext(
  data: UserRepositories,
  user: UserProfile,
  config: CareerConfig,
  now: Date,
): Promise<CoachContext> {
  const [agenda, week, jobs, applications, network, learning] = await Promise.all([
    buildAgenda(data, {
      days: DEFAULT_AGENDA_DAYS,
      stalledAfterDays: DEFAULT_STALLED_AFTER_DAYS,
      now,
    }),
    weeklyStatus(data, user, config, now),
    recentJobs(data),
    data.applications.countByStatus(),
    data.connections.countWithOpenFollowUps(),
    data.activities.countByStatus(),
  ]);
  const gaps = await loadSkillGaps(data, user, jobs);
  return {
    now,
    user,
    agenda,
    week,
    gaps,
    jobs,
    counts: { jobs: jobs.length, applications, ...network, learning },
  };
}

/** How many agenda items and skill gaps the model's summary carries. */
const SUMMARY_ITEMS = 8;

/** A compact, model-friendly summary of the context (no ids, no personal contact details). */
export function summaryForModel(context: CoachContext): Record<string, unknown> {
  const { user, week } = context;
  return {
    today: formatDate(context.now),
    profile: {
      name: user.name,
      currentTitle: user.currentTitle ?? null,
      currentCompany: user.currentCompany ?? null,
      goalType: user.goalType ?? null,
      timeframe: user.timeframe ?? null,
      networkingIntensity: user.networkingIntensity ?? null,
      skills: user.skills ?? [],
    },
    counts: context.counts,
    agenda: context.agenda.items.slice(0, SUMMARY_ITEMS).map((item) => ({
      kind: item.kind,
      due: formatDate(item.due, true),
      overdue: item.overdue,
      what: item.what,
    })),
    skillGaps: context.gaps
      .slice(0, SUMMARY_ITEMS)
      .map((gap) => ({ skill: gap.skill, jobsAsking: gap.jobs, goal: gap.goal })),
    weeklyTargets: {
      weekStart: formatDate(week.weekStart),
      applications: { target: week.applications.perWeek, done: week.applications.done },
      followUps: { target: week.followUps.perWeek, done: week.followUps.done },
    },
  };
}
