// `career contact add`: a new contact (the name is asked for at a terminal if missing).
import type { Command } from 'commander';
import {
  addContact,
  type ContactDocument,
  type ContactFields,
} from '../../services/contact-service.js';
import { shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import {
  addContactFieldOptions,
  contactFieldFlags,
  type ContactFlags,
} from '../options/contact-fields.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface ContactAddOptions {
  globals: GlobalOptions;
  /** The name, if given (asked for at a terminal otherwise). */
  name: string | undefined;
  /** The other fields given (empty values left out). */
  fields: ContactFields;
}

/** `career contact add --json`: the contact as stored. */
export type ContactAddJson = JsonOf<ContactDocument>;

export function addCommand(contact: Command, context: CommandContext): Command {
  const command = contact
    .command('add')
    .description('Add a contact (the name is asked for at a terminal if missing)')
    .option('--name <name>', 'full name');
  return addContactFieldOptions(command)
    .option('--notes <text>', 'anything worth remembering')
    .action((flags: ContactFlags, command: Command) => run(parse(flags, command), context));
}

function parse(flags: ContactFlags, command: Command): ContactAddOptions {
  const fields = contactFieldFlags(flags);
  if (flags.notes !== undefined && flags.notes.trim() !== '') fields.notes = flags.notes;
  return { globals: globalOptions(command), name: flags.name, fields };
}

export async function run(options: ContactAddOptions, context: CommandContext): Promise<void> {
  const { out, prompts } = context;
  const name = await prompts.valueOrPrompt(options.name, '--name', 'Name');
  const [added, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(data, await addContact(data, { ...options.fields, name }), (contact) => ({
        contact: [contact._id],
      })),
  );
  if (options.globals.json) out.printJson(added);
  else out.printSuccess(`Added ${added.name} (${shortId(added._id.toHexString(), ids)})`);
}
