// The rules for applications: finding or creating the job they are for, the status
// pipeline (every change recorded in statusHistory, applicationDate set once applied),
// listing with the job's company, and dated notes. An application's natural key is its job
// and the day of its application date (one undated application per job), held by a unique
// index: a second one is a conflict naming the first.
import type { Types } from 'mongoose';
import type { UserRepositories } from '../repositories/index.js';
import {
  type ApplicationDocument,
  type ApplicationFields,
  type ApplicationFilter,
  type StatusMove,
} from '../repositories/application-repository.js';
import { DuplicateRecordError } from '../repositories/duplicate-record.js';
import type { JobDocument } from '../repositories/job-repository.js';
import { pageFrom, parseListQuery, type Page } from '../repositories/list-query.js';
import { dayOf } from '../repositories/natural-keys.js';
import { ConflictError, NotFoundError, UsageError } from '../domain/errors.js';
import { FieldError } from '../domain/field-error.js';
import { field, fieldList, say, step } from '../domain/phrases.js';
import { matchChoice } from '../domain/choices.js';
import { formatDate } from '../domain/dates.js';
import {
  APPLICATION_STATUSES,
  INITIAL_STATUS,
  isBackwardMove,
  isSent,
  type ApplicationStatus,
} from '../domain/pipeline.js';
import { unlessTaken } from './taken.js';
import { jobChangesFromFlags, type JobFlags, type JobPostingDates } from './job-service.js';

// Re-exported from the pipeline vocabulary (src/domain/pipeline.ts) for the commands.
export { APPLICATION_STATUSES, isSent };
export type { ApplicationDocument, ApplicationStatus };

export const APPLICATION_SORT_FIELDS = [
  'applicationDate',
  'updatedAt',
  'status',
  'company',
] as const;

/** The job's fields shown next to an application. */
export type JobSummary = Pick<JobDocument, '_id' | 'company' | 'title'>;

/** An application with (a summary of) its job, as lists and reads return it. */
export type ApplicationWithJob = ApplicationDocument & { job: JobSummary | null };

export function parseStatus(value: string, flag = 'status'): ApplicationStatus {
  return matchChoice(value, APPLICATION_STATUSES, flag);
}

function summary(job: JobDocument | undefined): JobSummary | null {
  return job ? { _id: job._id, company: job.company, title: job.title } : null;
}

export async function findApplication(
  data: UserRepositories,
  idOrPrefix: string,
): Promise<ApplicationDocument> {
  const id = await data.applications.resolveId(idOrPrefix);
  const application = await data.applications.findById(id);
  if (!application) throw new NotFoundError(`no application with id ${idOrPrefix}`);
  return application;
}

export interface AddApplicationInput {
  company?: string;
  title?: string;
  /** A job id or prefix (instead of company and title). */
  job?: string;
  status?: string;
  date?: Date;
  notes?: string;
  resume?: string;
  coverLetter?: string;
  /** The rest of the job's fields, for a job created by company and title (a captured page). */
  jobFields?: JobFlags;
  jobDates?: JobPostingDates;
}

export interface AddedApplication {
  application: ApplicationWithJob;
  job: JobDocument;
  jobCreated: boolean;
}

/**
 * The user's job with this company and title (ignoring case), created if there is none; if
 * another command creates it meanwhile, that one.
 */
async function findOrCreateJob(
  data: UserRepositories,
  company: string,
  title: string,
  more: { fields?: JobFlags; dates?: JobPostingDates } = {},
): Promise<{ job: JobDocument; created: boolean }> {
  // Checked before anything is looked up or written.
  const { set } = jobChangesFromFlags({ ...more.fields, company, title });
  const existing = await data.jobs.findByCompanyAndTitle(company, title);
  if (existing) return { job: existing, created: false };
  try {
    return { job: await data.jobs.create({ ...set, ...more.dates }), created: true };
  } catch (error) {
    const holder = error instanceof DuplicateRecordError ? error.existing : undefined;
    if (holder === undefined) throw error;
    return { job: holder as JobDocument, created: false };
  }
}

