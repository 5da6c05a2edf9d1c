// A conversation with the coach: each message is answered (by the remote model when one is
// configured, else or on its failure by the offline advisor) and the exchange is appended to
// the user's Conversation in one atomic update. Also the history and clearing it.
import type { CareerConfig } from '../../db/config.js';
import type { UserProfile, UserRepositories } from '../../repositories/index.js';
import type {
  MessageAdvisor,
  MessageDocument,
} from '../../repositories/conversation-repository.js';
import { DocumentTooLargeError, UsageError } from '../../domain/errors.js';
import { say, step } from '../../domain/phrases.js';
import { loadCoachContext, summaryForModel, type CoachContext } from './context.js';
import type { Intent } from './intents.js';
import { answerOffline } from './offline-advisor.js';
import {
  askRemote,
  RemoteAdvisorError,
  type ChatMessage,
  type RemoteSettings,
} from './remote-client.js';

export type { MessageDocument, RemoteSettings };
export { remoteSettingsFor, remoteSettingsFromEnv } from './remote-client.js';

/** How many stored messages the remote model sees before the new one. */
export const HISTORY_FOR_MODEL = 20;
export const MAX_MESSAGE_LENGTH = 10_000;
export const DEFAULT_HISTORY_LIMIT = 20;

export interface CoachSession {
  user: UserProfile;
  data: UserRepositories;
  config: CareerConfig;
}

export interface CoachOptions {
  /** The remote model, when CAREER_LLM_URL is set. */
  remote?: RemoteSettings | undefined;
  now?: Date;
}

export interface CoachAnswer {
  message: string;
  reply: string;
  advisor: MessageAdvisor;
  /** The remote model that answered. */
  model?: string;
  /** The offline advisor's reading of the message. */
  intent?: Intent;
  /** Why the remote model was not used although configured (the offline advisor answered). */
  warning?: string;
}

/** The system prompt: who the coach is, and the user's data in compact JSON. */
export function systemPrompt(context: CoachContext): string {
  return [
    'You are the career coach inside `career`, a command-line career tracker.',
    'Give short, concrete, practical advice grounded in the user data below; do not invent',
    'records. When it helps, name a command (career agenda, career apply ..., career connect',
    'followup ..., career learn ...). Plain text, no Markdown tables.',
    `User data (JSON): ${JSON.stringify(summaryForModel(context))}`,
  ].join('\n');
}

function chatMessages(
  context: CoachContext,
  history: readonly MessageDocument[],
  message: string,
): ChatMessage[] {
  return [
    { role: 'system', content: systemPrompt(context) },
    ...history.map((stored): ChatMessage => ({
      role: stored.sender === 'user' ? 'user' : 'assistant',
      content: stored.content,
    })),
    { role: 'user', content: message },
  ];
}

/** Cleans and checks a message to the coach. */
export function checkMessage(text: string): string {
  const message = text.trim();
  if (message === '') {
    throw new UsageError('the message is empty', {
      hint: 'career coach "what should I do next?"',
    });
  }
  if (message.length > MAX_MESSAGE_LENGTH) {
    throw new UsageError(`the message is too long (over ${MAX_MESSAGE_LENGTH} characters)`);
  }
  return message;
}

/** Answers one message and stores the exchange. */
export async function askCoach(
  session: CoachSession,
  text: string,
  options: CoachOptions = {},
): Promise<CoachAnswer> {
  const message = checkMessage(text);
  const now = options.now ?? new Date();
  const { user, data, config } = session;
  const context = await loadCoachContext(data, user, config, now);
  let answer: Omit<CoachAnswer, 'message'> | undefined;
  let warning: string | undefined;
  if (options.remote) {
    const remote = options.remote;
    try {
      const history = await data.conversations.recentMessages(HISTORY_FOR_MODEL);
      const reply = await askRemote(remote, chatMessages(context, history, message));
      answer = { reply, advisor: 'remote', model: remote.model };
    } catch (error) {
      if (!(error instanceof RemoteAdvisorError)) throw error;
      warning = `the coach model at ${remote.shownEndpoint} failed: ${error.reason}; answering offline`;
    }
  }
  if (!answer) {
    const offline = await answerOffline(data, message, context);
    answer = { reply: offline.reply, advisor: 'offline', intent: offline.intent };
  }
  await appendExchange(data, [
    { sender: 'user', content: message, timestamp: now },
    {
      sender: 'assistant',
      content: answer.reply,
      timestamp: new Date(),
      advisor: answer.advisor,
      ...(answer.model === undefined ? {} : { model: answer.model }),
    },
  ]);
  return { message, ...answer, ...(warning === undefined ? {} : { warning }) };
}

/**
 * Appends messages to the user's conversation; one that would take it past MongoDB's limit
 * on one record says how to start a new one.
 */
export async function appendExchange(
  data: UserRepositories,
  messages: readonly MessageDocument[],
): Promise<void> {
  try {
    await data.conversations.append(messages);
  } catch (error) {
    if (!(error instanceof DocumentTooLargeError)) throw error;
    throw new DocumentTooLargeError(error.what, {
      hint: say`start a new conversation with \`${step('clear-conversation')}\``,
      cause: error,
    });
  }
}

export interface CoachHistory {
  /** The last messages, oldest first. */
  messages: MessageDocument[];
  /** How many messages are stored in all. */
  total: number;
}

export async function coachHistory(data: UserRepositories, limit: number): Promise<CoachHistory> {
  const [messages, total] = await Promise.all([
    data.conversations.recentMessages(limit),
    data.conversations.countMessages(),
  ]);
  return { messages, total };
}

/** Deletes the conversation; how many messages it held. */
export function clearConversation(data: UserRepositories): Promise<number> {
  return data.conversations.clear();
}
