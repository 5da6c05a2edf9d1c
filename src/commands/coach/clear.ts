// `career coach clear`: delete the conversation with the coach.
import type { Command } from 'commander';
import { clearConversation } from '../../services/coach/conversation.js';
import type { CommandContext } from '../context.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface CoachClearOptions {
  globals: GlobalOptions;
  /** Do not ask (required without a terminal). */
  yes: boolean;
}

/** `career coach clear --json`: how many messages were deleted. */
export interface CoachClearJson {
  cleared: true;
  messages: number;
}

export function clearCommand(coach: Command, context: CommandContext): Command {
  return coach
    .command('clear')
    .description('Delete your conversation with the coach')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action((flags: { yes?: boolean }, command: Command) =>
      run({ globals: globalOptions(command), yes: flags.yes === true }, context),
    );
}

export async function run(options: CoachClearOptions, context: CommandContext): Promise<void> {
  const { out, prompts } = context;
  const removed = await context.withSignedIn({ dbUri: options.globals.dbUri }, async ({ data }) => {
    const confirmed = await prompts.confirmOrRequireYes(
      'Delete your whole conversation with the coach?',
      options.yes,
      'clearing the conversation',
    );
    return confirmed ? clearConversation(data) : undefined;
  });
  if (removed === undefined) out.printNote('Nothing deleted.');
  else if (options.globals.json) {
    const json: CoachClearJson = { cleared: true, messages: removed };
    out.printJson(json);
  } else
    out.printSuccess(
      `Cleared the conversation (${removed} ${removed === 1 ? 'message' : 'messages'})`,
    );
}
