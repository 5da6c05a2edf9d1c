// Interviews, kept inside their application: adding one moves an application that was not
// yet interviewing to 'interviewing' (recorded in its history), and the agenda across all
// applications.
import type { Types } from 'mongoose';
import type { UserRepositories } from '../repositories/index.js';
import type {
  ApplicationDocument,
  InterviewDocument,
} from '../repositories/application-repository.js';
import { AmbiguousIdError, NotFoundError, UsageError } from '../domain/errors.js';
import { fieldList, say, step } from '../domain/phrases.js';
import { BEFORE_INTERVIEWING, INTERVIEWING_STATUS } from '../domain/pipeline.js';
import {
  concurrentChange,
  findApplication,
  statusMove,
  unlessDuplicateApplication,
  type JobSummary,
} from './application-service.js';
import { INTERVIEWER_ROLE, resolveContacts } from './link-service.js';

export type { InterviewDocument };

/** Statuses an interview moves an application on from (to interviewing). */
const MOVES_TO_INTERVIEWING = new Set<string>(BEFORE_INTERVIEWING);

export interface InterviewInput {
  date?: Date;
  type?: string;
  notes?: string;
  status?: string;
  /** Contacts (ids or prefixes, each maybe a comma-separated list) who interview: `--with`. */
  with?: readonly string[];
}

export interface AddedInterview {
  application: ApplicationDocument;
  interview: InterviewDocument;
  /** The status the application was moved from, when adding the interview moved it. */
  movedFrom: string | undefined;
}

/** The interview fields an input sets (the others are left as they are). */
type InterviewChanges = Partial<Pick<InterviewDocument, 'type' | 'notes' | 'status'>>;

/** The ids of the interviewers `--with` names (none when it is not given). */
async function interviewerIds(
  data: UserRepositories,
  input: InterviewInput,
): Promise<Types.ObjectId[]> {
  if (input.with === undefined) return [];
  return (await resolveContacts(data, input.with)).map((contact) => contact._id);
}

/** The ids of `a` and then those of `b` not in it. */
function unionOfIds(a: readonly Types.ObjectId[], b: readonly Types.ObjectId[]): Types.ObjectId[] {
  const seen = new Set(a.map((id) => id.toHexString()));
  return [...a, ...b.filter((id) => !seen.has(id.toHexString()))];
}

function interviewFields(input: InterviewInput): InterviewChanges {
  const fields: InterviewChanges = {};
  if (input.type !== undefined && input.type.trim() !== '') fields.type = input.type.trim();
  if (input.notes !== undefined && input.notes !== '') fields.notes = input.notes;
  if (input.status !== undefined && input.status.trim() !== '') fields.status = input.status.trim();
  return fields;
}

const INTERVIEW_ADD_ATTEMPTS = 3;

// Statuses (free text) that say an interview has taken place: its date is then in the past.
const HELD_STATUS = /^(done|held|completed?|happened|attended|passed|failed|finished)$/i;

/** Whether an interview with this status was held (its date lies in the past). */
export function isHeldStatus(status: string | undefined): boolean {
  return status !== undefined && HELD_STATUS.test(status.trim());
}

export async function addInterview(
  data: UserRepositories,
  applicationIdOrPrefix: string,
  input: InterviewInput & { date: Date },
  now = new Date(),
): Promise<AddedInterview> {
  const contactIds = await interviewerIds(data, input);
  const interview = {
    date: input.date,
    status: 'scheduled',
    ...interviewFields(input),
    ...(contactIds.length > 0 ? { contactIds } : {}),
  };
  // Scheduling an interview moves an application that has not got that far to interviewing,
  // in the same update that adds it (a compare-and-set on the status, retried if it moved).
  for (let attempt = 1; ; attempt++) {
    const current = await findApplication(data, applicationIdOrPrefix);
    const movedFrom = MOVES_TO_INTERVIEWING.has(current.status) ? current.status : undefined;
    const added =
      movedFrom === undefined
        ? await data.applications.pushInterview(current._id, interview)
        : await unlessDuplicateApplication(data, () =>
            data.applications.moveStatus(
              current._id,
              movedFrom,
              statusMove(current, INTERVIEWING_STATUS, now),
              interview,
            ),
          );
    const saved = added?.application.interviews.find(
      (each) => added.interviewId !== undefined && each._id.equals(added.interviewId),
    );
    if (added && saved) {
      // Interviewers are people on the application too (those on it keep their role).
      if (contactIds.length === 0)
        return { application: added.application, interview: saved, movedFrom };
      await data.links.ensureLinked(added.application._id, contactIds, INTERVIEWER_ROLE);
      const linked = await findApplication(data, added.application._id.toHexString());
      return { application: linked, interview: saved, movedFrom };
    }
    if (movedFrom === undefined) {
      throw new NotFoundError(`no application with id ${applicationIdOrPrefix}`);
    }
    if (attempt === INTERVIEW_ADD_ATTEMPTS) throw concurrentChange(applicationIdOrPrefix);
  }
}

