// `career job add`: a new job opening.
import type { Command } from 'commander';
import { addJob, type JobDocument } from '../../services/job-service.js';
import { shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { addJobFieldOptions, jobFieldFlags, type JobFlags } from '../options/job-fields.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import {
  addCaptureOptions,
  captureFlags,
  capturedLine,
  readCapturedJob,
  type CaptureFlags,
} from '../options/capture.js';

export interface JobAddOptions {
  globals: GlobalOptions;
  fields: JobFlags;
  /** The page to fill the job from (--from-url, --from-file), if any. */
  capture?: CaptureFlags;
}

/** `career job add --json`: the job as stored. */
export type JobAddJson = JsonOf<JobDocument>;

export function addCommand(job: Command, context: CommandContext): Command {
  const command = addJobFieldOptions(job.command('add').description('Add a job opening'), {
    forUpdate: false,
  });
  return addCaptureOptions(command).action((flags: JobFlags & CaptureFlags, command: Command) =>
    run(
      {
        globals: globalOptions(command),
        fields: jobFieldFlags(flags),
        capture: captureFlags(flags),
      },
      context,
    ),
  );
}

export async function run(options: JobAddOptions, context: CommandContext): Promise<void> {
  const { globals } = options;
  const { out, prompts } = context;
  const captured = await readCapturedJob(options.capture ?? {}, options.fields, context);
  const fields = captured?.fields ?? options.fields;
  const company = await prompts.valueOrPrompt(fields.company, '--company', 'Company');
  const title = await prompts.valueOrPrompt(fields.title, '--title', 'Job title');
  const [created, ids] = await context.withSignedIn({ dbUri: globals.dbUri }, async ({ data }) =>
    withPrintedIds(
      data,
      await addJob(data, { ...fields, company, title }, captured?.dates),
      (job) => ({ job: [job._id] }),
    ),
  );
  if (globals.json) out.printJson(created);
  else {
    const id = shortId(created._id, ids);
    out.printSuccess(`Added job ${id}: ${created.title} at ${created.company}`);
    if (captured) out.printLine(capturedLine(captured));
  }
}
