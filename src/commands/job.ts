// `career job ...`: job openings (the jobs applications are for).
import type { Command } from 'commander';
import {
  addJob,
  jobForRemoval,
  listJobs,
  refuseRemovalWithApplications,
  removeJob,
  showJob,
  updateJob,
  WORK_MODES,
  type JobDocument,
  type JobFlags,
  type JobListOptions,
} from '../services/job-service.js';
import { withSignedIn } from '../services/workspace.js';
import {
  printFields,
  printHeading,
  printJson,
  printLine,
  printNote,
  printSuccess,
} from '../ui/output.js';
import { confirmOrRequireYes, valueOrPrompt } from '../ui/prompts.js';
import { colourStatus, formatDate, idAbbreviator, shortId } from '../ui/status-colours.js';
import { renderTable } from '../ui/table.js';
import { globalOptions, nounSummary } from './index.js';

function addJobOptions(command: Command, { forUpdate }: { forUpdate: boolean }): Command {
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
    .option('--work-mode <mode>', `one of: ${WORK_MODES.join(', ')}${clears}`)
    .option('--description <text>', `a description${clears}`)
    .option('--tags <list>', `comma-separated tags${forUpdate ? ' (replaces the tags)' : ''}`);
}

function salaryText(job: JobDocument): string {
  const salary = job.salary;
  if (!salary || (salary.min == null && salary.max == null)) return '';
  const range =
    salary.min != null && salary.max != null
      ? `${salary.min}-${salary.max}`
      : salary.min != null
        ? `from ${salary.min}`
        : `up to ${salary.max}`;
  return salary.currency ? `${range} ${salary.currency}` : range;
}

function printJob(job: JobDocument): void {
  const fields: Array<[string, string]> = [
    ['Id', job._id.toHexString()],
    ['Company', job.company],
    ['Title', job.title],
  ];
  if (job.location) fields.push(['Location', job.location]);
  if (job.workMode) fields.push(['Work mode', job.workMode]);
  const salary = salaryText(job);
  if (salary) fields.push(['Salary', salary]);
  if (job.url) fields.push(['URL', job.url]);
  if (job.source) fields.push(['Source', job.source]);
  if (job.tags && job.tags.length > 0) fields.push(['Tags', job.tags.join(', ')]);
  fields.push(['Added', formatDate(job.createdAt)]);
  printFields(fields);
  if (job.description) {
    printLine();
    printLine(job.description);
  }
}

export function register(program: Command): void {
  const job = program.command('job').description(nounSummary('job'));

  addJobOptions(job.command('add').description('Add a job opening'), { forUpdate: false }).action(
    async (flags: JobFlags, command: Command) => {
      const globals = globalOptions(command);
      const company = await valueOrPrompt(flags.company, '--company', 'Company');
      const title = await valueOrPrompt(flags.title, '--title', 'Job title');
      const created = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        addJob(data, { ...flags, company, title }),
      );
      if (globals.json) printJson(created);
      else
        printSuccess(`Added job ${shortId(created._id)}: ${created.title} at ${created.company}`);
    },
  );

  job
    .command('list')
    .description('List your job openings (newest first)')
    .option('--company <text>', 'only companies containing this text (any case)')
    .option('--tag <tag>', 'only jobs with this tag')
    .option('--work-mode <mode>', `only this work mode: ${WORK_MODES.join(', ')}`)
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--page <n>', 'which page of --limit results (from 1)')
    .option('--sort <field>', 'company, title or createdAt; add :desc to reverse')
    .action(async (options: JobListOptions, command: Command) => {
      const globals = globalOptions(command);
      const jobs = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        listJobs(data, options),
      );
      if (globals.json) {
        printJson(jobs);
        return;
      }
      if (jobs.length === 0) {
        printLine('No jobs found.');
        printNote('Add one with `career job add --company ACME --title "Engineer"`.');
        return;
      }
      const short = idAbbreviator(jobs.map((each) => each._id));
      printLine(
        renderTable(
          ['Id', 'Company', 'Title', 'Location', 'Mode', 'Tags', 'Added'],
          jobs.map((each) => [
            short(each._id),
            each.company,
            each.title,
            each.location ?? '',
            each.workMode ?? '',
            (each.tags ?? []).join(', '),
            formatDate(each.createdAt),
          ]),
        ),
      );
    });

  job
    .command('show')
    .description('Show a job and its applications')
    .argument('<id>', 'job id (or a unique prefix of at least 4 characters)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const shown = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) => showJob(data, id));
      if (globals.json) {
        printJson({ ...shown.job, applications: shown.applications });
        return;
      }
      printJob(shown.job);
      printLine();
      if (shown.applications.length === 0) {
        printLine('No applications yet.');
        printNote(`Apply with \`career apply add --job ${shortId(shown.job._id)}\`.`);
        return;
      }
      printHeading('Applications');
      const short = idAbbreviator(shown.applications.map((application) => application._id));
      printLine(
        renderTable(
          ['Id', 'Status', 'Applied', 'Updated'],
          shown.applications.map((application) => [
            short(application._id),
            colourStatus(application.status),
            formatDate(application.applicationDate),
            formatDate(application.updatedAt),
          ]),
        ),
      );
    });

  addJobOptions(
    job
      .command('update')
      .description('Change fields of a job')
      .argument('<id>', 'job id (or a unique prefix of at least 4 characters)'),
    { forUpdate: true },
  ).action(async (id: string, flags: JobFlags, command: Command) => {
    const globals = globalOptions(command);
    const updated = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
      updateJob(data, id, flags),
    );
    if (globals.json) printJson(updated);
    else
      printSuccess(`Updated job ${shortId(updated._id)}: ${updated.title} at ${updated.company}`);
  });

  job
    .command('remove')
    .description('Remove a job (refused while it has applications, unless --force)')
    .argument('<id>', 'job id (or a unique prefix of at least 4 characters)')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .option('--force', 'also remove the applications for this job')
    .action(async (id: string, flags: { yes?: boolean; force?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const result = await withSignedIn({ dbUri: globals.dbUri }, async ({ data }) => {
        const { job: found, applications } = await jobForRemoval(data, id);
        const count = applications.length;
        const what =
          count > 0 && flags.force
            ? `${found.title} at ${found.company} and its ${count} application${count === 1 ? '' : 's'}`
            : `${found.title} at ${found.company}`;
        // Refused before any question: a job with applications needs --force.
        refuseRemovalWithApplications(count, flags.force === true);
        if (!(await confirmOrRequireYes(`Remove ${what}?`, flags.yes, 'removing')))
          return undefined;
        const removed = await removeJob(data, found._id, { force: flags.force === true });
        return { job: found, ...removed };
      });
      if (!result) {
        printNote('Nothing removed.');
        return;
      }
      if (globals.json) {
        printJson({ ...result.job, removedApplications: result.removedApplications });
        return;
      }
      printSuccess(
        `Removed job ${shortId(result.job._id)}: ${result.job.title} at ${result.job.company}`,
      );
      if (result.removedApplications > 0) {
        printSuccess(
          `Removed ${result.removedApplications} application${result.removedApplications === 1 ? '' : 's'} for it`,
        );
      }
    });
}