/** The interview of `application` named by a full id or a unique prefix (>= 4 hex chars). */
export function resolveInterview(
  application: ApplicationDocument,
  idOrPrefix: string,
): InterviewDocument {
  const text = idOrPrefix.trim().toLowerCase();
  if (!/^[0-9a-f]{4,24}$/.test(text)) {
    throw new UsageError(`'${idOrPrefix}' is not an interview id (at least 4 hex characters)`, {
      hint: say`see interview ids with \`${step('application.show', 'APP_ID')}\``,
    });
  }
  const matches = application.interviews.filter((interview) =>
    interview._id.toHexString().startsWith(text),
  );
  if (matches.length === 0) {
    throw new NotFoundError(`this application has no interview with id ${idOrPrefix}`, {
      hint: say`see interview ids with \`${step('application.show', 'APP_ID')}\``,
    });
  }
  if (matches.length > 1) {
    throw new AmbiguousIdError(
      `id prefix '${idOrPrefix}' matches ${matches.length} interviews: ${matches.map((m) => m._id.toHexString()).join(', ')}`,
      { hint: 'type more characters of the id' },
    );
  }
  return matches[0] as InterviewDocument;
}

export async function updateInterview(
  data: UserRepositories,
  applicationIdOrPrefix: string,
  interviewIdOrPrefix: string,
  input: InterviewInput,
): Promise<{ application: ApplicationDocument; interview: InterviewDocument }> {
  const current = await findApplication(data, applicationIdOrPrefix);
  const target = resolveInterview(current, interviewIdOrPrefix);
  const contactIds = await interviewerIds(data, input);
  if (Object.values(input).every((value) => value === undefined)) {
    throw new UsageError('nothing to update', {
      hint: say`pass at least one of ${fieldList(['date', 'type', 'notes', 'status'])}`,
    });
  }
  const changed: InterviewDocument = { ...target, ...interviewFields(input) };
  if (input.date !== undefined) changed.date = input.date;
  // An empty --type or --notes clears it.
  if (input.type?.trim() === '') delete changed.type;
  if (input.notes === '') delete changed.notes;
  if (contactIds.length > 0) changed.contactIds = unionOfIds(target.contactIds ?? [], contactIds);
  if (contactIds.length > 0) {
    await data.links.ensureLinked(current._id, contactIds, INTERVIEWER_ROLE);
  }
  const updated = await data.applications.replaceInterview(current._id, changed);
  if (!updated) throw new NotFoundError(`no such interview any more: ${interviewIdOrPrefix}`);
  const interview = updated.interviews.find((each) => each._id.equals(target._id)) ?? changed;
  return { application: updated, interview };
}

/** One line of the interview agenda. */
export interface AgendaEntry {
  applicationId: ApplicationDocument['_id'];
  applicationStatus: string;
  job: JobSummary | null;
  interview: InterviewDocument;
}

export async function listInterviews(
  data: UserRepositories,
  options: { application?: string; upcoming?: boolean },
  now = new Date(),
): Promise<AgendaEntry[]> {
  const applications = options.application
    ? [await findApplication(data, options.application)]
    : await data.applications.findWithInterviews();
  const jobs = await data.jobs.findByIds([
    ...new Map(applications.map((a) => [a.jobId.toHexString(), a.jobId])).values(),
  ]);
  const jobById = new Map(jobs.map((job) => [job._id.toHexString(), job]));
  const entries: AgendaEntry[] = [];
  for (const application of applications) {
    const job = jobById.get(application.jobId.toHexString());
    for (const interview of application.interviews) {
      if (options.upcoming && interview.date < now) continue;
      entries.push({
        applicationId: application._id,
        applicationStatus: application.status,
        job: job ? { _id: job._id, company: job.company, title: job.title } : null,
        interview,
      });
    }
  }
  return entries.sort(
    (a, b) =>
      a.interview.date.getTime() - b.interview.date.getTime() ||
      a.interview._id.toHexString().localeCompare(b.interview._id.toHexString()),
  );
}
