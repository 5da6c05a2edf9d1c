// What the connect verbs share: the --type/--status parsers and the connection and follow-up
// tables.
import type { ChalkInstance } from 'chalk';
import {
  CONNECTION_STATUSES,
  CONNECTION_TYPES,
  type ConnectionStatus,
  type ConnectionType,
  type ConnectionListItem,
  type ConnectionWithContact,
} from '../../services/connection-service.js';
import type { FollowUpEntry } from '../../services/follow-up-service.js';
import type { IdLengths } from '../../services/short-ids.js';
import { matchChoice } from '../../domain/choices.js';
import { parseSpan, spanDays } from '../../domain/recurrence.js';
import { paint, safe, type Printable, type TerminalText } from '../../ui/printable.js';
import { colourStatus, formatDate, idShortener } from '../../ui/status-colours.js';
import { coloursFor } from '../../ui/colours.js';
import type { CommandIO } from '../../ui/io.js';
import { idColumn, keep, renderTable, text } from '../../ui/table.js';
import { recurrenceText } from './followup/shared.js';

export function parseType(value: string): ConnectionType {
  return matchChoice(value, CONNECTION_TYPES, 'type');
}

export function parseStatus(value: string, field = 'status'): ConnectionStatus {
  return matchChoice(value, CONNECTION_STATUSES, field);
}

export const CADENCE_HELP =
  'keep in touch every 2w, 30d, 1m (30 days)...; none for no cadence (default: by type and profile)';

/** `--cadence 2w|30d|1m|none`: days between contacts (a month counts 30), null for none. */
export function parseCadence(value: string): number | null {
  const span = parseSpan(value, 'cadence');
  return span === null ? null : spanDays(span);
}

/** "keep in touch every 30 days", or "no keep-in-touch cadence". */
export function cadenceText(days: number | null | undefined): string {
  return days === null || days === undefined
    ? 'no keep-in-touch cadence'
    : `keep in touch every ${days} days`;
}

/** "Grace Hopper (Navy)", or "(removed contact)". */
export function contactLabel(connection: ConnectionWithContact): string {
  if (!connection.contact) return '(removed contact)';
  const company = connection.contact.company ? ` (${connection.contact.company})` : '';
  return `${connection.contact.name}${company}`;
}

export function connectionsTable(
  connections: ConnectionListItem[],
  ids: IdLengths,
  io: CommandIO,
  wide: boolean,
  now: Date,
): TerminalText {
  const colours = coloursFor(io.stdout);
  const short = idShortener(ids);
  const rows = connections.map((connection) => [
    short(connection._id.toHexString()),
    connection.contact?.name ?? '(removed contact)',
    connection.contact?.company ?? '',
    connection.type,
    colourStatus(connection.status, colours),
    String(connection.followUps.filter((followUp) => !followUp.completed).length),
    formatDate(connection.lastContactAt),
    nextDue(connection, now, colours),
    connection.cadenceDays === null ? '' : `${connection.cadenceDays}d`,
  ]);
  const head = [
    idColumn('ID'),
    text('Contact', 3),
    text('Company', 2),
    keep('Type', 2),
    keep('Status', 3),
    // Open follow-ups; the last contact and next due date say more than the update time did.
    keep('Open', 1),
    keep('Last contact', 2),
    keep('Next due', 3),
    keep('Cadence', 1),
  ];
  return renderTable(head, rows, io, { wide });
}

/** The next due date, red when it is past. */
function nextDue(connection: ConnectionListItem, now: Date, colours: ChalkInstance): Printable {
  if (connection.nextDueAt === null) return '';
  const day = formatDate(connection.nextDueAt);
  return connection.nextDueAt.getTime() < now.getTime() ? paint(colours.red, day) : day;
}

function followUpState(entry: FollowUpEntry, colours: ChalkInstance): TerminalText {
  if (entry.completed) return paint(colours.green, 'done');
  return entry.overdue ? paint(colours.red.bold, 'overdue') : safe`open`;
}

/** The follow-ups table; with their contact and connection when across connections. */
export function followUpsTable(
  entries: FollowUpEntry[],
  withContact: boolean,
  io: CommandIO,
  wide: boolean,
  /** How long each id must be to name one record of its kind (the follow-ups' and connections'). */
  ids: IdLengths,
): TerminalText {
  const colours = coloursFor(io.stdout);
  const head = [
    idColumn('ID'),
    keep('Due', 5),
    keep('State', 4),
    keep('Type', 2),
    ...(withContact ? [text('Contact', 3), keep('Connection', 1)] : []),
    keep('Every', 1),
  ];
  const short = idShortener(ids);
  const rows = entries.map((entry): Printable[] => {
    const due = formatDate(entry.dueDate, true);
    return [
      short(entry._id.toHexString()),
      entry.overdue ? paint(colours.red, due) : due,
      followUpState(entry, colours),
      entry.type,
      ...(withContact
        ? [entry.contact?.name ?? '(removed contact)', short(entry.connectionId.toHexString())]
        : []),
      recurrenceText(entry).replace(/^every /, ''),
      entry.notes ?? '',
    ];
  });
  return renderTable([...head, text('Notes', 1)], rows, io, { wide });
}
