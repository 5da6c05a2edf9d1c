// The settings a person may see and change (`career config`): one table of keys, each with its
// type, allowed values, whether it holds a secret, the environment variables that win over the
// config file, and what it does. A key that is not here (session.token) is internal: never
// listed or set. Add a key to CareerSettings (config.ts) and here.
import { matchChoice } from '../domain/choices.js';
import { DATE_ORDERS } from '../domain/date-reading.js';
import { COLOUR_CHOICES, TABLE_LAYOUTS } from '../domain/output-choices.js';
import { REMIND_VIAS } from '../domain/remind-via.js';
import { UsageError } from '../domain/errors.js';
import { FieldError } from '../domain/field-error.js';
import { CareerConfig, type CareerSettings, type SettingKey } from './config.js';
import type { CareerPaths } from './paths.js';
import { isMongoUri, redactUri, redactUrl } from './uri.js';

export type SettingValue = string | number;

export interface SettingSpec {
  key: SettingKey;
  type: 'string' | 'number';
  /** The values a string may take (matched without case), or a number's whole range. */
  allowed?: readonly string[];
  range?: readonly [min: number, max: number];
  /**
   * How a secret is shown: `uri` with the password in it masked (a connection string, a URL
   * that may carry credentials), `whole` not at all (a password, an API key).
   */
  secret?: 'uri' | 'whole';
  /** Variables that win over the config file, in order. */
  env: readonly string[];
  description: string;
  /** Refuses a value of the right type the key cannot hold (a string that is no URI). */
  check?: (value: string) => string | undefined;
}

/** Weekly targets are whole numbers up to this (as targets-service's MAX_TARGET). */
const MAX_TARGET = 100;
/** Timeouts are whole milliseconds up to ten minutes. */
const MAX_TIMEOUT_MS = 600_000;

/** How a masked secret is shown (the same whatever its length). */
export const MASK = '********';

function urlProblem(value: string, schemes: readonly string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be a URL starting with ${schemes.join(' or ')}`;
  }
  if (!schemes.includes(`${url.protocol}//`)) return `must start with ${schemes.join(' or ')}`;
  return url.hostname === '' ? 'must name a host' : undefined;
}

/** An address (`me@example.org`) or a name and an address (`Ada <me@example.org>`). */
const MAILBOX = /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

export const SETTINGS: readonly SettingSpec[] = [
  {
    key: 'db.uri',
    type: 'string',
    secret: 'uri',
    env: ['CAREER_DB_URI', 'MONGODB_URI'],
    description: 'the MongoDB server to use (unset: the embedded database)',
    check: (value) =>
      isMongoUri(value) ? undefined : 'must start with mongodb:// or mongodb+srv://',
  },
  {
    key: 'date.order',
    type: 'string',
    allowed: DATE_ORDERS,
    env: ['CAREER_DATE_ORDER'],
    description: 'how numeric dates like 05/12/2026 are read (unset: ambiguous ones are refused)',
  },
  {
    key: 'targets.applicationsPerWeek',
    type: 'number',
    range: [0, MAX_TARGET],
    env: [],
    description: 'applications a week to aim for (unset: from your profile)',
  },
  {
    key: 'targets.followUpsPerWeek',
    type: 'number',
    range: [0, MAX_TARGET],
    env: [],
    description: 'follow-ups a week to aim for (unset: from your profile)',
  },
  {
    key: 'smtp.url',
    type: 'string',
    secret: 'uri',
    env: ['CAREER_SMTP_URL'],
    description:
      'the mail server for the digest: smtp://[user[:password]@]host[:port] (smtps:// for TLS)',
    check: (value) => urlProblem(value, ['smtp://', 'smtps://']),
  },
  {
    key: 'smtp.from',
    type: 'string',
    env: ['CAREER_SMTP_FROM'],
    description: 'the sender of the digest, e.g. "Career <me@example.org>"',
    check: (value) =>
      MAILBOX.test(value) ? undefined : 'must be an address, or a name and <address>',
  },
  {
    key: 'smtp.password',
    type: 'string',
    secret: 'whole',
    env: ['CAREER_SMTP_PASSWORD'],
    description: "the mail server's password when smtp.url holds none (unset: asked at a terminal)",
  },
  {
    key: 'smtp.timeoutMs',
    type: 'number',
    range: [1, MAX_TIMEOUT_MS],
    env: ['CAREER_SMTP_TIMEOUT_MS'],
    description: 'how long to wait for the mail server at each step, in ms (unset: 15000)',
  },
  {
    key: 'llm.url',
    type: 'string',
    secret: 'uri',
    env: ['CAREER_LLM_URL'],
    description: "the coach's OpenAI-compatible endpoint (unset: the offline coach)",
    check: (value) => urlProblem(value, ['http://', 'https://']),
  },
  {
    key: 'llm.model',
    type: 'string',
    env: ['CAREER_LLM_MODEL'],
    description: 'the model the coach asks (needed with llm.url)',
  },
  {
    key: 'llm.apiKey',
    type: 'string',
    secret: 'whole',
    env: ['CAREER_LLM_API_KEY'],
    description: "sent to the coach's endpoint as a Bearer token",
  },
  {
    key: 'llm.timeoutMs',
    type: 'number',
    range: [1, MAX_TIMEOUT_MS],
    env: ['CAREER_LLM_TIMEOUT_MS'],
    description: "how long to wait for the model's answer, in ms (unset: 30000)",
  },
  {
    key: 'color',
    type: 'string',
    allowed: COLOUR_CHOICES,
    env: [],
    description: 'colour in output: auto (at a terminal), always or never (NO_COLOR wins)',
  },
  {
    key: 'table.layout',
    type: 'string',
    allowed: TABLE_LAYOUTS,
    env: [],
    description: 'tables at a terminal: fit (cut to its width) or wide (every column whole)',
  },
  {
    key: 'remind.via',
    type: 'string',
    allowed: REMIND_VIAS,
    env: ['CAREER_REMIND_VIA'],
    description:
      'how reminders are delivered (unset: auto, a desktop notification when one can be shown)',
  },
];

