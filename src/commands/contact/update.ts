// `career contact update`: change a contact's details (an empty value clears a field).
import type { Command } from 'commander';
import {
  updateContact,
  type ContactChanges,
  type ContactDocument,
} from '../../services/contact-service.js';
import { shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import {
  addContactFieldOptions,
  contactChangeFlags,
  type ContactUpdateFlags,
} from '../options/contact-fields.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface ContactUpdateOptions {
  globals: GlobalOptions;
  /** A contact id or a unique prefix of one. */
  id: string;
  changes: ContactChanges;
}

/** `career contact update --json`: the contact after the change. */
export type ContactUpdateJson = JsonOf<ContactDocument>;

export function updateCommand(contact: Command, context: CommandContext): Command {
  const command = contact
    .command('update')
    .description("Change a contact's details (an empty value clears a field)")
    .argument('<id>', 'contact id or unique prefix')
    .option('--name <name>', 'full name');
  return addContactFieldOptions(command)
    .option('--add-tags <list>', 'tags to add, comma-separated')
    .option('--remove-tags <list>', 'tags to remove, comma-separated')
    .option('--notes <text>', 'anything worth remembering')
    .action((id: string, flags: ContactUpdateFlags, command: Command) =>
      run({ globals: globalOptions(command), id, changes: contactChangeFlags(flags) }, context),
    );
}

export async function run(options: ContactUpdateOptions, context: CommandContext): Promise<void> {
  const [updated, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(data, await updateContact(data, options.id, options.changes), (written) => ({
        contact: [written._id],
      })),
  );
  if (options.globals.json) context.out.printJson(updated);
  else
    context.out.printSuccess(
      `Updated ${updated.name} (${shortId(updated._id.toHexString(), ids)})`,
    );
}
