// `career apply list`: applications, most recently changed first, filtered and paged.
import type { Command } from 'commander';
import {
  APPLICATION_SORT_FIELDS,
  listApplications,
  type ApplicationListOptions,
  type ApplicationWithJob,
} from '../../services/application-service.js';
import { withPrintedIds, type IdLengths } from '../../services/short-ids.js';
import { coloursFor } from '../../ui/colours.js';
import type { TerminalText } from '../../ui/printable.js';
import { colourStatus, formatDate, idShortener } from '../../ui/status-colours.js';
import { idColumn, keep, renderTable, text } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { printPage } from '../list-output.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { addListOptions, listFlags } from '../options/list.js';
import { DATE_FIELDS, optionalDateFlag } from '../options/dates.js';
import { endOfDayIfBare, STATUS_LIST } from './shared.js';

type ApplyListFlags = Omit<ApplicationListOptions, 'since' | 'until'> & {
  since?: string;
  until?: string;
};

export interface ApplyListOptions {
  globals: GlobalOptions;
  /** The filters and list flags (dates parsed; the rest checked by the service). */
  query: ApplicationListOptions;
}

/** `career apply list --json`: the applications of the page, each with its job's summary. */
export type ApplyListJson = Array<JsonOf<ApplicationWithJob>>;

export function listCommand(apply: Command, context: CommandContext): Command {
  const command = apply
    .command('list')
    .description('List your applications (most recently changed first)')
    .option('--status <status>', `only this status: ${STATUS_LIST}`)
    .option('--company <text>', 'only companies containing this text (any case)')
    .option('--since <date>', 'applied on or after this date')
    .option('--until <date>', 'applied on or before this date')
    .option('--archived', 'only archived applications (see `career apply archive`)');
  return addListOptions(command, APPLICATION_SORT_FIELDS).action(
    (flags: ApplyListFlags, command: Command) => run(parse(flags, command, context), context),
  );
}

function parse(flags: ApplyListFlags, command: Command, context: CommandContext): ApplyListOptions {
  const query: ApplicationListOptions = {
    ...listFlags(flags),
    since: optionalDateFlag(context, flags.since, DATE_FIELDS.since),
    until: endOfDayIfBare(context, flags.until, DATE_FIELDS.until),
  };
  if (flags.status !== undefined) query.status = flags.status;
  if (flags.company !== undefined) query.company = flags.company;
  if (flags.archived === true) query.archived = true;
  return { globals: globalOptions(command), query };
}

export async function run(options: ApplyListOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const [page, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri, readOnly: true },
    async ({ data }) =>
      withPrintedIds(data, await listApplications(data, options.query), (listed) => ({
        application: listed.items.map((application) => application._id),
      })),
  );
  printPage(context, page, {
    json: options.globals.json,
    noun: { one: 'application', many: 'applications' },
    empty: () => {
      if (options.query.archived === true) return out.printLine('No archived applications.');
      out.printLine('No applications found.');
      out.printNote('Add one with `career apply add --company ACME --title "Engineer"`.');
    },
    table: (applications) => applicationTable(applications, ids, options.globals.wide, context),
  });
}

function applicationTable(
  applications: readonly ApplicationWithJob[],
  ids: IdLengths,
  wide: boolean,
  context: CommandContext,
): TerminalText {
  const colours = coloursFor(context.io.stdout);
  const short = idShortener(ids);
  return renderTable(
    [
      idColumn(),
      text('Company', 3),
      text('Title', 4),
      keep('Status', 5),
      keep('Applied', 2),
      keep('Interviews', 1),
      keep('Updated', 1),
    ],
    applications.map((application) => [
      short(application._id),
      application.job?.company ?? '',
      application.job?.title ?? '',
      colourStatus(application.status, colours),
      formatDate(application.applicationDate),
      application.interviews.length > 0 ? String(application.interviews.length) : '',
      formatDate(application.updatedAt),
    ]),
    context.io,
    { wide },
  );
}
