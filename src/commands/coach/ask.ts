// `career coach [MESSAGE]`: ask the coach (the offline advisor, or the chat-completions model
// named by CAREER_LLM_URL); without a message, a chat at a terminal or stdin when piped.
import type { Command } from 'commander';
import { openConfig } from '../../db/settings.js';
import { UsageError } from '../../domain/errors.js';
import {
  askCoach,
  remoteSettingsFor,
  type CoachAnswer,
  type CoachSession,
} from '../../services/coach/conversation.js';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { chat } from './chat.js';

export interface CoachAskOptions {
  globals: GlobalOptions;
  /** The message as words (joined with spaces); none: chat, or read stdin. */
  words: string[];
}

/** `career coach MESSAGE --json` (and each answer of the chat): the answer and its advisor. */
export type CoachAskJson = JsonOf<CoachAnswer>;

export function askCommand(program: Command, context: CommandContext): Command {
  return program
    .command('coach')
    .description(nounSummary('coach'))
    .argument(
      '[message...]',
      'what to ask (quote it, or give it as words); none: chat at a terminal',
    )
    .addHelpText(
      'after',
      '\nWithout a message: a chat at a terminal, or the message read from stdin when piped.\n' +
        'Environment (each also a setting: `career config set llm.url ...`; the variable wins):\n' +
        '  CAREER_LLM_URL         llm.url: an OpenAI-compatible endpoint (http://localhost:11434/v1)\n' +
        '  CAREER_LLM_MODEL       llm.model: the model to ask (required with the URL)\n' +
        '  CAREER_LLM_API_KEY     llm.apiKey: sent as a Bearer token\n' +
        '  CAREER_LLM_TIMEOUT_MS  llm.timeoutMs: how long to wait for an answer (default 30000)',
    )
    .action((words: string[], _flags: unknown, command: Command) =>
      run({ globals: globalOptions(command), words }, context),
    );
}

export async function run(options: CoachAskOptions, context: CommandContext): Promise<void> {
  const { globals } = options;
  // Checked before connecting: a half-configured model is a usage error either way.
  const remote = remoteSettingsFor(context.env, openConfig(context.paths));
  let message = options.words.join(' ');
  const interactive = message.trim() === '' && context.prompts.canPrompt();
  if (message.trim() === '' && !interactive) message = await messageFromStdin(context);
  await context.withSignedIn({ dbUri: globals.dbUri }, async ({ user, data, workspace }) => {
    const session: CoachSession = { user, data, config: workspace.config };
    if (interactive) await chat(session, remote, globals.json, context);
    else
      printAnswer(
        await askCoach(session, message, { remote, now: context.clock.now() }),
        globals.json,
        context,
      );
  });
}

/** The message piped in (refused at a terminal that cannot chat, or when empty). */
async function messageFromStdin(context: CommandContext): Promise<string> {
  if (context.io.stdinIsTerminal) {
    throw new UsageError('no message to send the coach', {
      hint: 'career coach "what should I do next?" (the chat needs a terminal)',
    });
  }
  const message = await readAll(context.io.stdin);
  if (message.trim() === '') {
    throw new UsageError('no message to send the coach (stdin was empty)', {
      hint: 'career coach "what should I do next?", or pipe the message in',
    });
  }
  return message;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function printAnswer(answer: CoachAnswer, json: boolean, { out }: CommandContext): void {
  if (answer.warning !== undefined) out.printWarning(answer.warning);
  if (json) out.printJson(answer);
  else out.printLine(answer.reply);
}