/** The key's spec (matched without case: Date.Order is date.order); a FieldError if none. */
export function settingSpec(key: string): SettingSpec {
  const wanted = key.trim().toLowerCase();
  const spec = SETTINGS.find((each) => each.key.toLowerCase() === wanted);
  if (spec) return spec;
  throw new FieldError({
    field: 'key',
    problem: 'not-allowed',
    value: key,
    allowed: SETTINGS.map((each) => each.key),
  });
}

/** A typed value from its text, as `config set` takes it ("dmy" is DMY); a FieldError if not. */
export function parseSettingValue(spec: SettingSpec, text: string): SettingValue {
  const trimmed = text.trim();
  if (spec.type === 'number') {
    const [min, max] = spec.range ?? [-Infinity, Infinity];
    const number = Number(trimmed);
    if (!/^-?\d+$/.test(trimmed) || number < min || number > max) {
      const detail = `a whole number from ${min} to ${max}`;
      throw new FieldError({ field: 'value', problem: 'must-be', value: text, detail });
    }
    return number;
  }
  // Read as every choice is (src/domain/choices.ts): "dmy" is DMY, a typo gets "did you mean".
  if (spec.allowed) return matchChoice(trimmed, spec.allowed, 'value');
  const problem = trimmed === '' ? 'cannot be empty' : spec.check?.(trimmed);
  if (problem !== undefined) throw new UsageError(`${spec.key} ${problem}`);
  return trimmed;
}

/** A stored value as the key may hold it; undefined for one a hand edit got wrong. */
function valid(spec: SettingSpec, value: unknown): SettingValue | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return parseSettingValue(spec, String(value));
  } catch {
    return undefined;
  }
}

/** Where a value in force comes from. */
export type SettingSource = `env:${string}` | 'config' | 'default';

export interface SettingState {
  key: SettingKey;
  value: SettingValue | undefined;
  source: SettingSource;
}

/** The value in force: an environment variable, else the config file, else none. */
export function resolveSetting(
  spec: SettingSpec,
  env: Readonly<Record<string, string | undefined>>,
  config: CareerConfig,
): SettingState {
  for (const name of spec.env) {
    // A connection string in the environment is used as it is (a wrong one fails on connect).
    const given = env[name];
    const taken = spec.check && given !== undefined && given !== '' ? given : undefined;
    const value = taken ?? valid(spec, given);
    if (value !== undefined) return { key: spec.key, value, source: `env:${name}` };
  }
  const stored = valid(spec, config.get(spec.key));
  if (stored !== undefined) return { key: spec.key, value: stored, source: 'config' };
  return { key: spec.key, value: undefined, source: 'default' };
}

/** A value as it may be shown: a password in a URL masked, a password or key not shown. */
export function shownValue(spec: SettingSpec, value: SettingValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (spec.secret === 'whole') return MASK;
  if (spec.secret === 'uri') return isMongoUri(text) ? redactUri(text) : redactUrl(text);
  return text;
}

/** The value in force of `key` (environment first, then the config file), or undefined. */
export function settingValue(
  key: SettingKey,
  env: Readonly<Record<string, string | undefined>>,
  config: CareerConfig,
): SettingValue | undefined {
  return resolveSetting(settingSpec(key), env, config).value;
}

/** Stores a key's value in the config file (already parsed by parseSettingValue). */
export function storeSetting(config: CareerConfig, spec: SettingSpec, value: SettingValue): void {
  config.set(spec.key, value as CareerSettings[typeof spec.key]);
}

export function removeSetting(config: CareerConfig, spec: SettingSpec): void {
  config.unset(spec.key);
}

/** The config file of these paths. */
export function openConfig(paths: CareerPaths): CareerConfig {
  return new CareerConfig(paths);
}
