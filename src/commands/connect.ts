// `career connect ...`: your relationship with each contact (the seed's Connection) and the
// follow-ups that keep it alive.
import type { Command } from 'commander';
import {
  addConnection,
  CONNECTION_SORT_FIELDS,
  CONNECTION_STATUSES,
  CONNECTION_TYPES,
  findConnection,
  listConnections,
  removeConnection,
  showConnection,
  updateConnection,
  type ConnectionStatus,
  type ConnectionType,
  type ConnectionWithContact,
} from '../services/connection-service.js';
import {
  addFollowUp,
  completeFollowUp,
  listFollowUps,
  type FollowUpEntry,
} from '../services/follow-up-service.js';
import { withSignedIn } from '../services/workspace.js';
import { parseChoice } from '../domain/choices.js';
import { stdoutColours } from '../ui/colours.js';
import { parseDate } from '../domain/dates.js';
import { UsageError } from '../domain/errors.js';
import {
  printFields,
  printHeading,
  printJson,
  printLine,
  printNote,
  printSuccess,
  type Field,
} from '../ui/output.js';
import { paint, safe, type TerminalText } from '../ui/printable.js';
import { confirmOrRequireYes, valueOrPrompt } from '../ui/prompts.js';
import { colourStatus, formatDate, idAbbreviator, shortId } from '../ui/status-colours.js';
import { renderTable } from '../ui/table.js';
import { contactFieldsFromFlags, contactOptions } from './contact.js';
import { globalOptions, nounSummary } from './index.js';

interface AddFlags {
  name?: string;
  email?: string;
  phone?: string;
  company?: string;
  title?: string;
  linkedin?: string;
  tags?: string;
  type?: string;
  status?: string;
  notes?: string;
}

interface ListFlags {
  status?: string;
  type?: string;
  due?: boolean;
  limit?: string;
  page?: string;
  sort?: string;
}

interface FollowUpAddFlags {
  due?: string;
  type?: string;
  notes?: string;
}

interface FollowUpListFlags {
  all?: boolean;
  overdue?: boolean;
  days?: string;
}

function parseType(value: string): ConnectionType {
  return parseChoice(value, CONNECTION_TYPES, 'type');
}

function parseStatus(value: string, field = 'status'): ConnectionStatus {
  return parseChoice(value, CONNECTION_STATUSES, field);
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(days)) {
    throw new UsageError(`--days must be a whole number of days, not '${value}'`);
  }
  return days;
}

function contactLabel(connection: ConnectionWithContact): string {
  if (!connection.contact) return '(removed contact)';
  const company = connection.contact.company ? ` (${connection.contact.company})` : '';
  return `${connection.contact.name}${company}`;
}

function printConnections(connections: ConnectionWithContact[]): void {
  const short = idAbbreviator(connections.map((connection) => connection._id.toHexString()));
  printLine(
    renderTable(
      ['ID', 'Contact', 'Company', 'Type', 'Status', 'Open follow-ups', 'Updated'],
      connections.map((connection) => [
        short(connection._id.toHexString()),
        connection.contact?.name ?? '(removed contact)',
        connection.contact?.company ?? '',
        connection.type,
        colourStatus(connection.status),
        String(connection.followUps.filter((followUp) => !followUp.completed).length),
        formatDate(connection.updatedAt),
      ]),
    ),
  );
}

function followUpState(entry: FollowUpEntry): TerminalText {
  const colours = stdoutColours();
  if (entry.completed) return paint(colours.green, 'done');
  return entry.overdue ? paint(colours.red.bold, 'overdue') : safe`open`;
}

function printFollowUps(entries: FollowUpEntry[], withContact: boolean): void {
  const colours = stdoutColours();
  const head = ['ID', 'Due', 'State', 'Type', ...(withContact ? ['Contact', 'Connection'] : [])];
  const short = idAbbreviator(entries.map((entry) => entry._id.toHexString()));
  const shortConnection = idAbbreviator(entries.map((entry) => entry.connectionId.toHexString()));
  printLine(
    renderTable(
      [...head, 'Notes'],
      entries.map((entry) => {
        const due = formatDate(entry.dueDate, true);
        return [
          short(entry._id.toHexString()),
          entry.overdue ? paint(colours.red, due) : due,
          followUpState(entry),
          entry.type,
          ...(withContact
            ? [
                entry.contact?.name ?? '(removed contact)',
                shortConnection(entry.connectionId.toHexString()),
              ]
            : []),
          entry.notes ?? '',
        ];
      }),
    ),
  );
}