/** The conflict of an application with the one its job already has on that day. */
function applicationExists(
  existing: ApplicationDocument | undefined,
  job: Pick<JobDocument, 'company' | 'title'> | undefined,
  applicationDate: Date | undefined,
): ConflictError {
  const day = dayOf(applicationDate);
  const what = job ? `${job.title} at ${job.company}` : 'this job';
  const when = day === '' ? 'an undated application' : `an application dated ${day}`;
  if (!existing) return new ConflictError(`${what} already has ${when}`);
  const id = existing._id.toHexString();
  return new ConflictError(`${what} already has ${when}: ${id}`, {
    existing: { kind: 'application', id },
    hint: say`see it with \`${step('application.show', id)}\`, or give this one another date (${field('date')})`,
  });
}

/** Runs an application write; a job and day another application has is a conflict. */
export function unlessDuplicateApplication<T>(
  data: UserRepositories,
  write: () => Promise<T>,
): Promise<T> {
  return unlessTaken(write, async (existing: ApplicationDocument | undefined, attempted) => {
    const { jobId, applicationDate } = attempted;
    const job = jobId === undefined ? undefined : await data.jobs.findById(jobId);
    return applicationExists(existing, job, applicationDate ?? undefined);
  });
}

export async function addApplication(
  data: UserRepositories,
  input: AddApplicationInput,
  now = new Date(),
): Promise<AddedApplication> {
  const status = input.status === undefined ? INITIAL_STATUS : parseStatus(input.status);
  let job: JobDocument;
  let jobCreated = false;
  if (input.job !== undefined) {
    if (input.company !== undefined || input.title !== undefined) {
      throw new UsageError(
        say`give either ${field('job')} or ${field('company')} and ${field('title')}, not both`,
      );
    }
    const jobId = await data.jobs.resolveId(input.job);
    const found = await data.jobs.findById(jobId);
    if (!found) throw new NotFoundError(`no job with id ${input.job}`);
    job = found;
  } else {
    const company = input.company?.trim() ?? '';
    const title = input.title?.trim() ?? '';
    if (company === '') {
      throw new FieldError({
        field: 'company',
        problem: 'missing',
        detail: 'the company is required',
      });
    }
    if (title === '') {
      throw new FieldError({
        field: 'title',
        problem: 'missing',
        detail: 'the job title is required',
      });
    }
    ({ job, created: jobCreated } = await findOrCreateJob(data, company, title, {
      ...(input.jobFields === undefined ? {} : { fields: input.jobFields }),
      ...(input.jobDates === undefined ? {} : { dates: input.jobDates }),
    }));
  }
  const fields: ApplicationFields & { jobId: Types.ObjectId } = {
    jobId: job._id,
    status,
    statusHistory: [{ status, at: now }],
  };
  if (isSent(status)) fields.applicationDate = input.date ?? now;
  else if (input.date !== undefined) fields.applicationDate = input.date;
  if (input.notes !== undefined && input.notes !== '') fields.notes = input.notes;
  if (input.resume !== undefined && input.resume !== '')
    fields['documents.resumeUrl'] = input.resume;
  if (input.coverLetter !== undefined && input.coverLetter !== '') {
    fields['documents.coverLetterUrl'] = input.coverLetter;
  }
  const application = await unlessDuplicateApplication(data, () =>
    data.applications.create(fields),
  );
  return { application: { ...application, job: summary(job) }, job, jobCreated };
}

export interface ApplicationListOptions {
  status?: string;
  company?: string;
  since?: Date;
  until?: Date;
  /** Only archived applications (else only those not archived). */
  archived?: boolean;
  limit?: string;
  page?: string;
  sort?: string;
}

function compareText(a: string, b: string): number {
  return a.localeCompare(b, undefined, { sensitivity: 'base' });
}

