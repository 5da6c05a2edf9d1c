// `career job list`: the job openings, newest first, filtered and paged.
import type { Command } from 'commander';
import {
  JOB_SORT_FIELDS,
  listJobs,
  WORK_MODES,
  type JobDocument,
  type JobListOptions as JobListQuery,
} from '../../services/job-service.js';
import { withPrintedIds, type IdLengths } from '../../services/short-ids.js';
import type { CommandIO } from '../../ui/io.js';
import type { TerminalText } from '../../ui/printable.js';
import { formatDate, idShortener } from '../../ui/status-colours.js';
import { idColumn, keep, renderTable, text } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { printPage } from '../list-output.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { addListOptions, listFlags } from '../options/list.js';

export interface JobListOptions {
  globals: GlobalOptions;
  /** The filters and list flags, as given (checked by the job service). */
  query: JobListQuery;
}

/** `career job list --json`: the jobs of the page, as stored. */
export type JobListJson = Array<JsonOf<JobDocument>>;

export function listCommand(job: Command, context: CommandContext): Command {
  const command = job
    .command('list')
    .description('List your job openings (newest first)')
    .option('--company <text>', 'only companies containing this text (any case)')
    .option('--tag <tag>', 'only jobs with this tag')
    .option('--work-mode <mode>', `only this work mode: ${WORK_MODES.join(', ')}`);
  return addListOptions(command, JOB_SORT_FIELDS).action((flags: JobListQuery, command: Command) =>
    run(parse(flags, command), context),
  );
}

function parse(flags: JobListQuery, command: Command): JobListOptions {
  const query: JobListQuery = listFlags(flags);
  if (flags.company !== undefined) query.company = flags.company;
  if (flags.tag !== undefined) query.tag = flags.tag;
  if (flags.workMode !== undefined) query.workMode = flags.workMode;
  return { globals: globalOptions(command), query };
}

export async function run(options: JobListOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const [page, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri, readOnly: true },
    async ({ data }) =>
      withPrintedIds(data, await listJobs(data, options.query), (listed) => ({
        job: listed.items.map((job) => job._id),
      })),
  );
  printPage(context, page, {
    json: options.globals.json,
    noun: { one: 'job', many: 'jobs' },
    empty: () => {
      out.printLine('No jobs found.');
      out.printNote('Add one with `career job add --company ACME --title "Engineer"`.');
    },
    table: (jobs) => jobTable(jobs, ids, options.globals.wide, context.io),
  });
}

function jobTable(
  jobs: readonly JobDocument[],
  ids: IdLengths,
  wide: boolean,
  io: CommandIO,
): TerminalText {
  const short = idShortener(ids);
  const rows = jobs.map((each) => [
    short(each._id),
    each.company,
    each.title,
    each.location ?? '',
    each.workMode ?? '',
    (each.tags ?? []).join(', '),
    formatDate(each.createdAt),
  ]);
  const head = [
    idColumn(),
    text('Company', 3),
    text('Title', 4),
    text('Location', 2),
    keep('Mode'),
    text('Tags', 1),
    keep('Added', 2),
  ];
  return renderTable(head, rows, io, { wide });
}
