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
import { matchChoice } from '../../domain/choices.js';
import { paint, safe, type Printable, type TerminalText } from '../../ui/printable.js';
import { colourStatus, formatDate, idAbbreviator } from '../../ui/status-colours.js';
import { renderTable } from '../../ui/table.js';

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
  colours: ChalkInstance,
): TerminalText {
  const short = idAbbreviator(connections.map((connection) => connection._id.toHexString()));
  const rows = connections.map((connection) => [
    short(connection._id.toHexString()),
    connection.contact?.name ?? '(removed contact)',
    connection.contact?.company ?? '',
    connection.type,
    colourStatus(connection.status, colours),
    String(connection.followUps.filter((followUp) => !followUp.completed).length),
    formatDate(connection.updatedAt),
  ]);
  const head = ['ID', 'Contact', 'Company', 'Type', 'Status', 'Open follow-ups', 'Updated'];
  return renderTable(head, rows, colours);
}

function followUpState(entry: FollowUpEntry, colours: ChalkInstance): TerminalText {
  if (entry.completed) return paint(colours.green, 'done');
  return entry.overdue ? paint(colours.red.bold, 'overdue') : safe`open`;
}

/** The follow-ups table; with their contact and connection when across connections. */
export function followUpsTable(
  entries: FollowUpEntry[],
  withContact: boolean,
  colours: ChalkInstance,
): TerminalText {
  const head = ['ID', 'Due', 'State', 'Type', ...(withContact ? ['Contact', 'Connection'] : [])];
  const short = idAbbreviator(entries.map((entry) => entry._id.toHexString()));
  const shortConnection = idAbbreviator(entries.map((entry) => entry.connectionId.toHexString()));
  const rows = entries.map((entry): Printable[] => {
    const due = formatDate(entry.dueDate, true);
    return [
      short(entry._id.toHexString()),
      entry.overdue ? paint(colours.red, due) : due,
      followUpState(entry, colours),
      entry.type,
      ...(withContact
        ? [
            entry.contact?.name ?? '(removed contact)',
            shortConnection(entry.connectionId.toHexString()),
          ]
        : []),
      entry.notes ?? '',
    ];
  });
  return renderTable([...head, 'Notes'], rows, colours);
}