export async function listApplications(
  data: UserRepositories,
  options: ApplicationListOptions,
): Promise<Page<ApplicationWithJob>> {
  const query = parseListQuery(options, APPLICATION_SORT_FIELDS, {
    field: 'updatedAt',
    direction: -1,
  });
  const filter: ApplicationFilter = {};
  if (options.status !== undefined) filter.status = parseStatus(options.status);
  if (options.since !== undefined) filter.since = options.since;
  if (options.until !== undefined) filter.until = options.until;
  if (options.archived === true) filter.archived = true;
  // The company lives on the job: find the matching jobs first, then their applications.
  if (options.company !== undefined) {
    filter.jobIds = await data.jobs.idsWithCompanyContaining(options.company);
    if (filter.jobIds.length === 0) return pageFrom([], query);
  }

  let page: Page<ApplicationDocument>;
  let jobs: JobDocument[];
  if (query.sort.field === 'company') {
    // Sorting by a field of another collection: sort the matching applications in memory.
    const all = await data.applications.findAll(filter);
    jobs = await data.jobs.findByIds(uniqueIds(all.map((application) => application.jobId)));
    const companyOf = companyLookup(jobs);
    const direction = query.sort.direction;
    all.sort(
      (a, b) =>
        direction * compareText(companyOf(a.jobId), companyOf(b.jobId)) ||
        direction * compareText(a._id.toHexString(), b._id.toHexString()),
    );
    page = pageFrom(all, query);
  } else {
    page = await data.applications.list(filter, query);
    jobs = await data.jobs.findByIds(uniqueIds(page.items.map((application) => application.jobId)));
  }
  return { ...page, items: withJobs(page.items, jobs) };
}

function uniqueIds(ids: readonly Types.ObjectId[]): Types.ObjectId[] {
  const seen = new Map<string, Types.ObjectId>();
  for (const id of ids) seen.set(id.toHexString(), id);
  return [...seen.values()];
}

function companyLookup(jobs: readonly JobDocument[]): (id: Types.ObjectId) => string {
  const byId = new Map(jobs.map((job) => [job._id.toHexString(), job.company]));
  return (id) => byId.get(id.toHexString()) ?? '';
}

/** Adds each application's job summary (one map lookup per application). */
export function withJobs(
  applications: readonly ApplicationDocument[],
  jobs: readonly JobDocument[],
): ApplicationWithJob[] {
  const byId = new Map(jobs.map((job) => [job._id.toHexString(), job]));
  return applications.map((application) => ({
    ...application,
    job: summary(byId.get(application.jobId.toHexString())),
  }));
}

export interface ApplicationDetails {
  application: ApplicationDocument;
  job: JobDocument | undefined;
}

export async function showApplication(
  data: UserRepositories,
  idOrPrefix: string,
): Promise<ApplicationDetails> {
  const application = await findApplication(data, idOrPrefix);
  return { application, job: await data.jobs.findById(application.jobId) };
}

export interface ApplicationUpdateInput {
  date?: Date;
  notes?: string;
  resume?: string;
  coverLetter?: string;
  /** A job id or prefix to move the application to. */
  job?: string;
}

export async function updateApplication(
  data: UserRepositories,
  idOrPrefix: string,
  input: ApplicationUpdateInput,
): Promise<ApplicationWithJob> {
  const current = await findApplication(data, idOrPrefix);
  const set: ApplicationFields = {};
  const unset: string[] = [];
  if (input.date !== undefined) set.applicationDate = input.date;
  const texts = [
    ['notes', input.notes],
    ['documents.resumeUrl', input.resume],
    ['documents.coverLetterUrl', input.coverLetter],
  ] as const;
  for (const [field, value] of texts) {
    if (value === undefined) continue;
    if (value.trim() === '') unset.push(field);
    else set[field] = value;
  }
  if (input.job !== undefined) set.jobId = await data.jobs.resolveId(input.job);
  if (Object.keys(set).length === 0 && unset.length === 0) {
    throw new UsageError('nothing to update', {
      hint: say`pass at least one of ${fieldList(['date', 'notes', 'resume', 'coverLetter', 'job'])}`,
    });
  }
  const updated = await unlessDuplicateApplication(data, () =>
    data.applications.update(current._id, set, unset),
  );
  if (!updated) throw new NotFoundError(`no application with id ${idOrPrefix}`);
  return withJobs(
    [updated],
    [...(await data.jobs.findByIds([updated.jobId]))],
  )[0] as ApplicationWithJob;
}

/** What a status change did. */
export interface StatusChangeResult {
  application: ApplicationDocument;
  /** False when the application already had that status, or the move back was declined. */
  changed: boolean;
  previousStatus: string;
  /** Set when this change recorded the application date. */
  applicationDateSet: Date | undefined;
  /** True when a move back to toApply cleared the application date. */
  applicationDateCleared: boolean;
  /** True when the person said no to a move back (nothing was written). */
  declined: boolean;
}

