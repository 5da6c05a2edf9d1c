// A client for an OpenAI-compatible chat-completions endpoint (OpenAI, a local Ollama,
// llama.cpp's server...), configured from the environment or the config file's llm.* keys. Any failure becomes a
// RemoteAdvisorError saying why, so the caller can fall back to the offline coach.
import type { CareerConfig } from '../../db/config.js';
import { redactUrl } from '../../db/uri.js';
import { UsageError } from '../../domain/errors.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_ERROR_BODY = 200;

export interface RemoteSettings {
  /** The full chat-completions URL. */
  endpoint: string;
  /** The endpoint as printed: no credentials, no query string. */
  shownEndpoint: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The endpoint failed; `reason` says how ("answered HTTP 500 Internal Server Error"). */
export class RemoteAdvisorError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RemoteAdvisorError';
  }
}

/**
 * The chat-completions URL for CAREER_LLM_URL: a URL ending in /chat/completions is used as
 * it is; a base URL (`http://localhost:11434/v1`) gets /chat/completions appended, and a
 * bare host (`http://localhost:11434`) /v1/chat/completions.
 */
export function chatCompletionsUrl(base: string): URL {
  let url: URL;
  try {
    url = new URL(base.trim());
  } catch {
    throw new UsageError(`CAREER_LLM_URL (llm.url) is not a URL: '${redactUrl(base)}'`, {
      hint: 'e.g. CAREER_LLM_URL=http://localhost:11434/v1',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`CAREER_LLM_URL (llm.url) must be an http(s) URL, not '${url.protocol}'`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (!/\/chat\/completions$/.test(path)) {
    url.pathname = path === '' ? '/v1/chat/completions' : `${path}/chat/completions`;
  }
  return url;
}

/** The coach's model settings as text, each from the environment or the config file. */
export interface RemoteInputs {
  url?: string | undefined;
  model?: string | undefined;
  apiKey?: string | undefined;
  timeoutMs?: string | undefined;
}

/** The remote settings from CAREER_LLM_*; undefined when CAREER_LLM_URL is not set. */
export function remoteSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): RemoteSettings | undefined {
  return remoteSettingsOf({
    url: env.CAREER_LLM_URL,
    model: env.CAREER_LLM_MODEL,
    apiKey: env.CAREER_LLM_API_KEY,
    timeoutMs: env.CAREER_LLM_TIMEOUT_MS,
  });
}

/**
 * The remote settings from CAREER_LLM_* and, for each one not set there, the config file's
 * llm.* keys; undefined when neither names a URL.
 */
export function remoteSettingsFor(
  env: Readonly<Record<string, string | undefined>>,
  config: CareerConfig,
): RemoteSettings | undefined {
  const given = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const timeout = config.get('llm.timeoutMs');
  return remoteSettingsOf({
    url: given('CAREER_LLM_URL') ?? config.get('llm.url'),
    model: given('CAREER_LLM_MODEL') ?? config.get('llm.model'),
    apiKey: given('CAREER_LLM_API_KEY') ?? config.get('llm.apiKey'),
    timeoutMs:
      given('CAREER_LLM_TIMEOUT_MS') ?? (timeout === undefined ? undefined : String(timeout)),
  });
}

function remoteSettingsOf(inputs: RemoteInputs): RemoteSettings | undefined {
  const base = inputs.url;
  if (base === undefined || base.trim() === '') return undefined;
  const url = chatCompletionsUrl(base);
  const model = inputs.model?.trim() ?? '';
  if (model === '') {
    throw new UsageError(
      'CAREER_LLM_URL (llm.url) is set but CAREER_LLM_MODEL (llm.model) is not',
      {
        hint: 'name the model too, e.g. CAREER_LLM_MODEL=llama3.2 or the llm.model setting (or unset the URL to use the offline coach)',
      },
    );
  }
  const timeoutText = inputs.timeoutMs?.trim() ?? '';
  const timeoutMs = timeoutText === '' ? DEFAULT_TIMEOUT_MS : Number(timeoutText);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new UsageError(
      `CAREER_LLM_TIMEOUT_MS must be a positive whole number of milliseconds, not '${timeoutText}'`,
    );
  }
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  shown.search = '';
  const apiKey = inputs.apiKey?.trim() ?? '';
  return {
    endpoint: url.toString(),
    shownEndpoint: shown.toString(),
    model,
    ...(apiKey === '' ? {} : { apiKey }),
    timeoutMs,
  };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** Why fetch failed, from its cause (ECONNREFUSED, ENOTFOUND...) when there is one. */
function networkReason(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown }) : undefined;
  if (cause && typeof cause.code === 'string') return `could not connect (${cause.code})`;
  if (cause && typeof cause.message === 'string') return `could not connect (${cause.message})`;
  return `could not connect (${error instanceof Error ? error.message : String(error)})`;
}

function contentOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const choices = (body as { choices?: unknown }).choices;
  if (!Array.isArray(choices)) return undefined;
  const message = (choices[0] as { message?: { content?: unknown } } | undefined)?.message;
  return typeof message?.content === 'string' && message.content.trim() !== ''
    ? message.content
    : undefined;
}

/** Sends the conversation and returns the model's reply (choices[0].message.content). */
export async function askRemote(
  settings: RemoteSettings,
  messages: readonly ChatMessage[],
): Promise<string> {
  const timeout = (): RemoteAdvisorError =>
    new RemoteAdvisorError(`no answer within ${settings.timeoutMs} ms`);
  const signal = AbortSignal.timeout(settings.timeoutMs);
  let response: Response;
  try {
    response = await fetch(settings.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(settings.apiKey === undefined ? {} : { authorization: `Bearer ${settings.apiKey}` }),
      },
      body: JSON.stringify({ model: settings.model, messages, stream: false }),
      signal,
    });
  } catch (error) {
    throw isTimeout(error) ? timeout() : new RemoteAdvisorError(networkReason(error));
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw isTimeout(error) ? timeout() : new RemoteAdvisorError(networkReason(error));
  }
  if (!response.ok) {
    const detail = text.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_BODY);
    throw new RemoteAdvisorError(
      `answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${detail ? `: ${detail}` : ''}`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RemoteAdvisorError('answered with malformed JSON');
  }
  const content = contentOf(body);
  if (content === undefined) {
    throw new RemoteAdvisorError('answered without a reply (no choices[0].message.content)');
  }
  return content;
}
