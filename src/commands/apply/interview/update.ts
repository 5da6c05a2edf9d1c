// `career apply interview update`: change an interview of an application.
import type { Command } from 'commander';
import {
  updateInterview,
  type AddedInterview,
  isHeldStatus,
  type InterviewDocument,
} from '../../../services/interview-service.js';
import { formatDay } from '../../../domain/dates.js';
import { shortId } from '../../../ui/status-colours.js';
import { withPrintedIds } from '../../../services/short-ids.js';
import type { CommandContext } from '../../context.js';
import type { JsonOf } from '../../json.js';
import { globalOptions, type GlobalOptions } from '../../options/global.js';
import { checkedDateFlag, DATE_FIELDS } from '../../options/dates.js';
import { ID_ARGUMENT } from '../shared.js';
import { collectWith, WITH_HELP, type InterviewFlags } from './add.js';

export interface ApplyInterviewUpdateOptions {
  globals: GlobalOptions;
  /** An application id or a unique prefix of one. */
  applicationId: string;
  /** An interview id or a unique prefix within the application. */
  interviewId: string;
  flags: InterviewFlags;
}

/** `career apply interview update --json`: the interview after the change, with its application's id. */
export type ApplyInterviewUpdateJson = JsonOf<
  InterviewDocument & { applicationId: AddedInterview['application']['_id'] }
>;

export function updateCommand(interview: Command, context: CommandContext): Command {
  return interview
    .command('update')
    .description('Change an interview')
    .argument('<application-id>', ID_ARGUMENT)
    .argument('<interview-id>', 'interview id (or a unique prefix within the application)')
    .option('--date <date>', 'when')
    .option('--type <type>', 'phone, video, onsite... (an empty value clears it)')
    .option('--notes <text>', 'notes (an empty value clears them)')
    .option('--status <status>', 'scheduled, done, cancelled... (free text)')
    .option('--with <contact-id>', `${WITH_HELP}; added to those there`, collectWith)
    .action((applicationId: string, interviewId: string, flags: InterviewFlags, command: Command) =>
      run({ globals: globalOptions(command), applicationId, interviewId, flags }, context),
    );
}

export async function run(
  options: ApplyInterviewUpdateOptions,
  context: CommandContext,
): Promise<void> {
  const { flags, globals } = options;
  // Without --status the date reads as a planned one ("friday" is the next Friday).
  const field = isHeldStatus(flags.status)
    ? DATE_FIELDS.interviewHeld
    : DATE_FIELDS.interviewPlanned;
  const date = await checkedDateFlag(context, flags.date, field);
  const [updated, ids] = await context.withSignedIn({ dbUri: globals.dbUri }, async ({ data }) =>
    withPrintedIds(
      data,
      await updateInterview(data, options.applicationId, options.interviewId, { ...flags, date }),
      (written) => ({
        interview: [written.interview._id],
        application: [written.application._id],
      }),
    ),
  );
  if (globals.json) {
    context.out.printJson({ ...updated.interview, applicationId: updated.application._id });
    return;
  }
  context.out.printSuccess(
    `Updated interview ${shortId(updated.interview._id, ids)} (${formatDay(updated.interview.date, true)}) of application ${shortId(updated.application._id, ids)}`,
  );
}
