// Where the digest's mail goes and how: the server (CAREER_SMTP_URL or smtp.url), the sender
// (CAREER_SMTP_FROM or smtp.from), the timeout and the password. The password comes from the
// URL, else CAREER_SMTP_PASSWORD, else smtp.password, else a prompt at a terminal; it is never
// printed (the URL is shown with it masked).
import { UsageError } from '../../domain/errors.js';
import { openConfig, settingValue, shownValue, settingSpec } from '../../db/settings.js';
import {
  DEFAULT_SMTP_TIMEOUT_MS,
  serverName,
  smtpUser,
  urlHasPassword,
  type SmtpServer,
} from '../../mail/smtp.js';
import type { CommandContext } from '../context.js';

/** An address, or a name and <address> (as smtp.from takes them). */
const MAILBOX = /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

export interface MailSettings {
  url: string;
  /** The URL as it may be shown (its password masked). */
  shownUrl: string;
  /** host:port. */
  server: string;
  from: string;
  timeoutMs: number;
}

function text(value: string | number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** The server, sender and timeout in force; a usage error naming what to set when one is missing. */
export function mailSettings(context: CommandContext, timeoutMs?: number): MailSettings {
  const config = openConfig(context.paths);
  const url = text(settingValue('smtp.url', context.env, config));
  if (url === undefined) {
    throw new UsageError('no mail server is set', {
      hint: 'career config set smtp.url smtp://me@mail.example.org:587 (or set CAREER_SMTP_URL)',
    });
  }
  const from = text(settingValue('smtp.from', context.env, config));
  if (from === undefined) {
    throw new UsageError('no sender is set for the mail', {
      hint: 'career config set smtp.from "Career <me@example.org>" (or set CAREER_SMTP_FROM)',
    });
  }
  if (!MAILBOX.test(from)) {
    throw new UsageError('the sender (CAREER_SMTP_FROM or smtp.from) is not an address', {
      hint: 'write it as me@example.org or "Career <me@example.org>"',
    });
  }
  const configured = settingValue('smtp.timeoutMs', context.env, config);
  return {
    url,
    shownUrl: shownValue(settingSpec('smtp.url'), url) ?? '',
    server: serverName(url),
    from,
    timeoutMs: timeoutMs ?? (typeof configured === 'number' ? configured : DEFAULT_SMTP_TIMEOUT_MS),
  };
}

/** The recipient given with --to, checked; the profile's email when none is given. */
export function recipient(given: string | undefined, profileEmail: string): string {
  if (given === undefined) return profileEmail;
  const address = given.trim();
  if (!MAILBOX.test(address)) {
    throw new UsageError(`--to: '${given}' is not an email address`);
  }
  return address;
}

/** The server with its password: the URL's own, the variable, the config file, or a prompt. */
export async function serverWithPassword(
  settings: MailSettings,
  context: CommandContext,
): Promise<SmtpServer> {
  const server = { url: settings.url, timeoutMs: settings.timeoutMs };
  const user = smtpUser(settings.url);
  if (user === undefined || urlHasPassword(settings.url)) return server;
  const stored = text(settingValue('smtp.password', context.env, openConfig(context.paths)));
  if (stored !== undefined) return { ...server, password: stored };
  if (context.prompts.canPrompt()) {
    return {
      ...server,
      password: await context.prompts.askPassword(`Password for ${user} at ${settings.server}:`),
    };
  }
  throw new UsageError(`the mail server ${settings.server} needs a password for ${user}`, {
    hint: 'set CAREER_SMTP_PASSWORD, or store it: career config set smtp.password (prompts only at a terminal)',
  });
}
