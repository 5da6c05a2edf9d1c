// `career connect followup remove`: remove one follow-up (its connection stays).
import type { Command } from 'commander';
import { findFollowUp, type FollowUpWrite } from '../../../services/follow-up-service.js';
import { removeFollowUp } from '../../../services/follow-up-writes.js';
import { formatDate } from '../../../ui/status-colours.js';
import { withPrintedIds } from '../../../services/short-ids.js';
import type { CommandContext } from '../../context.js';
import type { JsonOf } from '../../json.js';
import { globalOptions, type GlobalOptions } from '../../options/global.js';
import { followUpLabel } from './shared.js';

export interface ConnectFollowupRemoveOptions {
  globals: GlobalOptions;
  /** The follow-up's own id or a unique prefix of one. */
  id: string;
  /** Do not ask (required without a terminal). */
  yes: boolean;
}

/** `career connect followup remove --json`: the connection after, with the removed follow-up as `followUp`. */
export type ConnectFollowupRemoveJson = JsonOf<FollowUpWrite>;

export function removeCommand(followUp: Command, context: CommandContext): Command {
  return followUp
    .command('remove')
    .description('Remove a follow-up (the connection stays)')
    .argument('<followup-id>', 'follow-up id or unique prefix')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action((id: string, flags: { yes?: boolean }, command: Command) =>
      run({ globals: globalOptions(command), id, yes: flags.yes === true }, context),
    );
}

export async function run(
  options: ConnectFollowupRemoveOptions,
  context: CommandContext,
): Promise<void> {
  const { out, prompts } = context;
  const now = context.clock.now();
  const result = await context.withSignedIn({ dbUri: options.globals.dbUri }, async ({ data }) => {
    const found = await findFollowUp(data, { followUp: options.id });
    const { type, dueDate } = found.followUp;
    const confirmed = await prompts.confirmOrRequireYes(
      `Remove the ${type} due ${formatDate(dueDate, true)}?`,
      options.yes,
      'removing a follow-up',
    );
    if (!confirmed) return undefined;
    return withPrintedIds(data, await removeFollowUp(data, found, now), (write) => ({
      'follow-up': [write.followUp._id],
    }));
  });
  if (!result) {
    out.printNote('Nothing removed.');
    return;
  }
  const [removed, ids] = result;
  if (options.globals.json) out.printJson(removed);
  else out.printSuccess(`Removed the ${followUpLabel(removed, true, ids)}`);
}
