// `career job show`: one job's fields and its applications.
import type { Command } from 'commander';
import { showJob, type JobDocument, type JobWithApplications } from '../../services/job-service.js';
import { coloursFor } from '../../ui/colours.js';
import type { Field, Printer } from '../../ui/output.js';
import { colourStatus, formatDate, idShortener, shortId } from '../../ui/status-colours.js';
import { withPrintedIds, type IdLengths } from '../../services/short-ids.js';
import { idColumn, keep, renderTable } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface JobShowOptions {
  globals: GlobalOptions;
  /** A job id or a unique prefix of one. */
  id: string;
}

/** `career job show --json`: the job with its applications. */
export type JobShowJson = JsonOf<JobDocument & Pick<JobWithApplications, 'applications'>>;

export function showCommand(job: Command, context: CommandContext): Command {
  return job
    .command('show')
    .description('Show a job and its applications')
    .argument('<id>', 'job id (or a unique prefix of at least 4 characters)')
    .action((id: string, _flags: unknown, command: Command) =>
      run({ globals: globalOptions(command), id }, context),
    );
}

export async function run(options: JobShowOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const [shown, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(data, await showJob(data, options.id), (found) => ({
        job: [found.job._id],
        application: found.applications.map((application) => application._id),
      })),
  );
  if (options.globals.json) {
    out.printJson({ ...shown.job, applications: shown.applications });
    return;
  }
  printJob(out, shown.job);
  out.printLine();
  if (shown.applications.length === 0) {
    out.printLine('No applications yet.');
    out.printNote(`Apply with \`career apply add --job ${shortId(shown.job._id, ids)}\`.`);
    return;
  }
  printApplications(shown.applications, ids, context);
}

function printApplications(
  applications: JobWithApplications['applications'],
  ids: IdLengths,
  { out, io }: CommandContext,
): void {
  out.printHeading('Applications');
  const colours = coloursFor(io.stdout);
  const short = idShortener(ids);
  const rows = applications.map((application) => [
    short(application._id),
    colourStatus(application.status, colours),
    formatDate(application.applicationDate),
    formatDate(application.updatedAt),
  ]);
  const head = [idColumn(), keep('Status', 3), keep('Applied', 2), keep('Updated')];
  out.printLine(renderTable(head, rows, io));
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
  const amount = salary.currency ? `${range} ${salary.currency}` : range;
  return salary.period ? `${amount} a ${salary.period}` : amount;
}

function printJob(out: Printer, job: JobDocument): void {
  const fields: Field[] = [
    ['Id', job._id.toHexString()],
    ['Company', job.company],
    ['Title', job.title],
  ];
  if (job.location) fields.push(['Location', job.location]);
  if (job.workMode) fields.push(['Work mode', job.workMode]);
  if (job.employmentType) fields.push(['Employment', job.employmentType]);
  const salary = salaryText(job);
  if (salary) fields.push(['Salary', salary]);
  if (job.url) fields.push(['URL', job.url]);
  if (job.source) fields.push(['Source', job.source]);
  if (job.tags && job.tags.length > 0) fields.push(['Tags', job.tags.join(', ')]);
  if (job.postedAt) fields.push(['Posted', formatDate(job.postedAt)]);
  if (job.validThrough) fields.push(['Open until', formatDate(job.validThrough)]);
  fields.push(['Added', formatDate(job.createdAt)]);
  out.printFields(fields);
  if (job.description) {
    out.printLine();
    out.printLine(job.description);
  }
}
