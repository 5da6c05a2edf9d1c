// `career connect show`: a connection with its contact and all its follow-ups.
import type { Command } from 'commander';
import { cadenceFacts } from '../../services/cadence-service.js';
import { showConnection } from '../../services/connection-service.js';
import { coloursFor } from '../../ui/colours.js';
import type { Field } from '../../ui/output.js';
import { colourStatus, formatDate, shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { followUpsTable } from './render.js';

export interface ConnectShowOptions {
  globals: GlobalOptions;
  /** A connection id or a unique prefix of one. */
  id: string;
}

type ShownConnection = Awaited<ReturnType<typeof showConnection>>;

/** `career connect show --json`: the connection with its full contact (or null). */
export type ConnectShowJson = JsonOf<ShownConnection>;

export function showCommand(connect: Command, context: CommandContext): Command {
  return connect
    .command('show')
    .description('Show a connection with its contact and all follow-ups')
    .argument('<id>', 'connection id or unique prefix')
    .action((id: string, _flags: unknown, command: Command) =>
      run({ globals: globalOptions(command), id }, context),
    );
}

export async function run(options: ConnectShowOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const [connection, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(data, await showConnection(data, options.id), (shown) => ({
        connection: [shown._id],
        'follow-up': shown.followUps.map((followUp) => followUp._id),
      })),
  );
  if (options.globals.json) {
    out.printJson(connection);
    return;
  }
  const colours = coloursFor(context.io.stdout);
  out.printFields(connectionFields(connection, colourStatus(connection.status, colours)));
  out.printLine();
  if (connection.followUps.length === 0) {
    const id = shortId(connection._id.toHexString(), ids);
    out.printLine(`No follow-ups yet: \`career connect followup add ${id} --due ... --type ...\``);
    return;
  }
  out.printHeading('Follow-ups');
  const now = context.clock.now().getTime();
  const entries = connection.followUps.map((followUp) => ({
    ...followUp,
    connectionId: connection._id,
    contact: null,
    overdue: !followUp.completed && followUp.dueDate.getTime() < now,
  }));
  out.printLine(followUpsTable(entries, false, context.io, false, ids));
}

/** The connection's fields, leaving out the empty ones. */
function connectionFields(connection: ShownConnection, status: Field[1]): Field[] {
  const { contact } = connection;
  const facts = cadenceFacts(connection);
  const fields: Field[] = [
    ['ID', connection._id.toHexString()],
    ['Contact', contact ? `${contact.name} (${contact._id.toHexString()})` : '(removed)'],
    ['Company', contact?.company ?? ''],
    ['Email', contact?.email ?? ''],
    ['Type', connection.type],
    ['Status', status],
    ['Notes', connection.notes ?? ''],
    ['Cadence', connection.cadenceDays ? `every ${connection.cadenceDays} days` : 'none'],
    ['Last contact', formatDate(facts.lastContactAt, true)],
    ['Next due', facts.nextDueAt ? formatDate(facts.nextDueAt, true) : ''],
    ['Created', formatDate(connection.createdAt, true)],
    ['Updated', formatDate(connection.updatedAt, true)],
    ['Archived', connection.archivedAt ? formatDate(connection.archivedAt, true) : ''],
  ];
  return fields.filter(([, value]) => value !== '');
}
