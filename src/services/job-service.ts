// The rules for job openings: what a job's fields may hold, listing and filtering, and
// removing a job only together with (or never from under) its applications.
import type { Types } from 'mongoose';
import type { UserRepositories } from '../repositories/index.js';
import type { ApplicationDocument } from '../repositories/application-repository.js';
import {
  EMPLOYMENT_TYPES,
  WORK_MODES,
  type JobDocument,
  type JobFields,
  type JobFilter,
} from '../repositories/job-repository.js';
import { parseListQuery, type ListQuery, type Page } from '../repositories/list-query.js';
import { ConflictError, NotFoundError, UsageError } from '../domain/errors.js';
import { FieldError } from '../domain/field-error.js';
import { field, say, step } from '../domain/phrases.js';
import { matchChoice, parseList } from '../domain/choices.js';
import { PAY_PERIODS } from '../domain/money.js';
import { unlessTaken } from './taken.js';

export { EMPLOYMENT_TYPES, PAY_PERIODS, WORK_MODES };
export type { JobDocument };

/** A job's fields as given on the command line (all strings, all optional). */
export interface JobFlags {
  company?: string;
  title?: string;
  location?: string;
  url?: string;
  source?: string;
  salaryMin?: string;
  salaryMax?: string;
  currency?: string;
  /** What the salary is paid for: year, month or hour. */
  salaryPeriod?: string;
  workMode?: string;
  employmentType?: string;
  description?: string;
  tags?: string;
}

/** A job's fields that come from a captured posting only (no flag sets them). */
export type JobPostingDates = Pick<JobFields, 'postedAt' | 'validThrough'>;

export const JOB_SORT_FIELDS = ['company', 'title', 'createdAt'] as const;

const OPTIONAL_TEXT = ['location', 'url', 'source', 'description'] as const;

function salaryAmount(text: string, name: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new FieldError({
      field: name,
      problem: 'must-be',
      detail: 'a non-negative number',
      value: text,
    });
  }
  return value;
}

function requiredText(value: string, name: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new FieldError({ field: name, problem: 'empty' });
  return trimmed;
}

/** The salary after applying the flags to `current` (min <= max checked). */
function salaryFrom(
  flags: JobFlags,
  current: {
    min?: number | null;
    max?: number | null;
    currency?: string | null;
    period?: string | null;
  } = {},
): JobFields['salary'] | undefined {
  if (
    flags.salaryMin === undefined &&
    flags.salaryMax === undefined &&
    flags.currency === undefined &&
    flags.salaryPeriod === undefined
  ) {
    return undefined;
  }
  const salary: NonNullable<JobFields['salary']> = {};
  const min =
    flags.salaryMin === undefined ? current.min : salaryAmount(flags.salaryMin, 'salaryMin');
  const max =
    flags.salaryMax === undefined ? current.max : salaryAmount(flags.salaryMax, 'salaryMax');
  const currency =
    flags.currency === undefined ? current.currency : flags.currency.trim().toUpperCase();
  if (min !== undefined && min !== null) salary.min = min;
  if (max !== undefined && max !== null) salary.max = max;
  if (currency !== undefined && currency !== null && currency !== '') {
    if (!/^[A-Z]{3}$/.test(currency)) {
      throw new FieldError({
        field: 'currency',
        problem: 'must-be',
        detail: 'a 3-letter code like EUR',
        value: flags.currency ?? '',
      });
    }
    salary.currency = currency;
  }
  const period =
    flags.salaryPeriod === undefined
      ? current.period
      : flags.salaryPeriod.trim() === ''
        ? undefined
        : matchChoice(flags.salaryPeriod, PAY_PERIODS, 'salaryPeriod');
  if (period !== undefined && period !== null) salary.period = period;
  if (salary.min !== undefined && salary.max !== undefined && salary.min > salary.max) {
    throw new UsageError(`the minimum salary (${salary.min}) is above the maximum (${salary.max})`);
  }
  return salary;
}

/**
 * The fields to set, and those to clear (an empty value clears an optional field), from
 * the flags. Everything is checked here, before anything is written.
 */
export function jobChangesFromFlags(
  flags: JobFlags,
  current?: JobDocument,
): { set: JobFields; unset: string[] } {
  const set: JobFields = {};
  const unset: string[] = [];
  if (flags.company !== undefined) set.company = requiredText(flags.company, 'company');
  if (flags.title !== undefined) set.title = requiredText(flags.title, 'title');
  for (const field of OPTIONAL_TEXT) {
    const value = flags[field];
    if (value === undefined) continue;
    if (value.trim() === '') unset.push(field);
    else set[field] = field === 'description' ? value : value.trim();
  }
  if (flags.workMode !== undefined) {
    if (flags.workMode === '') unset.push('workMode');
    else set.workMode = matchChoice(flags.workMode, WORK_MODES, 'workMode');
  }
  if (flags.employmentType !== undefined) {
    if (flags.employmentType === '') unset.push('employmentType');
    else {
      set.employmentType = matchChoice(flags.employmentType, EMPLOYMENT_TYPES, 'employmentType');
    }
  }
  if (flags.tags !== undefined) set.tags = parseList(flags.tags);
  const salary = salaryFrom(flags, current?.salary ?? undefined);
  if (salary !== undefined) {
    if (Object.keys(salary).length === 0) unset.push('salary');
    else set.salary = salary;
  }
  return { set, unset };
}

