// `career profile delete`: delete your account and ALL its data.
import type { Command } from 'commander';
import type { UserProfile } from '../../repositories/index.js';
import { deleteAccount, type DeletionReport } from '../../services/profile-service.js';
import { UsageError } from '../../domain/errors.js';
import type { CommandContext } from '../context.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface ProfileDeleteOptions {
  globals: GlobalOptions;
  /** Do not ask (required without a terminal). */
  yes: boolean;
}

/** `career profile delete --json`: what was deleted, record counts by kind. */
export type ProfileDeleteJson = { deleted: true } & DeletionReport;

export function deleteCommand(profile: Command, context: CommandContext): Command {
  return profile
    .command('delete')
    .description('Delete your account and ALL its data (jobs, applications, contacts, ...)')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .addHelpText(
      'after',
      "\nAt a terminal it asks you to type the account's email to confirm; scripts pass --yes.",
    )
    .action((flags: { yes?: boolean }, command: Command) =>
      run({ globals: globalOptions(command), yes: flags.yes === true }, context),
    );
}

export async function run(options: ProfileDeleteOptions, context: CommandContext): Promise<void> {
  const { out, prompts } = context;
  if (!options.yes && !prompts.canPrompt()) {
    throw new UsageError('deleting the account needs confirmation', {
      hint: 'pass --yes to delete without a prompt',
    });
  }
  const report = await context.withSignedIn({ dbUri: options.globals.dbUri }, async (signedIn) => {
    if (!options.yes && !(await confirmDeletion(signedIn.user, context))) return undefined;
    return deleteAccount(signedIn.workspace, signedIn.user, signedIn.data);
  });
  if (report === undefined) {
    out.printNote('Nothing was deleted.');
    return;
  }
  if (options.globals.json) {
    const deleted: ProfileDeleteJson = { deleted: true, ...report };
    out.printJson(deleted);
    return;
  }
  const counts = [
    count(report.jobs, 'job'),
    count(report.applications, 'application'),
    count(report.contacts, 'contact'),
    count(report.connections, 'connection'),
    count(report.activities, 'development activity', 'development activities'),
    count(report.conversations, 'conversation'),
  ];
  out.printSuccess(`Deleted the account and its ${counts.join(', ')}`);
}

/** At a terminal the person types the account's email: one "y" is too easy to give. */
async function confirmDeletion(
  user: UserProfile,
  { out, prompts }: CommandContext,
): Promise<boolean> {
  out.printWarning(
    `this deletes the account ${user.email} and all its data (jobs, applications, contacts, connections, learning, conversations); it cannot be undone`,
  );
  const confirmed = await prompts.typeToConfirm(`Type ${user.email} to delete it:`, user.email);
  if (!confirmed) out.printNote("That is not the account's email.");
  return confirmed;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
