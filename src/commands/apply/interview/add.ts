// `career apply interview add`: an interview for an application (moves it to interviewing).
import type { Command } from 'commander';
import { formatDay } from '../../../domain/dates.js';
import {
  addInterview,
  type AddedInterview,
  isHeldStatus,
  type InterviewDocument,
} from '../../../services/interview-service.js';
import { coloursFor } from '../../../ui/colours.js';
import { safe } from '../../../ui/printable.js';
import { colourStatus, shortId } from '../../../ui/status-colours.js';
import { withPrintedIds } from '../../../services/short-ids.js';
import type { CommandContext } from '../../context.js';
import type { JsonOf } from '../../json.js';
import { checkedDate, DATE_FIELDS } from '../../options/dates.js';
import { globalOptions, type GlobalOptions } from '../../options/global.js';
import { ID_ARGUMENT } from '../shared.js';

export interface InterviewFlags {
  date?: string;
  type?: string;
  notes?: string;
  status?: string;
  /** Interviewers: contact ids (repeated, or comma-separated). */
  with?: string[];
}

/** Collects a repeated `--with`. */
export function collectWith(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export const WITH_HELP = 'an interviewer: a contact id (repeat it, or separate ids with commas)';

export interface ApplyInterviewAddOptions {
  globals: GlobalOptions;
  /** An application id or a unique prefix of one. */
  applicationId: string;
  /** The flags as given (the date is asked for at a terminal when missing). */
  flags: InterviewFlags;
}

/** `career apply interview add --json`: the interview, with its application's id and status. */
export type ApplyInterviewAddJson = JsonOf<
  InterviewDocument & {
    applicationId: AddedInterview['application']['_id'];
    applicationStatus: string;
  }
>;

export function addCommand(interview: Command, context: CommandContext): Command {
  return interview
    .command('add')
    .description('Add an interview to an application (moves it to interviewing)')
    .argument('<application-id>', ID_ARGUMENT)
    .option('--date <date>', 'when (e.g. 2026-03-01T10:00 or "next friday 10am")')
    .option('--type <type>', 'phone, video, onsite, technical... (free text)')
    .option('--notes <text>', 'notes')
    .option('--status <status>', 'scheduled (default), done, cancelled... (free text)')
    .option('--with <contact-id>', WITH_HELP, collectWith)
    .action((applicationId: string, flags: InterviewFlags, command: Command) =>
      run({ globals: globalOptions(command), applicationId, flags }, context),
    );
}

export async function run(
  options: ApplyInterviewAddOptions,
  context: CommandContext,
): Promise<void> {
  const { out, prompts } = context;
  const { flags, globals } = options;
  const when = await prompts.valueOrPrompt(flags.date, '--date', 'Date and time');
  const field = isHeldStatus(flags.status)
    ? DATE_FIELDS.interviewHeld
    : DATE_FIELDS.interviewPlanned;
  const date = await checkedDate(context, when, field);
  const [added, ids] = await context.withSignedIn({ dbUri: globals.dbUri }, async ({ data }) =>
    withPrintedIds(
      data,
      await addInterview(data, options.applicationId, { ...flags, date }, context.clock.now()),
      (result) => ({ interview: [result.interview._id], application: [result.application._id] }),
    ),
  );
  if (globals.json) {
    out.printJson({
      ...added.interview,
      applicationId: added.application._id,
      applicationStatus: added.application.status,
    });
    return;
  }
  out.printSuccess(
    `Added interview ${shortId(added.interview._id, ids)} on ${formatDay(added.interview.date, true)} to application ${shortId(added.application._id, ids)}`,
  );
  if (added.movedFrom !== undefined) {
    const colours = coloursFor(context.io.stdout);
    out.printSuccess(
      safe`Moved the application from ${colourStatus(added.movedFrom, colours)} to ${colourStatus('interviewing', colours)}`,
    );
  }
}
