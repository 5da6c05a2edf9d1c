// `career job remove`: remove a job, refused while it has applications unless --force.
import type { Command } from 'commander';
import {
  jobForRemoval,
  refuseRemovalWithApplications,
  removeJob,
  type JobDocument,
} from '../../services/job-service.js';
import type { UserRepositories } from '../../repositories/index.js';
import { shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface JobRemoveOptions {
  globals: GlobalOptions;
  /** A job id or a unique prefix of one. */
  id: string;
  /** Do not ask (required without a terminal). */
  yes: boolean;
  /** Also remove the job's applications. */
  force: boolean;
}

/** `career job remove --json`: the job as it was, and how many applications went with it. */
export type JobRemoveJson = JsonOf<JobDocument & { removedApplications: number }>;

interface Removed {
  job: JobDocument;
  removedApplications: number;
}

export function removeCommand(job: Command, context: CommandContext): Command {
  return job
    .command('remove')
    .description('Remove a job (refused while it has applications, unless --force)')
    .argument('<id>', 'job id (or a unique prefix of at least 4 characters)')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .option('--force', 'also remove the applications for this job')
    .action((id: string, flags: { yes?: boolean; force?: boolean }, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          id,
          yes: flags.yes === true,
          force: flags.force === true,
        },
        context,
      ),
    );
}

export async function run(options: JobRemoveOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const result = await context.withSignedIn({ dbUri: options.globals.dbUri }, async ({ data }) => {
    const removed = await confirmAndRemove(data, options, context);
    return removed && withPrintedIds(data, removed, (each) => ({ job: [each.job._id] }));
  });
  if (!result) {
    out.printNote('Nothing removed.');
    return;
  }
  const [{ job, removedApplications }, ids] = result;
  if (options.globals.json) {
    out.printJson({ ...job, removedApplications });
    return;
  }
  out.printSuccess(`Removed job ${shortId(job._id, ids)}: ${job.title} at ${job.company}`);
  if (removedApplications > 0) {
    const plural = removedApplications === 1 ? '' : 's';
    out.printSuccess(`Removed ${removedApplications} application${plural} for it`);
  }
}

/** The removal, after the question (undefined when the person says no). */
async function confirmAndRemove(
  data: UserRepositories,
  options: JobRemoveOptions,
  { prompts }: CommandContext,
): Promise<Removed | undefined> {
  const { job: found, applications } = await jobForRemoval(data, options.id);
  const count = applications.length;
  const what =
    count > 0 && options.force
      ? `${found.title} at ${found.company} and its ${count} application${count === 1 ? '' : 's'}`
      : `${found.title} at ${found.company}`;
  // Refused before any question: a job with applications needs --force.
  refuseRemovalWithApplications(count, options.force);
  if (!(await prompts.confirmOrRequireYes(`Remove ${what}?`, options.yes, 'removing'))) {
    return undefined;
  }
  const removed = await removeJob(data, found._id, { force: options.force });
  return { job: found, ...removed };
}
