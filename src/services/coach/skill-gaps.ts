// Skill gaps: skills the user's goal and tracked jobs ask for that neither the profile nor
// completed or in-progress learning covers, ranked by how many jobs ask for them. A job asks
// for its tags, and for any known skill its description mentions (known: any job's tag, a
// skill of planned learning, or one the goal asks for). Planned learning does not cover a
// gap; the gap only says that it is planned.
import type { UserProfile, UserRepositories } from '../../repositories/index.js';
import type { JobDocument } from '../../repositories/job-repository.js';

/** Skills a goal asks for regardless of the jobs tracked (documented in README.md). */
export const GOAL_SKILLS: Readonly<Record<string, readonly string[]>> = {
  'new-job': [],
  promotion: ['leadership', 'mentoring', 'communication'],
  'skill-development': [],
};

export interface SkillGap {
  skill: string;
  /** How many tracked jobs ask for it. */
  jobs: number;
  /** The companies of those jobs (first few, in job order). */
  companies: string[];
  /** The goal asks for it (see GOAL_SKILLS). */
  goal: boolean;
  /** A planned learning activity teaches it. */
  planned: boolean;
}

export interface SkillGapInput {
  jobs: ReadonlyArray<Pick<JobDocument, 'company' | 'tags' | 'description'>>;
  goalType?: string | null | undefined;
  profileSkills: readonly string[];
  /** Skills of completed and in-progress learning. */
  learnedSkills: readonly string[];
  /** Skills of planned learning. */
  plannedSkills: readonly string[];
}

const MAX_COMPANIES = 3;

function key(skill: string): string {
  return skill.trim().toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `text` mentions `skill` as a word ("node.js", "c++" and "ci/cd" included). */
export function mentions(text: string, skill: string): boolean {
  const pattern = new RegExp(`(^|[^a-z0-9+#])${escapeRegExp(key(skill))}(?![a-z0-9+#])`, 'i');
  return pattern.test(text);
}

/** The gaps, most asked-for first (then goal skills, then by name). */
export function skillGaps(input: SkillGapInput): SkillGap[] {
  const covered = new Set([...input.profileSkills, ...input.learnedSkills].map(key));
  const planned = new Set(input.plannedSkills.map(key));
  const goal = new Set((GOAL_SKILLS[input.goalType ?? ''] ?? []).map(key));
  // Known skills, each spelled the way it is most often written (the first seen on a tie).
  const spellings = new Map<string, Map<string, number>>();
  const learnSpelling = (skill: string): void => {
    const k = key(skill);
    if (k === '') return;
    const counts = spellings.get(k) ?? new Map<string, number>();
    counts.set(skill.trim(), (counts.get(skill.trim()) ?? 0) + 1);
    spellings.set(k, counts);
  };
  for (const job of input.jobs) for (const tag of job.tags ?? []) learnSpelling(tag);
  input.plannedSkills.forEach(learnSpelling);
  (GOAL_SKILLS[input.goalType ?? ''] ?? []).forEach(learnSpelling);
  const spelling = new Map<string, string>();
  for (const [k, counts] of spellings) {
    let best = '';
    let bestCount = 0;
    for (const [written, count] of counts) {
      if (count > bestCount) [best, bestCount] = [written, count];
    }
    spelling.set(k, best);
  }

  const gaps = new Map<string, SkillGap>();
  const gapFor = (k: string): SkillGap => {
    let gap = gaps.get(k);
    if (!gap) {
      gap = {
        skill: spelling.get(k) ?? k,
        jobs: 0,
        companies: [],
        goal: goal.has(k),
        planned: planned.has(k),
      };
      gaps.set(k, gap);
    }
    return gap;
  };
  for (const job of input.jobs) {
    const asks = new Set((job.tags ?? []).map(key).filter((k) => k !== ''));
    if (job.description) {
      for (const k of spelling.keys()) if (mentions(job.description, k)) asks.add(k);
    }
    for (const k of asks) {
      if (covered.has(k)) continue;
      const gap = gapFor(k);
      gap.jobs += 1;
      if (gap.companies.length < MAX_COMPANIES && !gap.companies.includes(job.company)) {
        gap.companies.push(job.company);
      }
    }
  }
  for (const k of goal) if (!covered.has(k)) gapFor(k);
  return [...gaps.values()].sort(
    (a, b) =>
      b.jobs - a.jobs ||
      Number(b.goal) - Number(a.goal) ||
      a.skill.localeCompare(b.skill, undefined, { sensitivity: 'base' }),
  );
}

/** How many of the most recently added jobs are read for the skill gaps. */
export const JOBS_CONSIDERED = 200;

/** The jobs the coach looks at: the most recently added ones. */
export async function recentJobs(data: UserRepositories): Promise<JobDocument[]> {
  const page = await data.jobs.list(
    {},
    { limit: JOBS_CONSIDERED, page: 1, sort: { field: 'createdAt', direction: -1 } },
  );
  return page.items;
}

/** The user's skill gaps, from their jobs, profile and learning. */
export async function loadSkillGaps(
  data: UserRepositories,
  user: Pick<UserProfile, 'goalType' | 'skills'>,
  jobs: ReadonlyArray<Pick<JobDocument, 'company' | 'tags' | 'description'>>,
): Promise<SkillGap[]> {
  const [learnedSkills, plannedSkills] = await Promise.all([
    data.activities.skillsWithStatus(['completed', 'in-progress']),
    data.activities.skillsWithStatus(['planned']),
  ]);
  return skillGaps({
    jobs,
    goalType: user.goalType,
    profileSkills: user.skills ?? [],
    learnedSkills,
    plannedSkills,
  });
}
