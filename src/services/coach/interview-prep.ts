// Interview preparation: for the interview a message names by company, or else the next one
// coming up, the job (title, company, description, tags against the profile's skills), the
// earlier interviews and notes of that application, and a checklist.
import type { UserRepositories } from '../../repositories/index.js';
import type {
  ApplicationDocument,
  InterviewDocument,
} from '../../repositories/application-repository.js';
import type { JobDocument } from '../../repositories/job-repository.js';
import { formatDate } from '../../domain/dates.js';
import type { CoachContext } from './context.js';
import { daysFromNow } from './wording.js';

const DAY_MS = 24 * 3600 * 1000;
/** How far ahead "the next interview" is looked for. */
const LOOKAHEAD_DAYS = 365;
const DESCRIPTION_CHARS = 400;
const CANCELLED = /^cancel+ed$/i;

export const INTERVIEW_CHECKLIST = [
  'Re-read the job description and match each requirement to an example from your work.',
  'Prepare three or four STAR stories (situation, task, action, result), including a failure.',
  'Research the company: product, customers, recent news, and who will interview you.',
  'Write down the questions you will ask them (team, first 90 days, how success is measured).',
  'Check the logistics the day before: time zone, link or address, what to bring.',
] as const;

/** One extra tip by interview type (matched on the type's text). */
const TYPE_TIPS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /tech|coding|code|system|design|take.?home/i,
    'Practise solving a problem aloud, explaining trade-offs as you go.',
  ],
  [
    /phone|screen|recruit/i,
    'Have a two-minute summary of your experience and your salary expectations ready.',
  ],
  [
    /onsite|on-site|final|panel/i,
    'Plan for several conversations in a row: keep a story for each requirement.',
  ],
  [
    /behaviou?r|culture|hr/i,
    'Pick stories that show collaboration, conflict resolved and ownership.',
  ],
];

interface Target {
  job: JobDocument | undefined;
  application: ApplicationDocument | undefined;
  interview: InterviewDocument | undefined;
}

function isLive(interview: InterviewDocument): boolean {
  return interview.status === undefined || !CANCELLED.test(interview.status);
}

function nextInterviewOf(
  application: ApplicationDocument,
  now: Date,
): InterviewDocument | undefined {
  return application.interviews
    .filter((interview) => interview.date.getTime() >= now.getTime() && isLive(interview))
    .sort((a, b) => a.date.getTime() - b.date.getTime())[0];
}

/** The job whose company the message names (the longest such company name wins). */
export function jobNamedIn(message: string, jobs: readonly JobDocument[]): JobDocument | undefined {
  const text = message.toLowerCase();
  let best: JobDocument | undefined;
  for (const job of jobs) {
    const company = job.company.toLowerCase();
    const escaped = company.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (!new RegExp(`(^|\\W)${escaped}(\\W|$)`).test(text)) continue;
    if (!best || company.length > best.company.length) best = job;
  }
  return best;
}

