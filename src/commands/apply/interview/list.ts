// `career apply interview list`: interviews across the applications (or of one), by date.
import type { Command } from 'commander';
import {
  listInterviews,
  type AgendaEntry,
  type InterviewDocument,
} from '../../../services/interview-service.js';
import { withPrintedIds, type IdLengths } from '../../../services/short-ids.js';
import { coloursFor } from '../../../ui/colours.js';
import type { TerminalText } from '../../../ui/printable.js';
import { colourStatus, formatDate, idShortener } from '../../../ui/status-colours.js';
import { idColumn, keep, renderTable, text } from '../../../ui/table.js';
import type { CommandContext } from '../../context.js';
import type { JsonOf } from '../../json.js';
import { globalOptions, type GlobalOptions } from '../../options/global.js';
import { WIDE_HELP } from '../../options/list.js';
import { ID_ARGUMENT } from '../shared.js';

export interface ApplyInterviewListOptions {
  globals: GlobalOptions;
  /** Only this application's (an id or a unique prefix), or every application's. */
  applicationId: string | undefined;
  /** Only interviews from now on. */
  upcoming: boolean;
}

/** `career apply interview list --json`: each interview with its application and job. */
export type ApplyInterviewListJson = Array<
  JsonOf<InterviewDocument & Omit<AgendaEntry, 'interview'>>
>;

export function listCommand(interview: Command, context: CommandContext): Command {
  return interview
    .command('list')
    .description('List interviews across your applications (or of one), by date')
    .argument('[application-id]', ID_ARGUMENT)
    .option('--upcoming', 'only interviews from now on')
    .option('--wide', WIDE_HELP)
    .action((applicationId: string | undefined, flags: { upcoming?: boolean }, command: Command) =>
      run(
        { globals: globalOptions(command), applicationId, upcoming: flags.upcoming === true },
        context,
      ),
    );
}

export async function run(
  options: ApplyInterviewListOptions,
  context: CommandContext,
): Promise<void> {
  const { out } = context;
  const [entries, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(
        data,
        await listInterviews(data, {
          application: options.applicationId,
          upcoming: options.upcoming,
        }),
        (listed) => ({
          interview: listed.map((entry) => entry.interview._id),
          application: listed.map((entry) => entry.applicationId),
        }),
      ),
  );
  if (options.globals.json) {
    out.printJson(entries.map(entryJson));
    return;
  }
  if (entries.length === 0) {
    out.printLine(options.upcoming ? 'No upcoming interviews.' : 'No interviews.');
    return;
  }
  out.printLine(interviewTable(entries, ids, options.globals.wide, context));
}

function entryJson(entry: AgendaEntry): InterviewDocument & Omit<AgendaEntry, 'interview'> {
  return {
    ...entry.interview,
    applicationId: entry.applicationId,
    applicationStatus: entry.applicationStatus,
    job: entry.job,
  };
}

function interviewTable(
  entries: readonly AgendaEntry[],
  ids: IdLengths,
  wide: boolean,
  context: CommandContext,
): TerminalText {
  const colours = coloursFor(context.io.stdout);
  const shortInterview = idShortener(ids);
  const shortApplication = idShortener(ids);
  return renderTable(
    [
      idColumn(),
      keep('When', 5),
      text('Company', 3),
      text('Title', 2),
      keep('Type', 1),
      keep('Status', 2),
      keep('Application', 1),
    ],
    entries.map((entry) => [
      shortInterview(entry.interview._id),
      formatDate(entry.interview.date, true),
      entry.job?.company ?? '',
      entry.job?.title ?? '',
      entry.interview.type ?? '',
      colourStatus(entry.interview.status ?? '', colours),
      shortApplication(entry.applicationId),
    ]),
    context.io,
    { wide },
  );
}
