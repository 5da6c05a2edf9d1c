// `career coach history`: the conversation with the coach (the last messages).
import type { Command } from 'commander';
import { parseDayCount } from '../../services/agenda-service.js';
import {
  coachHistory,
  DEFAULT_HISTORY_LIMIT,
  type MessageDocument,
} from '../../services/coach/conversation.js';
import { coloursFor } from '../../ui/colours.js';
import { paint, safe } from '../../ui/printable.js';
import { formatDate } from '../../ui/status-colours.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface CoachHistoryOptions {
  globals: GlobalOptions;
  /** At most this many messages, as given (undefined: the default). */
  limit: string | undefined;
}

/** `career coach history --json`: the messages, oldest first. */
export type CoachHistoryJson = Array<JsonOf<MessageDocument>>;

export function historyCommand(coach: Command, context: CommandContext): Command {
  return coach
    .command('history')
    .description('Show your conversation with the coach (the last messages)')
    .option(
      '--limit <n>',
      `at most this many messages, the latest (default ${DEFAULT_HISTORY_LIMIT})`,
    )
    .action((flags: { limit?: string }, command: Command) =>
      run({ globals: globalOptions(command), limit: flags.limit }, context),
    );
}

export async function run(options: CoachHistoryOptions, context: CommandContext): Promise<void> {
  const limit =
    options.limit === undefined
      ? DEFAULT_HISTORY_LIMIT
      : parseDayCount(options.limit, 'limit', { min: 1, max: 100_000 });
  const history = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ data }) =>
    coachHistory(data, limit),
  );
  if (options.globals.json) context.out.printJson(history.messages);
  else printHistory(history.messages, history.total, context);
}

function printHistory(
  messages: readonly MessageDocument[],
  total: number,
  context: CommandContext,
): void {
  const { out } = context;
  if (messages.length === 0) {
    out.printNote('No conversation yet. Ask something: career coach "what should I do next?"');
    return;
  }
  const colours = coloursFor(context.io.stdout);
  if (total > messages.length) {
    out.printNote(`The last ${messages.length} of ${total} messages (--limit N shows more).`);
  }
  for (const message of messages) {
    const advisor = message.advisor ? ` (${message.model ?? message.advisor})` : '';
    const who =
      message.sender === 'user'
        ? paint(colours.cyan, 'you')
        : safe`${paint(colours.green, 'coach')}${paint(colours.dim, advisor)}`;
    out.printLine(safe`${paint(colours.dim, formatDate(message.timestamp, true))}  ${who}`);
    for (const line of message.content.split('\n')) out.printLine(`  ${line}`);
  }
}
