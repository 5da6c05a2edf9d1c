// `career apply link`: put a contact on an application with a role (again: change it).
import type { Command } from 'commander';
import { LINK_ROLES, linkContact, type LinkResult } from '../../services/link-service.js';
import { withPrintedIds } from '../../services/short-ids.js';
import { safe } from '../../ui/printable.js';
import { shortId } from '../../ui/status-colours.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { ID_ARGUMENT } from './shared.js';

export interface ApplyLinkOptions {
  globals: GlobalOptions;
  /** An application id or a unique prefix of one. */
  applicationId: string;
  /** A contact id or a unique prefix of one. */
  contactId: string;
  role: string;
  /** Notes on the link ('' clears them). */
  notes?: string;
}

/** `career apply link --json`: the link, whether it is new, and the application's people. */
export type ApplyLinkJson = JsonOf<{
  applicationId: LinkResult['application']['_id'];
  contactId: LinkResult['contact']['_id'];
  name: string;
  role: string;
  notes: string | null;
  added: boolean;
  contacts: NonNullable<LinkResult['application']['contacts']>;
}>;

export function linkCommand(apply: Command, context: CommandContext): Command {
  return apply
    .command('link')
    .description('Put a contact on an application with a role (run again to change it)')
    .argument('<application-id>', ID_ARGUMENT)
    .argument('<contact-id>', 'contact id (or a unique prefix)')
    .requiredOption('--role <role>', `one of: ${LINK_ROLES.join(', ')}`)
    .option('--notes <text>', 'notes on their part (an empty value clears them)')
    .action(
      (
        applicationId: string,
        contactId: string,
        flags: { role: string; notes?: string },
        command: Command,
      ) => run({ globals: globalOptions(command), applicationId, contactId, ...flags }, context),
    );
}

export async function run(options: ApplyLinkOptions, context: CommandContext): Promise<void> {
  const [linked, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(
        data,
        await linkContact(data, options.applicationId, options.contactId, {
          role: options.role,
          ...(options.notes === undefined ? {} : { notes: options.notes }),
        }),
        (result) => ({ application: [result.application._id], contact: [result.contact._id] }),
      ),
  );
  const { application, contact, role, added } = linked;
  if (options.globals.json) {
    const link = (application.contacts ?? []).find((each) => each.contactId.equals(contact._id));
    context.out.printJson({
      applicationId: application._id,
      contactId: contact._id,
      name: contact.name,
      role,
      notes: link?.notes ?? null,
      added,
      contacts: application.contacts ?? [],
    });
    return;
  }
  const who = safe`${contact.name} (${shortId(contact._id, ids)})`;
  const where = `application ${shortId(application._id, ids)}`;
  context.out.printSuccess(
    added ? safe`Linked ${who} to ${where} as ${role}` : safe`Updated ${who} on ${where}: ${role}`,
  );
}