async function findTarget(
  data: UserRepositories,
  message: string,
  context: CoachContext,
): Promise<Target | undefined> {
  const { now } = context;
  const named = jobNamedIn(message, context.jobs);
  if (named) {
    // Every job of that company the user tracks: the one with the soonest interview wins.
    const sameCompany = context.jobs.filter(
      (job) => job.company.toLowerCase() === named.company.toLowerCase(),
    );
    let best: Target = { job: named, application: undefined, interview: undefined };
    for (const job of sameCompany) {
      // Archived applications are filed away: out of the coach's advice.
      const applications = await data.applications.findForJob(job._id);
      for (const application of applications.filter((each) => !each.archivedAt)) {
        const interview = nextInterviewOf(application, now);
        const better =
          best.application === undefined ||
          (interview !== undefined &&
            (best.interview === undefined || interview.date < best.interview.date));
        if (better) best = { job, application, interview };
      }
    }
    return best;
  }
  const horizon = new Date(now.getTime() + LOOKAHEAD_DAYS * DAY_MS);
  let soonest: { application: ApplicationDocument; interview: InterviewDocument } | undefined;
  for (const application of await data.applications.withInterviewsBetween(now, horizon)) {
    const interview = nextInterviewOf(application, now);
    if (interview && (!soonest || interview.date < soonest.interview.date)) {
      soonest = { application, interview };
    }
  }
  if (!soonest) return undefined;
  return { ...soonest, job: await data.jobs.findById(soonest.application.jobId) };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function excerpt(text: string): string {
  const line = oneLine(text);
  return line.length <= DESCRIPTION_CHARS ? line : `${line.slice(0, DESCRIPTION_CHARS - 1)}…`;
}

function jobLines(job: JobDocument, skills: readonly string[]): string[] {
  const lines: string[] = [];
  const where = [job.location, job.workMode].filter(Boolean).join(', ');
  lines.push(`The job: ${job.title} at ${job.company}${where ? ` (${where})` : ''}.`);
  if (job.description) lines.push(`About it: ${excerpt(job.description)}`);
  const tags = job.tags ?? [];
  if (tags.length > 0) {
    const have = new Set(skills.map((skill) => skill.toLowerCase()));
    const strong = tags.filter((tag) => have.has(tag.toLowerCase()));
    const weak = tags.filter((tag) => !have.has(tag.toLowerCase()));
    lines.push(`It asks for: ${tags.join(', ')}.`);
    if (strong.length > 0) lines.push(`Lead with what you have: ${strong.join(', ')}.`);
    if (weak.length > 0) {
      lines.push(
        `Not in your profile yet: ${weak.join(', ')} - prepare how you would learn or bridge them.`,
      );
    }
  }
  return lines;
}

function historyLines(application: ApplicationDocument, now: Date): string[] {
  const lines: string[] = [];
  const earlier = application.interviews
    .filter((interview) => interview.date.getTime() < now.getTime())
    .sort((a, b) => a.date.getTime() - b.date.getTime());
  if (earlier.length > 0) {
    lines.push('Earlier interviews for this application:');
    for (const interview of earlier) {
      const notes = interview.notes ? `: ${oneLine(interview.notes)}` : '';
      lines.push(
        `- ${formatDate(interview.date)} ${interview.type ?? 'interview'} (${interview.status ?? 'scheduled'})${notes}`,
      );
    }
  }
  if (application.notes) lines.push(`Your notes on it: ${oneLine(application.notes)}`);
  return lines;
}

function checklist(interview: InterviewDocument | undefined): string[] {
  const tip = TYPE_TIPS.find(([pattern]) => pattern.test(interview?.type ?? ''))?.[1];
  return [
    'Checklist:',
    ...[...INTERVIEW_CHECKLIST, ...(tip ? [tip] : [])].map((line) => `- ${line}`),
  ];
}

/** The offline answer to "how do I prepare for my interview (at COMPANY)". */
export async function interviewPreparation(
  data: UserRepositories,
  message: string,
  context: CoachContext,
): Promise<string> {
  const { now } = context;
  const target = await findTarget(data, message, context);
  const skills = context.user.skills ?? [];
  if (!target) {
    return [
      'You have no upcoming interviews on record. When one is scheduled, add it with',
      '`career apply interview add APPLICATION_ID --date ...` and ask me again; meanwhile:',
      ...checklist(undefined),
    ].join('\n');
  }
  const { job, application, interview } = target;
  const label = job ? `${job.title} at ${job.company}` : 'this application';
  const lines: string[] = [];
  if (interview) {
    const kind = interview.type ? `${interview.type} interview` : 'interview';
    lines.push(
      `Your ${kind} for ${label} is on ${formatDate(interview.date, true)} (${daysFromNow(interview.date, now)}).`,
    );
  } else if (application) {
    lines.push(
      `You have no upcoming interview for ${label} on record (the application is ${application.status}).`,
    );
  } else {
    lines.push(
      `You track ${label} but have not applied yet: \`career apply add --job ${job?._id.toHexString() ?? ''}\`.`,
    );
  }
  if (job) lines.push(...jobLines(job, skills));
  if (application) lines.push(...historyLines(application, now));
  lines.push(...checklist(interview));
  if (application)
    lines.push(`See everything about it: \`career apply show ${application._id.toHexString()}\``);
  return lines.join('\n');
}