function registerFollowUps(connect: Command): void {
  const followUp = connect
    .command('followup')
    .description('Plan and complete follow-ups with your connections');

  followUp
    .command('add')
    .description('Plan a follow-up (an email, a call, a meeting...) with a connection')
    .argument('<connection-id>', 'connection id or unique prefix')
    .option('--due <date>', 'when (2026-03-01, "next friday", "in 3 days 10am")')
    .option('--type <type>', 'what kind: email, call, meeting, coffee... (free text)')
    .option('--notes <text>', 'what it is about')
    .action(async (connectionId: string, flags: FollowUpAddFlags, command: Command) => {
      const globals = globalOptions(command);
      const dueText = await valueOrPrompt(flags.due, '--due', 'Due (a date or "next friday")');
      const dueDate = parseDate(dueText, 'due');
      const type = await valueOrPrompt(flags.type, '--type', 'Type (email, call, meeting...)');
      const added = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        addFollowUp(data, connectionId, {
          type,
          dueDate,
          ...(flags.notes === undefined ? {} : { notes: flags.notes }),
        }),
      );
      if (globals.json) {
        printJson(added);
        return;
      }
      const who = added.contact ? ` with ${added.contact.name}` : '';
      printSuccess(
        `Planned ${added.type}${who} for ${formatDate(added.dueDate, true)} (${shortId(added._id.toHexString())})`,
      );
    });

  followUp
    .command('list')
    .description('List open follow-ups by due date, across connections or for one')
    .argument('[connection-id]', 'only this connection (id or unique prefix)')
    .option('--all', 'include completed follow-ups')
    .option('--overdue', 'only open follow-ups past their due date')
    .option('--days <n>', 'only those due within n days (overdue ones included)')
    .action(
      async (connectionId: string | undefined, flags: FollowUpListFlags, command: Command) => {
        const globals = globalOptions(command);
        const days = flags.days === undefined ? undefined : parseDays(flags.days);
        const entries = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
          listFollowUps(data, {
            ...(connectionId === undefined ? {} : { connection: connectionId }),
            all: flags.all === true,
            overdue: flags.overdue === true,
            ...(days === undefined ? {} : { days }),
          }),
        );
        if (globals.json) {
          printJson(entries);
          return;
        }
        if (entries.length === 0) {
          printNote(
            'No follow-ups to show. Plan one with `career connect followup add CONNECTION_ID --due ... --type ...`.',
          );
          return;
        }
        printFollowUps(entries, true);
      },
    );

  followUp
    .command('done')
    .description('Mark a follow-up as done')
    .argument('<connection-id>', 'connection id or unique prefix')
    .argument('<followup-id>', 'follow-up id or unique prefix (within the connection)')
    .option('--notes <text>', 'how it went (added to the notes)')
    .action(
      async (
        connectionId: string,
        followUpId: string,
        flags: { notes?: string },
        command: Command,
      ) => {
        const globals = globalOptions(command);
        const result = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
          completeFollowUp(data, connectionId, followUpId, flags.notes),
        );
        const { followUp: done } = result;
        if (result.alreadyDone) {
          printNote(
            `Follow-up ${shortId(done._id.toHexString())} was already done on ${formatDate(done.completedAt, true)}; nothing changed.`,
          );
        }
        if (globals.json) printJson(done);
        else if (!result.alreadyDone) {
          const who = done.contact ? ` with ${done.contact.name}` : '';
          printSuccess(`Done: ${done.type}${who} (${shortId(done._id.toHexString())})`);
        }
      },
    );
}

