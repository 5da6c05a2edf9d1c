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
import { coloursFor } from '../../ui/colours.js';
import { colourStatus, formatDate, idAbbreviator } from '../../ui/status-colours.js';
import { renderTable } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { listFlags, type ListFlags } from '../options/list.js';
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
  const activities = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ data }) =>
    listActivities(data, options.filter, options.list),
  );
  if (options.globals.json) {
    out.printJson(activities);
    return;
  }
  if (activities.length === 0) {
    out.printLine('No learning activities.');
    out.printNote('Add one with `career learn add --title "..." --type course`.');
    return;
  }
  const colours = coloursFor(context.io.stdout);
  const short = idAbbreviator(activities.map((activity) => activity._id.toHexString()));
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
  const head = ['ID', 'Title', 'Type', 'Status', 'Provider', 'Start', 'Due / done', 'Skills'];
  out.printLine(renderTable(head, rows, colours));
}
