// `career connect add`: connect with an existing contact (by id) or a new person (--name ...).
import type { Command } from 'commander';
import {
  addConnection,
  CONNECTION_STATUSES,
  CONNECTION_TYPES,
  type ConnectionStatus,
  type ConnectionType,
  type ConnectionWithContact,
  type NewConnectionInput,
} from '../../services/connection-service.js';
import type { ContactFields } from '../../services/contact-service.js';
import { UsageError } from '../../domain/errors.js';
import { coloursFor } from '../../ui/colours.js';
import { safe } from '../../ui/printable.js';
import { colourStatus, shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import {
  addContactFieldOptions,
  contactFieldFlags,
  type ContactFlags,
} from '../options/contact-fields.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import {
  CADENCE_HELP,
  cadenceText,
  contactLabel,
  parseCadence,
  parseStatus,
  parseType,
} from './render.js';

export interface ConnectAddOptions {
  globals: GlobalOptions;
  /** An existing contact (id or prefix), or undefined with `name` for a new one. */
  contactId: string | undefined;
  /** A new contact's name. */
  name: string | undefined;
  /** A new contact's other fields. */
  contactFields: ContactFields;
  type: ConnectionType;
  status: ConnectionStatus;
  notes: string | undefined;
  /** Days between contacts; null: none; undefined: the default for the type and profile. */
  cadenceDays: number | null | undefined;
}

/** `career connect add --json`: the connection with its contact. */
export type ConnectAddJson = JsonOf<ConnectionWithContact>;

interface ConnectAddFlags extends ContactFlags {
  type?: string;
  status?: string;
  cadence?: string;
}

export function addCommand(connect: Command, context: CommandContext): Command {
  const command = connect
    .command('add')
    .description('Connect with a contact (by id), or with a new person (--name ...)')
    .argument('[contact-id]', 'an existing contact (id or unique prefix)')
    .option('--name <name>', 'create a new contact with this name (with the contact flags)');
  return addContactFieldOptions(command)
    .option('--type <type>', `${CONNECTION_TYPES.join('|')} (default professional)`)
    .option('--status <status>', `${CONNECTION_STATUSES.join('|')} (default pending)`)
    .option('--notes <text>', 'notes about the connection')
    .option('--cadence <span>', CADENCE_HELP)
    .action((contactId: string | undefined, flags: ConnectAddFlags, command: Command) =>
      run(parse(contactId, flags, command), context),
    );
}

function parse(
  contactId: string | undefined,
  flags: ConnectAddFlags,
  command: Command,
): ConnectAddOptions {
  return {
    globals: globalOptions(command),
    contactId,
    name: flags.name,
    contactFields: contactFieldFlags(flags),
    type: parseType(flags.type ?? 'professional'),
    status: parseStatus(flags.status ?? 'pending'),
    notes: flags.notes,
    cadenceDays: flags.cadence === undefined ? undefined : parseCadence(flags.cadence),
  };
}

/** Either a contact id or a new contact, never both nor neither. */
function connectionInput(options: ConnectAddOptions): NewConnectionInput {
  const { contactId, name, contactFields } = options;
  if (contactId === undefined && name === undefined) {
    throw new UsageError('missing the contact: give a contact id or --name', {
      hint: 'career connect add CONTACT_ID   or   career connect add --name "Grace Hopper"',
    });
  }
  if (contactId !== undefined && (name !== undefined || Object.keys(contactFields).length > 0)) {
    throw new UsageError('give either a contact id or --name and contact details, not both', {
      hint: 'change an existing contact with `career contact update`',
    });
  }
  return {
    ...(contactId === undefined
      ? { newContact: { ...contactFields, name: name ?? '' } }
      : { contact: contactId }),
    type: options.type,
    status: options.status,
    ...(options.notes === undefined ? {} : { notes: options.notes }),
    ...(options.cadenceDays === undefined ? {} : { cadenceDays: options.cadenceDays }),
  };
}

export async function run(options: ConnectAddOptions, context: CommandContext): Promise<void> {
  const input = connectionInput(options);
  const [added, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data, user }) =>
      withPrintedIds(data, await addConnection(data, input, user), (connection) => ({
        connection: [connection._id],
      })),
  );
  if (options.globals.json) {
    context.out.printJson(added);
    return;
  }
  const status = colourStatus(added.status, coloursFor(context.io.stdout));
  const id = shortId(added._id.toHexString(), ids);
  context.out.printSuccess(
    safe`Connected with ${contactLabel(added)}: ${added.type}, ${status}, ${cadenceText(added.cadenceDays)} (${id})`,
  );
}
