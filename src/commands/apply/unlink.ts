// `career apply unlink`: take a contact off an application (and off its interviews).
import type { Command } from 'commander';
import { unlinkContact, type UnlinkResult } from '../../services/link-service.js';
import { withPrintedIds } from '../../services/short-ids.js';
import { safe } from '../../ui/printable.js';
import { shortId } from '../../ui/status-colours.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { ID_ARGUMENT } from './shared.js';

export interface ApplyUnlinkOptions {
  globals: GlobalOptions;
  /** An application id or a unique prefix of one. */
  applicationId: string;
  /** A contact id or a unique prefix of one. */
  contactId: string;
}

/** `career apply unlink --json`: the link removed, and the application's people after. */
export type ApplyUnlinkJson = JsonOf<{
  applicationId: UnlinkResult['application']['_id'];
  contactId: UnlinkResult['contact']['_id'];
  name: string;
  role: string;
  contacts: NonNullable<UnlinkResult['application']['contacts']>;
}>;

export function unlinkCommand(apply: Command, context: CommandContext): Command {
  return apply
    .command('unlink')
    .description('Take a contact off an application and its interviews')
    .argument('<application-id>', ID_ARGUMENT)
    .argument('<contact-id>', 'contact id (or a unique prefix)')
    .action((applicationId: string, contactId: string, _flags: unknown, command: Command) =>
      run({ globals: globalOptions(command), applicationId, contactId }, context),
    );
}

export async function run(options: ApplyUnlinkOptions, context: CommandContext): Promise<void> {
  const [removed, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(
        data,
        await unlinkContact(data, options.applicationId, options.contactId),
        (result) => ({ application: [result.application._id], contact: [result.contact._id] }),
      ),
  );
  const { application, contact, role } = removed;
  if (options.globals.json) {
    context.out.printJson({
      applicationId: application._id,
      contactId: contact._id,
      name: contact.name,
      role,
      contacts: application.contacts ?? [],
    });
    return;
  }
  context.out.printSuccess(
    safe`Took ${contact.name} (${shortId(contact._id, ids)}, ${role}) off application ${shortId(application._id, ids)}`,
  );
}
