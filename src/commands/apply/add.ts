// `career apply add`: record an application, for a job by id or by company and title.
import type { Command } from 'commander';
import {
  addApplication,
  parseStatus,
  type AddedApplication,
} from '../../services/application-service.js';
import { UsageError } from '../../domain/errors.js';
import { coloursFor } from '../../ui/colours.js';
import { safe } from '../../ui/printable.js';
import { colourStatus, shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { checkedDateFlag, DATE_FIELDS, dateLine } from '../options/dates.js';
import { jobLabel, STATUS_LIST } from './shared.js';
import {
  addCaptureOptions,
  captureFlags,
  capturedLine,
  readCapturedJob,
  type CaptureFlags,
} from '../options/capture.js';

export interface ApplyAddFlags extends CaptureFlags {
  company?: string;
  title?: string;
  job?: string;
  status?: string;
  date?: string;
  notes?: string;
  resume?: string;
  coverLetter?: string;
}

export interface ApplyAddOptions {
  globals: GlobalOptions;
  /** The flags as given (the status and date are checked before any prompt or write). */
  flags: ApplyAddFlags;
}

/** `career apply add --json`: the application as stored, with its job's summary. */
export type ApplyAddJson = JsonOf<AddedApplication['application']>;

export function addCommand(apply: Command, context: CommandContext): Command {
  const command = apply
    .command('add')
    .description(
      'Record an application (for a job by id, by company and title, or from its posting)',
    )
    .option('--company <name>', 'the company (the job is found or created)')
    .option('--title <title>', 'the job title')
    .option('--job <id>', 'an existing job (instead of --company and --title)')
    .option('--status <status>', `one of: ${STATUS_LIST} (default toApply)`)
    .option('--date <date>', 'when you applied (default: now, once applied)')
    .option('--notes <text>', 'notes')
    .option('--resume <url>', 'the resume you sent')
    .option('--cover-letter <url>', 'the cover letter you sent');
  return addCaptureOptions(command).action((flags: ApplyAddFlags, command: Command) =>
    run({ globals: globalOptions(command), flags }, context),
  );
}

export async function run(options: ApplyAddOptions, context: CommandContext): Promise<void> {
  const { flags, globals } = options;
  const { out, prompts } = context;
  // Checked before any prompt or write.
  if (flags.status !== undefined) parseStatus(flags.status, 'status');
  const date = await checkedDateFlag(context, flags.date, DATE_FIELDS.applicationDate);
  const capture = captureFlags(flags);
  if (
    flags.job !== undefined &&
    (capture.fromUrl !== undefined || capture.fromFile !== undefined)
  ) {
    throw new UsageError('give --job or a page to read (--from-url, --from-file), not both');
  }
  const given = {
    ...(flags.company === undefined ? {} : { company: flags.company }),
    ...(flags.title === undefined ? {} : { title: flags.title }),
  };
  const captured = await readCapturedJob(capture, given, context);
  const target =
    flags.job !== undefined
      ? { job: flags.job, company: flags.company, title: flags.title }
      : {
          company: await prompts.valueOrPrompt(
            captured?.fields.company ?? flags.company,
            '--company',
            'Company',
          ),
          title: await prompts.valueOrPrompt(
            captured?.fields.title ?? flags.title,
            '--title',
            'Job title',
          ),
        };
  const input = {
    ...flags,
    ...target,
    date,
    ...(captured ? { jobFields: captured.fields, jobDates: captured.dates } : {}),
  };
  const [added, ids] = await context.withSignedIn({ dbUri: globals.dbUri }, async ({ data }) =>
    withPrintedIds(data, await addApplication(data, input, context.clock.now()), (result) => ({
      job: [result.job._id],
      application: [result.application._id],
    })),
  );
  if (!added.jobCreated && flags.job === undefined) {
    // Found by company and title (ignoring case), as `job add` would: no twin is made.
    out.printNote(
      `Using your existing job ${shortId(added.job._id, ids)}: ${added.job.title} at ${added.job.company}.`,
    );
  }
  if (globals.json) {
    out.printJson(added.application);
    return;
  }
  if (added.jobCreated) {
    out.printSuccess(
      `Added job ${shortId(added.job._id, ids)}: ${added.job.title} at ${added.job.company}`,
    );
    if (captured) out.printLine(capturedLine(captured));
  }
  const status = colourStatus(added.application.status, coloursFor(context.io.stdout));
  out.printSuccess(
    safe`Added application ${shortId(added.application._id, ids)} for ${jobLabel(added.application)} (${status})`,
  );
  const applied = added.application.applicationDate;
  if (applied) out.printLine(dateLine(DATE_FIELDS.applicationDate, applied));
}
