// Sending one mail through an SMTP server (nodemailer): the adapter between the digest and
// the outside world, as src/db is for the database. It knows mail, not careers: the command
// gives it the server's URL, a password and a composed message. Failures become one of three
// errors, each with its own exit code (unreachable 10, authentication 11, timeout 12), and
// nothing it throws carries the password: nodemailer's error is kept as the cause (for
// --debug) only after the password, in every form it might be written, is scrubbed out.
import {
  CareerError,
  MailAuthenticationError,
  MailUnreachableError,
  ServerTimeoutError,
  UsageError,
} from '../domain/errors.js';

/** How long to wait at each step (connect, greeting, each reply) unless told otherwise. */
export const DEFAULT_SMTP_TIMEOUT_MS = 15_000;

export interface SmtpServer {
  /** smtp://[user[:password]@]host[:port] or smtps://... (TLS from the start). */
  url: string;
  /** The password when the URL has a user name but no password. */
  password?: string | undefined;
  timeoutMs: number;
}

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
  /** host:port, as the errors name it. */
  server: string;
}

interface ParsedServer {
  host: string;
  port: number | undefined;
  secure: boolean;
  user: string | undefined;
  password: string | undefined;
}

function parseServer(url: string): ParsedServer {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError('the mail server URL is not a URL', {
      hint: 'it looks like smtp://user@mail.example.org:587 (or smtps://... for TLS)',
    });
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new UsageError(
      `the mail server URL must start with smtp:// or smtps://, not ${parsed.protocol}//`,
    );
  }
  if (parsed.hostname === '') throw new UsageError('the mail server URL names no host');
  const decoded = (text: string): string | undefined =>
    text === '' ? undefined : decodeURIComponent(text);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? undefined : Number(parsed.port),
    secure: parsed.protocol === 'smtps:',
    user: decoded(parsed.username),
    password: decoded(parsed.password),
  };
}

/** The user name the URL signs in with (none: the server is used without signing in). */
export function smtpUser(url: string): string | undefined {
  return parseServer(url).user;
}

/** Whether the URL holds a password of its own. */
export function urlHasPassword(url: string): boolean {
  return parseServer(url).password !== undefined;
}

/** host:port of the server (the port nodemailer would use when the URL names none). */
export function serverName(url: string): string {
  const server = parseServer(url);
  return `${server.host}:${server.port ?? (server.secure ? 465 : 587)}`;
}

interface MailerError extends Error {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
}

/** `text` with each form of each secret the session used replaced by ****. */
function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    const forms = [
      secret,
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64'),
    ].filter((form) => form.length >= 3);
    for (const form of forms) result = result.split(form).join('****');
  }
  return result;
}

/** nodemailer's error with the secrets scrubbed out of its message, stack and reply. */
function scrubbedCause(error: unknown, secrets: readonly string[]): Error {
  const original: MailerError = error instanceof Error ? error : new Error(String(error));
  const copy: MailerError = new Error(scrub(original.message, secrets));
  copy.name = original.name;
  copy.stack = scrub(original.stack ?? '', secrets);
  if (original.code !== undefined) copy.code = original.code;
  if (original.originalCode !== undefined) copy.originalCode = original.originalCode;
  if (original.responseCode !== undefined) copy.responseCode = original.responseCode;
  if (original.response !== undefined) copy.response = scrub(original.response, secrets);
  return copy;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** nodemailer's failure as the error the CLI reports (exit 10, 11, 12, or 1 for the rest). */
function mailError(error: unknown, where: string, timeoutMs: number, secrets: string[]): Error {
  const cause = scrubbedCause(error, secrets) as MailerError;
  const code = cause.code;
  const low = cause.originalCode ?? code;
  const reply = cause.response === undefined ? '' : `: ${oneLine(cause.response)}`;
  if (code === 'EAUTH' || cause.responseCode === 535) {
    return new MailAuthenticationError(`the mail server ${where} refused the sign-in${reply}`, {
      hint: 'check the user name in the server URL and the password (CAREER_SMTP_PASSWORD or smtp.password)',
      cause,
    });
  }
  if (code === 'ETIMEDOUT' || low === 'ETIMEDOUT') {
    return new ServerTimeoutError(
      `the mail server ${where} did not answer within ${timeoutMs} ms`,
      {
        hint: 'check the host and port (587 or 25 for smtp://, 465 for smtps://), or allow more time',
        cause,
      },
    );
  }
  if (
    code === 'EDNS' ||
    code === 'ECONNECTION' ||
    code === 'ESOCKET' ||
    low === 'ECONNREFUSED' ||
    low === 'ENOTFOUND' ||
    low === 'EHOSTUNREACH' ||
    low === 'ECONNRESET'
  ) {
    const why = low !== undefined && low !== code ? ` (${low})` : code ? ` (${code})` : '';
    return new MailUnreachableError(`could not reach the mail server ${where}${why}`, {
      hint: 'check the server URL (CAREER_SMTP_URL or smtp.url) and that the server is up',
      cause,
    });
  }
  return new CareerError(
    `the mail server ${where} did not take the message${reply || `: ${oneLine(cause.message)}`}`,
    {
      cause,
    },
  );
}

/** Sends `message` through `server`; resolves once the server has accepted it. */
export async function sendMail(server: SmtpServer, message: MailMessage): Promise<SentMail> {
  const parsed = parseServer(server.url);
  const where = serverName(server.url);
  const password = parsed.password ?? server.password;
  const secrets = [password, parsed.password].filter(
    (secret): secret is string => secret !== undefined && secret !== '',
  );
  // Loaded only when a mail is sent: the digest without --email never pays for it.
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    host: parsed.host,
    ...(parsed.port === undefined ? {} : { port: parsed.port }),
    secure: parsed.secure,
    ...(parsed.user === undefined ? {} : { auth: { user: parsed.user, pass: password ?? '' } }),
    connectionTimeout: server.timeoutMs,
    greetingTimeout: server.timeoutMs,
    socketTimeout: server.timeoutMs,
    dnsTimeout: server.timeoutMs,
    // nodemailer logs nothing unless asked; say so, as the log would hold the session.
    logger: false,
    debug: false,
  });
  try {
    const info = await transport.sendMail(message);
    const addresses = (list: unknown): string[] =>
      Array.isArray(list)
        ? list.map((entry) =>
            typeof entry === 'string' ? entry : String((entry as { address?: unknown }).address),
          )
        : [];
    return {
      messageId: info.messageId,
      accepted: addresses(info.accepted),
      rejected: addresses(info.rejected),
      server: where,
    };
  } catch (error) {
    throw mailError(error, where, server.timeoutMs, secrets);
  } finally {
    transport.close();
  }
}