/** The conflict of a job with another of the same company and title (its natural key). */
function jobExists(
  existing: JobDocument | undefined,
  attempted: Pick<Partial<JobDocument>, 'company' | 'title'>,
): ConflictError {
  if (!existing) {
    return new ConflictError(`a job ${attempted.title} at ${attempted.company} already exists`);
  }
  const id = existing._id.toHexString();
  return new ConflictError(`a job ${existing.title} at ${existing.company} already exists: ${id}`, {
    existing: { kind: 'job', id },
    // The natural key is company + title: two openings with one title need titles apart.
    hint: say`see it with \`${step('job.show', id)}\`; for another opening with that title, give a title that tells them apart (e.g. "${existing.title} (Berlin)")`,
  });
}

export async function addJob(
  data: UserRepositories,
  flags: JobFlags & { company: string; title: string },
  dates: JobPostingDates = {},
): Promise<JobDocument> {
  const { set } = jobChangesFromFlags(flags);
  return unlessTaken(() => data.jobs.create({ ...set, ...dates }), jobExists);
}

export interface JobListOptions {
  company?: string;
  tag?: string;
  workMode?: string;
  limit?: string;
  page?: string;
  sort?: string;
}

export function jobListQuery(options: JobListOptions): { filter: JobFilter; query: ListQuery } {
  const query = parseListQuery(options, JOB_SORT_FIELDS, { field: 'createdAt', direction: -1 });
  const filter: JobFilter = {};
  if (options.company !== undefined) filter.companyContains = options.company;
  if (options.tag !== undefined) filter.tag = options.tag.trim();
  if (options.workMode !== undefined) {
    filter.workMode = matchChoice(options.workMode, WORK_MODES, 'workMode');
  }
  return { filter, query };
}

export async function listJobs(
  data: UserRepositories,
  options: JobListOptions,
): Promise<Page<JobDocument>> {
  const { filter, query } = jobListQuery(options);
  return data.jobs.list(filter, query);
}

async function findJob(data: UserRepositories, idOrPrefix: string): Promise<JobDocument> {
  const id = await data.jobs.resolveId(idOrPrefix);
  const job = await data.jobs.findById(id);
  if (!job) throw new NotFoundError(`no job with id ${idOrPrefix}`);
  return job;
}

export interface JobWithApplications {
  job: JobDocument;
  applications: ApplicationDocument[];
}

export async function showJob(
  data: UserRepositories,
  idOrPrefix: string,
): Promise<JobWithApplications> {
  const job = await findJob(data, idOrPrefix);
  return { job, applications: await data.applications.findForJob(job._id) };
}

export async function updateJob(
  data: UserRepositories,
  idOrPrefix: string,
  flags: JobFlags,
): Promise<JobDocument> {
  const current = await findJob(data, idOrPrefix);
  const { set, unset } = jobChangesFromFlags(flags, current);
  if (Object.keys(set).length === 0 && unset.length === 0) {
    throw new UsageError('nothing to update', {
      hint: say`pass at least one field, e.g. ${field('location')} Berlin (see \`${step('this-command-help')}\`)`,
    });
  }
  const job = await unlessTaken(() => data.jobs.update(current._id, set, unset), jobExists);
  if (!job) throw new NotFoundError(`no job with id ${idOrPrefix}`);
  return job;
}

/** The job and the applications that a removal would affect (to show before confirming). */
export const jobForRemoval = showJob;

/** A ConflictError when the job still has applications and removal is not forced. */
export function refuseRemovalWithApplications(count: number, force: boolean): void {
  if (count > 0 && !force) {
    throw new ConflictError(
      `this job has ${count} application${count === 1 ? '' : 's'}: it was not removed`,
      {
        hint: say`remove them first, or pass ${field('force')} to remove the job and its applications`,
      },
    );
  }
}

/**
 * Removes a job. Its applications would be left pointing at nothing, so a job that has
 * some is only removed with `force`, which removes them too.
 */
export async function removeJob(
  data: UserRepositories,
  jobId: Types.ObjectId,
  options: { force: boolean },
): Promise<{ removedApplications: number }> {
  const applications = await data.applications.findForJob(jobId);
  refuseRemovalWithApplications(applications.length, options.force);
  const removedApplications =
    applications.length > 0 ? await data.applications.removeForJob(jobId) : 0;
  if (!(await data.jobs.remove(jobId))) throw new NotFoundError('the job no longer exists');
  return { removedApplications };
}
