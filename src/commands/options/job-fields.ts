// A job's fields as flags, shared by `job add` and `job update` (the same names, the same
// checks in the job service).
import type { Command } from 'commander';
import {
  EMPLOYMENT_TYPES,
  PAY_PERIODS,
  WORK_MODES,
  type JobFlags,
} from '../../services/job-service.js';

export type { JobFlags };

const JOB_FIELD_NAMES = [
  'company',
  'title',
  'location',
  'url',
  'source',
  'salaryMin',
  'salaryMax',
  'currency',
  'salaryPeriod',
  'workMode',
  'employmentType',
  'description',
  'tags',
] as const satisfies ReadonlyArray<keyof JobFlags>;

/** Adds the job field flags; for update, says which an empty value clears. */
export function addJobFieldOptions(
  command: Command,
  { forUpdate }: { forUpdate: boolean },
): Command {
  const clears = forUpdate ? ' (an empty value clears it)' : '';
  return command
    .option('--company <name>', 'the company')
    .option('--title <title>', 'the job title')
    .option('--location <place>', `where the job is${clears}`)
    .option('--url <url>', `the job posting${clears}`)
    .option('--source <where>', `where you found it (LinkedIn, referral...)${clears}`)
    .option('--salary-min <amount>', 'the lowest salary offered')
    .option('--salary-max <amount>', 'the highest salary offered')
    .option('--currency <code>', '3-letter currency code of the salary (EUR, USD...)')
    .option('--salary-period <period>', `what the salary is paid for: ${PAY_PERIODS.join(', ')}`)
    .option('--work-mode <mode>', `one of: ${WORK_MODES.join(', ')}${clears}`)
    .option('--employment-type <type>', `one of: ${EMPLOYMENT_TYPES.join(', ')}${clears}`)
    .option('--description <text>', `a description${clears}`)
    .option('--tags <list>', `comma-separated tags${forUpdate ? ' (replaces the tags)' : ''}`);
}

/** The job fields out of a verb's parsed flags (only those given). */
export function jobFieldFlags(flags: JobFlags): JobFlags {
  const picked: JobFlags = {};
  for (const name of JOB_FIELD_NAMES) {
    const value = flags[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}