export function register(program: Command): void {
  const connect = program.command('connect').description(nounSummary('connect'));

  contactOptions(
    connect
      .command('add')
      .description('Connect with a contact (by id), or with a new person (--name ...)')
      .argument('[contact-id]', 'an existing contact (id or unique prefix)')
      .option('--name <name>', 'create a new contact with this name (with the contact flags)'),
  )
    .option('--type <type>', `${CONNECTION_TYPES.join('|')} (default professional)`)
    .option('--status <status>', `${CONNECTION_STATUSES.join('|')} (default pending)`)
    .option('--notes <text>', 'notes about the connection')
    .action(async (contactId: string | undefined, flags: AddFlags, command: Command) => {
      const globals = globalOptions(command);
      const type = parseType(flags.type ?? 'professional');
      const status = parseStatus(flags.status ?? 'pending');
      const contactFields = contactFieldsFromFlags(flags);
      if (contactId === undefined && flags.name === undefined) {
        throw new UsageError('missing the contact: give a contact id or --name', {
          hint: 'career connect add CONTACT_ID   or   career connect add --name "Grace Hopper"',
        });
      }
      if (
        contactId !== undefined &&
        (flags.name !== undefined || Object.keys(contactFields).length > 0)
      ) {
        throw new UsageError('give either a contact id or --name and contact details, not both', {
          hint: 'change an existing contact with `career contact update`',
        });
      }
      const added = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        addConnection(data, {
          ...(contactId === undefined
            ? { newContact: { ...contactFields, name: flags.name ?? '' } }
            : { contact: contactId }),
          type,
          status,
          ...(flags.notes === undefined ? {} : { notes: flags.notes }),
        }),
      );
      if (globals.json) printJson(added);
      else {
        printSuccess(
          safe`Connected with ${contactLabel(added)}: ${added.type}, ${colourStatus(added.status)} (${shortId(added._id.toHexString())})`,
        );
      }
    });

  connect
    .command('list')
    .description('List connections with their contacts')
    .option('--status <status>', `only this status: ${CONNECTION_STATUSES.join(', ')}`)
    .option('--type <type>', `only this type: ${CONNECTION_TYPES.join(', ')}`)
    .option('--due', 'only connections with open follow-ups due by today')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--page <n>', 'page number, from 1')
    .option(
      '--sort <field>',
      `${CONNECTION_SORT_FIELDS.join('|')}, add :desc to reverse (default createdAt:desc)`,
    )
    .action(async (flags: ListFlags, command: Command) => {
      const globals = globalOptions(command);
      const filter = {
        ...(flags.status === undefined ? {} : { status: parseStatus(flags.status) }),
        ...(flags.type === undefined ? {} : { type: parseType(flags.type) }),
        due: flags.due === true,
      };
      const connections = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        listConnections(data, filter, flags),
      );
      if (globals.json) printJson(connections);
      else if (connections.length === 0) {
        printNote('No connections found. Add one with `career connect add --name "..."`.');
      } else printConnections(connections);
    });

  connect
    .command('show')
    .description('Show a connection with its contact and all follow-ups')
    .argument('<id>', 'connection id or unique prefix')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const globals = globalOptions(command);
      const connection = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        showConnection(data, id),
      );
      if (globals.json) {
        printJson(connection);
        return;
      }
      const { contact } = connection;
      const fields: Field[] = [
        ['ID', connection._id.toHexString()],
        ['Contact', contact ? `${contact.name} (${contact._id.toHexString()})` : '(removed)'],
        ['Company', contact?.company ?? ''],
        ['Email', contact?.email ?? ''],
        ['Type', connection.type],
        ['Status', colourStatus(connection.status)],
        ['Notes', connection.notes ?? ''],
        ['Created', formatDate(connection.createdAt, true)],
        ['Updated', formatDate(connection.updatedAt, true)],
      ];
      printFields(fields.filter(([, value]) => value !== ''));
      printLine();
      if (connection.followUps.length === 0) {
        printLine(
          `No follow-ups yet: \`career connect followup add ${shortId(connection._id.toHexString())} --due ... --type ...\``,
        );
        return;
      }
      printHeading('Follow-ups');
      const now = Date.now();
      printFollowUps(
        connection.followUps.map((followUp) => ({
          ...followUp,
          connectionId: connection._id,
          contact: null,
          overdue: !followUp.completed && followUp.dueDate.getTime() < now,
        })),
        false,
      );
    });

  connect
    .command('update')
    .description("Change a connection's type or notes")
    .argument('<id>', 'connection id or unique prefix')
    .option('--type <type>', CONNECTION_TYPES.join('|'))
    .option('--notes <text>', 'notes about the connection')
    .action(async (id: string, flags: { type?: string; notes?: string }, command: Command) => {
      const globals = globalOptions(command);
      const changes = {
        ...(flags.type === undefined ? {} : { type: parseType(flags.type) }),
        ...(flags.notes === undefined ? {} : { notes: flags.notes }),
      };
      const updated = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        updateConnection(data, id, changes),
      );
      if (globals.json) printJson(updated);
      else printSuccess(`Updated the connection with ${contactLabel(updated)}`);
    });

  connect
    .command('status')
    .description("Set a connection's status")
    .argument('<id>', 'connection id or unique prefix')
    .argument('<status>', CONNECTION_STATUSES.join('|'))
    .action(async (id: string, statusText: string, _flags: unknown, command: Command) => {
      const globals = globalOptions(command);
      const status = parseStatus(statusText, 'status');
      const updated = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        updateConnection(data, id, { status }),
      );
      if (globals.json) printJson(updated);
      else {
        printSuccess(
          safe`The connection with ${contactLabel(updated)} is now ${colourStatus(status)}`,
        );
      }
    });

  connect
    .command('remove')
    .description('Remove a connection and its follow-ups (the contact stays)')
    .argument('<id>', 'connection id or unique prefix')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action(async (id: string, flags: { yes?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const removed = await withSignedIn({ dbUri: globals.dbUri }, async ({ data }) => {
        const connection = await findConnection(data, id);
        const confirmed = await confirmOrRequireYes(
          'Remove this connection and its follow-ups?',
          flags.yes,
          'removing a connection',
        );
        return confirmed ? removeConnection(data, connection) : undefined;
      });
      if (!removed) printNote('Nothing removed.');
      else if (globals.json) printJson(removed);
      else printSuccess(`Removed the connection with ${contactLabel(removed)}`);
    });

  registerFollowUps(connect);
}