/** How a move back in the pipeline is allowed: forced, or asked (only at a terminal). */
export interface BackwardMovePolicy {
  force: boolean;
  /** Asks the person; absent when nobody can be asked (a script). */
  confirm?: (from: string, to: ApplicationStatus) => Promise<boolean>;
}

/**
 * The move of an application to `status` at `at`: the change for statusHistory, and the
 * application date once it has been sent (unless already known); back to toApply, not sent,
 * it has none.
 */
export function statusMove(
  application: Pick<ApplicationDocument, 'applicationDate'>,
  status: ApplicationStatus,
  at: Date,
): StatusMove {
  const move: StatusMove = { status, at };
  if (isSent(status) && !application.applicationDate) move.applicationDate = at;
  if (!isSent(status) && application.applicationDate) move.clearApplicationDate = true;
  return move;
}

function backwardNeedsForce(from: string, to: string): UsageError {
  return new UsageError(`moving an application back from ${from} to ${to} needs confirmation`, {
    hint: say`pass ${field('force')} to move it back anyway (the order is ${APPLICATION_STATUSES.join(' → ')})`,
  });
}

/** Whether a move may go ahead: forward always; back when forced or confirmed. */
export async function backwardAllowed(
  from: string,
  to: ApplicationStatus,
  policy: BackwardMovePolicy,
): Promise<boolean> {
  if (!isBackwardMove(from, to) || policy.force) return true;
  if (!policy.confirm) throw backwardNeedsForce(from, to);
  return policy.confirm(from, to);
}

// A status move is a compare-and-set on the current status; when another process moved the
// application in between, read it again and retry, a few times at most.
const STATUS_MOVE_ATTEMPTS = 3;

export async function changeStatus(
  data: UserRepositories,
  idOrPrefix: string,
  statusText: string,
  at = new Date(),
  policy: BackwardMovePolicy = { force: false },
): Promise<StatusChangeResult> {
  const status = parseStatus(statusText);
  let asked = false;
  for (let attempt = 1; ; attempt++) {
    const current = await findApplication(data, idOrPrefix);
    const unchanged = {
      application: current,
      changed: false,
      previousStatus: current.status,
      applicationDateSet: undefined,
      applicationDateCleared: false,
      declined: false,
    };
    if (current.status === status) return unchanged;
    // Asked once, whatever the retries read.
    if (!asked && !(await backwardAllowed(current.status, status, policy))) {
      return { ...unchanged, declined: true };
    }
    asked = true;
    const move = statusMove(current, status, at);
    const moved = await unlessDuplicateApplication(data, () =>
      data.applications.moveStatus(current._id, current.status, move),
    );
    if (moved) {
      return {
        application: moved.application,
        changed: true,
        previousStatus: current.status,
        applicationDateSet: move.applicationDate,
        applicationDateCleared: move.clearApplicationDate === true,
        declined: false,
      };
    }
    if (attempt === STATUS_MOVE_ATTEMPTS) throw concurrentChange(idOrPrefix);
  }
}

/** The error for an application that kept changing under a read-then-write. */
export function concurrentChange(idOrPrefix: string): ConflictError {
  return new ConflictError(`application ${idOrPrefix} was changed by another command meanwhile`, {
    existing: { kind: 'application', id: idOrPrefix },
    hint: say`see it with \`${step('application.show', idOrPrefix)}\` and try again`,
  });
}

/** Appends `[YYYY-MM-DD] text` as a new line of the notes. */
export async function addNote(
  data: UserRepositories,
  idOrPrefix: string,
  text: string,
  now = new Date(),
): Promise<ApplicationDocument> {
  if (text.trim() === '') throw new UsageError('the note is empty');
  const current = await findApplication(data, idOrPrefix);
  const line = `[${formatDate(now)}] ${text.trim()}`;
  const notes = current.notes ? `${current.notes.replace(/\n+$/, '')}\n${line}` : line;
  const updated = await data.applications.update(current._id, { notes });
  if (!updated) throw new NotFoundError(`no application with id ${idOrPrefix}`);
  return updated;
}

export async function removeApplication(
  data: UserRepositories,
  applicationId: Types.ObjectId,
): Promise<void> {
  if (!(await data.applications.remove(applicationId))) {
    throw new NotFoundError('the application no longer exists');
  }
}
