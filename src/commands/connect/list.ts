// `career connect list`: connections with their contacts, filtered, sorted and paged.
import type { Command } from 'commander';
import {
  CONNECTION_SORT_FIELDS,
  CONNECTION_STATUSES,
  CONNECTION_TYPES,
  listConnections,
  type ConnectionListFilter,
  type ConnectionListItem,
} from '../../services/connection-service.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { ListOptions } from '../../services/contact-service.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { printPage } from '../list-output.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { listFlags, WIDE_HELP } from '../options/list.js';
import { connectionsTable, parseStatus, parseType } from './render.js';

export interface ConnectListOptions {
  globals: GlobalOptions;
  filter: ConnectionListFilter;
  /** --limit, --page and --sort, as given (checked by the service). */
  list: ListOptions;
}

/**
 * `career connect list --json`: the connections of the page, with their contacts, and
 * lastContactAt, nextDueAt and cadenceDays (null: no cadence).
 */
export type ConnectListJson = Array<JsonOf<ConnectionListItem>>;

interface ConnectListFlags extends ListOptions {
  status?: string;
  type?: string;
  due?: boolean;
  archived?: boolean;
}

export function listCommand(connect: Command, context: CommandContext): Command {
  // Not addListOptions: this verb's --page and --sort help read differently (kept as they were).
  return connect
    .command('list')
    .description('List connections with their contacts')
    .option('--status <status>', `only this status: ${CONNECTION_STATUSES.join(', ')}`)
    .option('--type <type>', `only this type: ${CONNECTION_TYPES.join(', ')}`)
    .option('--due', 'only connections with open follow-ups due by today')
    .option('--archived', 'only archived connections (see `career connect archive`)')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--page <n>', 'page number, from 1')
    .option(
      '--sort <field>',
      `${CONNECTION_SORT_FIELDS.join('|')}, add :desc to reverse (default createdAt:desc)`,
    )
    .option('--wide', WIDE_HELP)
    .action((flags: ConnectListFlags, command: Command) => run(parse(flags, command), context));
}

function parse(flags: ConnectListFlags, command: Command): ConnectListOptions {
  const filter: ConnectionListFilter = {
    ...(flags.status === undefined ? {} : { status: parseStatus(flags.status) }),
    ...(flags.type === undefined ? {} : { type: parseType(flags.type) }),
    due: flags.due === true,
    ...(flags.archived === true ? { archived: true } : {}),
  };
  return { globals: globalOptions(command), filter, list: listFlags(flags) };
}

export async function run(options: ConnectListOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const [page, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(
        data,
        await listConnections(data, options.filter, options.list, context.clock.now()),
        (listed) => ({ connection: listed.items.map((connection) => connection._id) }),
      ),
  );
  printPage(context, page, {
    json: options.globals.json,
    noun: { one: 'connection', many: 'connections' },
    empty: () =>
      out.printNote(
        options.filter.archived === true
          ? 'No archived connections.'
          : 'No connections found. Add one with `career connect add --name "..."`.',
      ),
    table: (connections) =>
      connectionsTable(connections, ids, context.io, options.globals.wide, context.clock.now()),
  });
}
