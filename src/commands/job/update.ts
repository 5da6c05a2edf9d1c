// `career job update`: change fields of a job (an empty value clears an optional one).
import type { Command } from 'commander';
import { updateJob, type JobDocument } from '../../services/job-service.js';
import { shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { addJobFieldOptions, jobFieldFlags, type JobFlags } from '../options/job-fields.js';

export interface JobUpdateOptions {
  globals: GlobalOptions;
  /** A job id or a unique prefix of one. */
  id: string;
  fields: JobFlags;
}

/** `career job update --json`: the job as stored after the change. */
export type JobUpdateJson = JsonOf<JobDocument>;

export function updateCommand(job: Command, context: CommandContext): Command {
  const command = job
    .command('update')
    .description('Change fields of a job')
    .argument('<id>', 'job id (or a unique prefix of at least 4 characters)');
  return addJobFieldOptions(command, { forUpdate: true }).action(
    (id: string, flags: JobFlags, command: Command) =>
      run({ globals: globalOptions(command), id, fields: jobFieldFlags(flags) }, context),
  );
}

export async function run(options: JobUpdateOptions, context: CommandContext): Promise<void> {
  const { globals } = options;
  const [updated, ids] = await context.withSignedIn({ dbUri: globals.dbUri }, async ({ data }) =>
    withPrintedIds(data, await updateJob(data, options.id, options.fields), (written) => ({
      job: [written._id],
    })),
  );
  if (globals.json) context.out.printJson(updated);
  else
    context.out.printSuccess(
      `Updated job ${shortId(updated._id, ids)}: ${updated.title} at ${updated.company}`,
    );
}
