// `career contact show`: a contact with its connection and open follow-ups.
import type { Command } from 'commander';
import {
  showContact,
  type ContactDetails,
  type ContactDocument,
} from '../../services/contact-service.js';
import { coloursFor } from '../../ui/colours.js';
import type { Field, Printer } from '../../ui/output.js';
import { colourStatus, formatDate, idShortener, shortId } from '../../ui/status-colours.js';
import { withPrintedIds, type IdLengths } from '../../services/short-ids.js';
import type { CommandIO } from '../../ui/io.js';
import { idColumn, keep, renderTable, text } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface ContactShowOptions {
  globals: GlobalOptions;
  /** A contact id or a unique prefix of one. */
  id: string;
}

/**
 * `career contact show --json`: the contact, its connection (or null), open follow-ups, and
 * the `applications` (with their interviews) the person is on.
 */
export type ContactShowJson = JsonOf<
  ContactDocument & Pick<ContactDetails, 'connection' | 'openFollowUps' | 'applications'>
>;

export function showCommand(contact: Command, context: CommandContext): Command {
  return contact
    .command('show')
    .description('Show a contact with its connection and open follow-ups')
    .argument('<id>', 'contact id or unique prefix')
    .action((id: string, _flags: unknown, command: Command) =>
      run({ globals: globalOptions(command), id }, context),
    );
}

export async function run(options: ContactShowOptions, context: CommandContext): Promise<void> {
  const [details, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(data, await showContact(data, options.id), (shown) => ({
        contact: [shown.contact._id],
        'follow-up': shown.openFollowUps.map((followUp) => followUp._id),
        application: shown.applications.map((each) => each.applicationId),
        interview: shown.applications.flatMap((each) => each.interviews.map((i) => i._id)),
      })),
  );
  if (options.globals.json) {
    context.out.printJson({
      ...details.contact,
      connection: details.connection,
      openFollowUps: details.openFollowUps,
      applications: details.applications,
    });
  } else printDetails(context.out, details, ids, context.io);
}

/** The contact's fields for `contact show`, leaving out the empty ones. */
function contactFields(contact: ContactDocument): Field[] {
  const fields: Field[] = [
    ['ID', contact._id.toHexString()],
    ['Name', contact.name],
    ['Email', contact.email ?? ''],
    ['Phone', contact.phone ?? ''],
    ['Company', contact.company ?? ''],
    ['Title', contact.title ?? ''],
    ['LinkedIn', contact.linkedinUrl ?? ''],
    ['Tags', contact.tags.join(', ')],
    ['Notes', contact.notes ?? ''],
    ['Created', formatDate(contact.createdAt, true)],
    ['Updated', formatDate(contact.updatedAt, true)],
  ];
  return fields.filter(([, value]) => value !== '');
}

function printDetails(out: Printer, details: ContactDetails, ids: IdLengths, io: CommandIO): void {
  const colours = coloursFor(io.stdout);
  out.printFields(contactFields(details.contact));
  out.printLine();
  const { connection, openFollowUps } = details;
  if (!connection) {
    const id = shortId(details.contact._id.toHexString(), ids);
    out.printLine(`No connection yet: \`career connect add ${id}\``);
    printApplications(out, details.applications, ids, io);
    return;
  }
  out.printHeading('Connection');
  out.printFields([
    ['ID', connection._id.toHexString()],
    ['Status', colourStatus(connection.status, colours)],
    ['Type', connection.type],
    ...(connection.notes ? [['Notes', connection.notes] as const] : []),
  ]);
  out.printLine();
  printOpenFollowUps(out, openFollowUps, ids, io);
  printApplications(out, details.applications, ids, io);
}

/** The applications the person is on, with their role and the interviews they are on. */
function printApplications(
  out: Printer,
  applications: ContactDetails['applications'],
  ids: IdLengths,
  io: CommandIO,
): void {
  if (applications.length === 0) return;
  const colours = coloursFor(io.stdout);
  const short = idShortener(ids);
  out.printLine();
  out.printHeading('Applications');
  const rows = applications.map((each) => [
    short(each.applicationId),
    each.company ?? '',
    each.title ?? '',
    colourStatus(each.status, colours),
    each.role,
    each.interviews
      .map((interview) => `${short(interview._id)} ${formatDate(interview.date, true)}`)
      .join(', '),
  ]);
  const head = [
    idColumn('ID'),
    text('Company', 2),
    text('Title', 3),
    keep('Status', 2),
    keep('Role', 2),
    text('Interviews'),
  ];
  out.printLine(renderTable(head, rows, io));
}

function printOpenFollowUps(
  out: Printer,
  openFollowUps: ContactDetails['openFollowUps'],
  ids: IdLengths,
  io: CommandIO,
): void {
  if (openFollowUps.length === 0) {
    out.printLine('No open follow-ups.');
    return;
  }
  out.printHeading('Open follow-ups');
  const short = idShortener(ids);
  const rows = openFollowUps.map((followUp) => [
    short(followUp._id.toHexString()),
    formatDate(followUp.dueDate, true),
    followUp.type,
    followUp.notes ?? '',
  ]);
  const head = [idColumn('ID'), keep('Due', 3), keep('Type', 2), text('Notes')];
  out.printLine(renderTable(head, rows, io));
}
