// `career learn list`: your learning activities, filtered, sorted and paged.
import type { Command } from 'commander';
import {
  ACTIVITY_SORT_FIELDS,
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  listActivities,
  type ActivityDocument,
  type ActivityFilter,
} from '../../services/learning-service.js';
import { withPrintedIds, type IdLengths } from '../../services/short-ids.js';
import { coloursFor } from '../../ui/colours.js';
import type { CommandIO } from '../../ui/io.js';
import type { TerminalText } from '../../ui/printable.js';
import { colourStatus, formatDate, idShortener } from '../../ui/status-colours.js';
import { idColumn, keep, renderTable, text } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { printPage } from '../list-output.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { listFlags, WIDE_HELP, type ListFlags } from '../options/list.js';
import { parseStatus, parseType } from './fields.js';

export interface LearnListOptions {
  globals: GlobalOptions;
  filter: ActivityFilter;
  /** --limit, --page and --sort, as given (checked by the service). */
  list: ListFlags;
}

/** `career learn list --json`: the activities of the page, as stored. */
export type LearnListJson = Array<JsonOf<ActivityDocument>>;

interface LearnListFlags extends ListFlags {
  status?: string;
  type?: string;
  skill?: string;
}

export function listCommand(learn: Command, context: CommandContext): Command {
  // Not addListOptions: this verb's --sort help reads differently (kept as it was).
  return learn
    .command('list')
    .description('List your learning activities')
    .option('--status <status>', `only this status (${ACTIVITY_STATUSES.join(', ')})`)
    .option('--type <type>', `only this type (${ACTIVITY_TYPES.join(', ')})`)
    .option('--skill <skill>', 'only activities teaching this skill')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--page <n>', 'which page of --limit results (from 1)')
    .option('--sort <field>', `${ACTIVITY_SORT_FIELDS.join('|')}, add :desc to reverse`)
    .option('--wide', WIDE_HELP)
    .action((flags: LearnListFlags, command: Command) => run(parse(flags, command), context));
}

function parse(flags: LearnListFlags, command: Command): LearnListOptions {
  const filter: ActivityFilter = {
    ...(flags.status !== undefined ? { status: parseStatus(flags.status) } : {}),
    ...(flags.type !== undefined ? { type: parseType(flags.type) } : {}),
    ...(flags.skill !== undefined ? { skill: flags.skill } : {}),
  };
  return { globals: globalOptions(command), filter, list: listFlags(flags) };
}

export async function run(options: LearnListOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const [page, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(data, await listActivities(data, options.filter, options.list), (listed) => ({
        activity: listed.items.map((activity) => activity._id),
      })),
  );
  printPage(context, page, {
    json: options.globals.json,
    noun: { one: 'learning activity', many: 'learning activities' },
    empty: () => {
      out.printLine('No learning activities.');
      out.printNote('Add one with `career learn add --title "..." --type course`.');
    },
    table: (activities) => activityTable(activities, ids, options.globals.wide, context.io),
  });
}

function activityTable(
  activities: readonly ActivityDocument[],
  ids: IdLengths,
  wide: boolean,
  io: CommandIO,
): TerminalText {
  const colours = coloursFor(io.stdout);
  const short = idShortener(ids);
  const rows = activities.map((activity) => [
    short(activity._id.toHexString()),
    activity.title,
    activity.type,
    colourStatus(activity.status, colours),
    activity.provider ?? '',
    formatDate(activity.startDate),
    formatDate(activity.completionDate ?? activity.expectedEndDate),
    activity.skills.join(', '),
  ]);
  const head = [
    idColumn('ID'),
    text('Title', 4),
    keep('Type', 2),
    keep('Status', 3),
    text('Provider', 1),
    keep('Start', 1),
    keep('Due / done', 2),
    text('Skills', 1),
  ];
  return renderTable(head, rows, io, { wide });
}
