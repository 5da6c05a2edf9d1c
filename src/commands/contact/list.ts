// `career contact list`: contacts, filtered, sorted and paged.
import type { Command } from 'commander';
import {
  CONTACT_SORT_FIELDS,
  listContacts,
  type ContactDocument,
  type ContactFilter,
  type ListOptions,
} from '../../services/contact-service.js';
import { withPrintedIds, type IdLengths } from '../../services/short-ids.js';
import type { CommandIO } from '../../ui/io.js';
import type { TerminalText } from '../../ui/printable.js';
import { idShortener } from '../../ui/status-colours.js';
import { idColumn, renderTable, text } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { printPage } from '../list-output.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { listFlags, WIDE_HELP } from '../options/list.js';

export interface ContactListOptions {
  globals: GlobalOptions;
  filter: ContactFilter;
  /** --limit, --page and --sort, as given (checked by the service). */
  list: ListOptions;
}

/** `career contact list --json`: the contacts of the page, as stored. */
export type ContactListJson = Array<JsonOf<ContactDocument>>;

interface ContactListFlags extends ListOptions {
  company?: string;
  tag?: string;
  search?: string;
}

export function listCommand(contact: Command, context: CommandContext): Command {
  // Not addListOptions: this verb's --page and --sort help read differently (kept as they were).
  return contact
    .command('list')
    .description('List contacts')
    .option('--company <text>', 'company contains this text (any case)')
    .option('--tag <tag>', 'has this tag')
    .option('--search <text>', 'name, email or company contains this text (any case)')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--page <n>', 'page number, from 1')
    .option(
      '--sort <field>',
      `${CONTACT_SORT_FIELDS.join('|')}, add :desc to reverse (default name)`,
    )
    .option('--wide', WIDE_HELP)
    .action((flags: ContactListFlags, command: Command) => run(parse(flags, command), context));
}

function parse(flags: ContactListFlags, command: Command): ContactListOptions {
  const filter: ContactFilter = {};
  if (flags.company !== undefined) filter.company = flags.company;
  if (flags.tag !== undefined) filter.tag = flags.tag;
  if (flags.search !== undefined) filter.search = flags.search;
  return { globals: globalOptions(command), filter, list: listFlags(flags) };
}

export async function run(options: ContactListOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const [page, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri, readOnly: true },
    async ({ data }) =>
      withPrintedIds(data, await listContacts(data, options.filter, options.list), (listed) => ({
        contact: listed.items.map((contact) => contact._id),
      })),
  );
  printPage(context, page, {
    json: options.globals.json,
    noun: { one: 'contact', many: 'contacts' },
    empty: () =>
      out.printNote('No contacts found. Add one with `career contact add --name "..."`.'),
    table: (contacts) => contactTable(contacts, ids, options.globals.wide, context.io),
  });
}

function contactTable(
  contacts: readonly ContactDocument[],
  ids: IdLengths,
  wide: boolean,
  io: CommandIO,
): TerminalText {
  const short = idShortener(ids);
  const rows = contacts.map((item) => [
    short(item._id.toHexString()),
    item.name,
    item.company ?? '',
    item.title ?? '',
    item.email ?? '',
    item.tags.join(', '),
  ]);
  const head = [
    idColumn('ID'),
    text('Name', 4),
    text('Company', 3),
    text('Title', 2),
    text('Email', 2),
    text('Tags', 1),
  ];
  return renderTable(head, rows, io, { wide });
}
