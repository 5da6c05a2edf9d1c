// `career coach [MESSAGE]`, `career coach history`, `career coach clear`: ask the coach (the
// offline advisor, or the chat-completions model named by CAREER_LLM_URL), at a terminal in
// a chat loop; every exchange is kept in the user's conversation.
import type { Command } from 'commander';
import {
  askCoach,
  clearConversation,
  coachHistory,
  DEFAULT_HISTORY_LIMIT,
  remoteSettingsFromEnv,
  type CoachAnswer,
  type CoachSession,
  type MessageDocument,
  type RemoteSettings,
} from '../services/coach/conversation.js';
import { parseDayCount } from '../services/agenda-service.js';
import { withSignedIn } from '../services/workspace.js';
import { stdoutColours } from '../ui/colours.js';
import { UsageError } from '../domain/errors.js';
import { printJson, printLine, printNote, printSuccess, printWarning } from '../ui/output.js';
import { joinPrintable, paint, safe } from '../ui/printable.js';
import { canPrompt, confirmOrRequireYes } from '../ui/prompts.js';
import { formatDate } from '../ui/status-colours.js';
import { globalOptions, nounSummary } from './index.js';

/** Typed at the chat prompt to leave it (an empty line and Ctrl+D too). */
const LEAVE = /^(exit|quit|bye|:q)$/i;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function printAnswer(answer: CoachAnswer, json: boolean): void {
  if (answer.warning !== undefined) printWarning(answer.warning);
  if (json) printJson(answer);
  else printLine(answer.reply);
}

/** Ctrl+D at the prompt: inquirer ignores it, so it aborts the prompt through this signal. */
function abortOnCtrlD(controller: AbortController): () => void {
  const onKeypress = (_text: unknown, key: { ctrl?: boolean; name?: string } | undefined) => {
    if (key?.ctrl === true && key.name === 'd') controller.abort();
  };
  process.stdin.on('keypress', onKeypress);
  return () => process.stdin.off('keypress', onKeypress);
}

/**
 * The interactive chat: one database connection for the whole conversation. An empty line,
 * "exit" or Ctrl+D ends it; Ctrl+C interrupts (exit code 130), as at every prompt.
 */
async function chat(session: CoachSession, remote: RemoteSettings | undefined, json: boolean) {
  const { input } = await import('@inquirer/prompts');
  const colours = stdoutColours();
  printNote(
    `Ask me what to do next, about follow-ups, stalled applications, an interview or skill gaps` +
      ` (${remote ? `model ${remote.model}` : 'offline'}). An empty line, "exit" or Ctrl+D ends the chat.`,
  );
  for (;;) {
    const controller = new AbortController();
    const stopListening = abortOnCtrlD(controller);
    let text: string;
    try {
      text = await input({ message: 'you' }, { signal: controller.signal });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortPromptError') break;
      throw error;
    } finally {
      stopListening();
    }
    if (text.trim() === '' || LEAVE.test(text.trim())) break;
    const answer = await askCoach(session, text, { remote });
    if (answer.warning !== undefined) printWarning(answer.warning);
    if (json) printJson(answer);
    else {
      // The reply is lines of its own (line breaks kept); data in it is escaped by printLine.
      printLine(joinPrintable([paint(colours.bold, 'coach'), answer.reply], ' '));
      printLine();
    }
  }
}

function printHistory(messages: readonly MessageDocument[], total: number): void {
  if (messages.length === 0) {
    printNote('No conversation yet. Ask something: career coach "what should I do next?"');
    return;
  }
  const colours = stdoutColours();
  if (total > messages.length) {
    printNote(`The last ${messages.length} of ${total} messages (--limit N shows more).`);
  }
  for (const message of messages) {
    const advisor = message.advisor ? ` (${message.model ?? message.advisor})` : '';
    const who =
      message.sender === 'user'
        ? paint(colours.cyan, 'you')
        : safe`${paint(colours.green, 'coach')}${paint(colours.dim, advisor)}`;
    printLine(safe`${paint(colours.dim, formatDate(message.timestamp, true))}  ${who}`);
    for (const line of message.content.split('\n')) printLine(`  ${line}`);
  }
}

export function register(program: Command): void {
  const coach = program
    .command('coach')
    .description(nounSummary('coach'))
    .argument(
      '[message...]',
      'what to ask (quote it, or give it as words); none: chat at a terminal',
    )
    .addHelpText(
      'after',
      '\nWithout a message: a chat at a terminal, or the message read from stdin when piped.\n' +
        'Environment:\n' +
        '  CAREER_LLM_URL         an OpenAI-compatible endpoint (http://localhost:11434/v1)\n' +
        '  CAREER_LLM_MODEL       the model to ask (required with CAREER_LLM_URL)\n' +
        '  CAREER_LLM_API_KEY     sent as a Bearer token\n' +
        '  CAREER_LLM_TIMEOUT_MS  how long to wait for an answer (default 30000)',
    )
    .action(async (words: string[], _flags: unknown, command: Command) => {
      const globals = globalOptions(command);
      // Checked before connecting: a half-configured model is a usage error either way.
      const remote = remoteSettingsFromEnv();
      let message = words.join(' ');
      const interactive = message.trim() === '' && canPrompt();
      if (message.trim() === '' && !interactive) {
        if (process.stdin.isTTY === true) {
          throw new UsageError('no message to send the coach', {
            hint: 'career coach "what should I do next?" (the chat needs a terminal)',
          });
        }
        message = await readStdin();
        if (message.trim() === '') {
          throw new UsageError('no message to send the coach (stdin was empty)', {
            hint: 'career coach "what should I do next?", or pipe the message in',
          });
        }
      }
      await withSignedIn({ dbUri: globals.dbUri }, async ({ user, data, workspace }) => {
        const session: CoachSession = { user, data, config: workspace.config };
        if (interactive) await chat(session, remote, globals.json);
        else printAnswer(await askCoach(session, message, { remote }), globals.json);
      });
    });

  coach
    .command('history')
    .description('Show your conversation with the coach (the last messages)')
    .option(
      '--limit <n>',
      `at most this many messages, the latest (default ${DEFAULT_HISTORY_LIMIT})`,
    )
    .action(async (flags: { limit?: string }, command: Command) => {
      const globals = globalOptions(command);
      const limit =
        flags.limit === undefined
          ? DEFAULT_HISTORY_LIMIT
          : parseDayCount(flags.limit, 'limit', { min: 1, max: 100_000 });
      const history = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        coachHistory(data, limit),
      );
      if (globals.json) printJson(history.messages);
      else printHistory(history.messages, history.total);
    });

  coach
    .command('clear')
    .description('Delete your conversation with the coach')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action(async (flags: { yes?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const removed = await withSignedIn({ dbUri: globals.dbUri }, async ({ data }) => {
        const confirmed = await confirmOrRequireYes(
          'Delete your whole conversation with the coach?',
          flags.yes,
          'clearing the conversation',
        );
        return confirmed ? clearConversation(data) : undefined;
      });
      if (removed === undefined) printNote('Nothing deleted.');
      else if (globals.json) printJson({ cleared: true, messages: removed });
      else
        printSuccess(
          `Cleared the conversation (${removed} ${removed === 1 ? 'message' : 'messages'})`,
        );
    });
}
