// What the connect verbs share: the --type/--status parsers and the connection and follow-up
// tables.
import type { ChalkInstance } from 'chalk';
import {
  CONNECTION_STATUSES,
  CONNECTION_TYPES,
  type ConnectionStatus,
  type ConnectionType,
  type ConnectionWithContact,
} from '../../services/connection-service.js';
import type { FollowUpEntry } from '../../services/follow-up-service.js';
import type { IdLengths } from '../../services/short-ids.js';
import { matchChoice } from '../../domain/choices.js';
import { paint, safe, type Printable, type TerminalText } from '../../ui/printable.js';
import { colourStatus, formatDate, idShortener } from '../../ui/status-colours.js';
import { coloursFor } from '../../ui/colours.js';
import type { CommandIO } from '../../ui/io.js';
import { idColumn, keep, renderTable, text } from '../../ui/table.js';

export function parseType(value: string): ConnectionType {
  return matchChoice(value, CONNECTION_TYPES, 'type');
}

export function parseStatus(value: string, field = 'status'): ConnectionStatus {
  return matchChoice(value, CONNECTION_STATUSES, field);
}

/** "Grace Hopper (Navy)", or "(removed contact)". */
export function contactLabel(connection: ConnectionWithContact): string {
  if (!connection.contact) return '(removed contact)';
  const company = connection.contact.company ? ` (${connection.contact.company})` : '';
  return `${connection.contact.name}${company}`;
}

export function connectionsTable(
  connections: ConnectionWithContact[],
  ids: IdLengths,
  io: CommandIO,
  wide: boolean,
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
    formatDate(connection.updatedAt),
  ]);
  const head = [
    idColumn('ID'),
    text('Contact', 3),
    text('Company', 2),
    keep('Type', 2),
    keep('Status', 3),
    keep('Open follow-ups', 1),
    keep('Updated', 1),
  ];
  return renderTable(head, rows, io, { wide });
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
      entry.notes ?? '',
    ];
  });
  return renderTable([...head, text('Notes', 1)], rows, io, { wide });
}
