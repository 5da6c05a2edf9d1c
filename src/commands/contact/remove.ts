// `career contact remove`: remove a contact and your connection with them.
import type { Command } from 'commander';
import {
  findContact,
  removeContact,
  transactionsOn,
  type ContactDocument,
  type RemovedContact,
} from '../../services/contact-service.js';
import type { SignedIn } from '../../services/workspace.js';
import { shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface ContactRemoveOptions {
  globals: GlobalOptions;
  /** A contact id or a unique prefix of one. */
  id: string;
  /** Do not ask (required without a terminal). */
  yes: boolean;
}

/**
 * `career contact remove --json`: the contact as it was, the connection removed with it, and
 * how many applications it was taken off.
 */
export type ContactRemoveJson = JsonOf<ContactDocument> & {
  removedConnectionId: string | null;
  unlinkedApplications: number;
};

export function removeCommand(contact: Command, context: CommandContext): Command {
  return contact
    .command('remove')
    .description('Remove a contact and your connection with them')
    .argument('<id>', 'contact id or unique prefix')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action((id: string, flags: { yes?: boolean }, command: Command) =>
      run({ globals: globalOptions(command), id, yes: flags.yes === true }, context),
    );
}

export async function run(options: ContactRemoveOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const result = await context.withSignedIn({ dbUri: options.globals.dbUri }, async (session) => {
    const { data } = session;
    const removed = await confirmAndRemove(session, options, context);
    return removed && withPrintedIds(data, removed, (each) => ({ contact: [each.contact._id] }));
  });
  if (!result) {
    out.printNote('Nothing removed.');
    return;
  }
  const [outcome, ids] = result;
  if (options.globals.json) {
    out.printJson({
      ...outcome.contact,
      removedConnectionId: outcome.removedConnectionId ?? null,
      unlinkedApplications: outcome.unlinkedApplications,
    });
    return;
  }
  const connectionNote = outcome.removedConnectionId ? ' and your connection with them' : '';
  const unlinked = outcome.unlinkedApplications;
  const linksNote =
    unlinked === 0 ? '' : `; taken off ${unlinked} application${unlinked === 1 ? '' : 's'}`;
  const { name, _id } = outcome.contact;
  out.printSuccess(
    `Removed ${name} (${shortId(_id.toHexString(), ids)})${connectionNote}${linksNote}`,
  );
}

/** The removal, after the question (undefined when the person says no). */
async function confirmAndRemove(
  { data, workspace }: SignedIn,
  options: ContactRemoveOptions,
  { prompts }: CommandContext,
): Promise<RemovedContact | undefined> {
  const found = await findContact(data, options.id);
  const question = `Remove ${found.name} and your connection with them?`;
  if (!(await prompts.confirmOrRequireYes(question, options.yes, `removing ${found.name}`))) {
    return undefined;
  }
  return removeContact(data, found, transactionsOn(workspace.database.connection));
}
