// `career digest`: the week at a glance (the agenda, progress against the targets, new and
// stalled applications, offers and their deadlines), printed, or with --email mailed as text
// and HTML through the SMTP server of smtp.url. The data is read first and the database
// closed before the mail server is talked to.
import { Chalk } from 'chalk';
import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { buildDigest, DEFAULT_DIGEST_DAYS, type Digest } from '../../services/digest-service.js';
import { sendMail, type MailMessage } from '../../mail/smtp.js';
import { coloursFor } from '../../ui/colours.js';
import { digestHtml, digestLines, digestSubject, digestText } from '../../ui/digest-view.js';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import type { JsonOf } from '../json.js';
import { DATE_FIELDS, optionalDateFlag } from '../options/dates.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { mailSettings, recipient, serverWithPassword } from './mail-settings.js';

export interface DigestOptions {
  globals: GlobalOptions;
  email: boolean;
  to: string | undefined;
  since: string | undefined;
  dryRun: boolean;
  /** Milliseconds to wait for the mail server at each step, as given. */
  timeout: string | undefined;
}

/** What became of the mail (with --email). */
export interface DigestMail {
  sent: boolean;
  /** --dry-run: composed and shown, not sent. */
  dryRun: boolean;
  /** Why nothing was sent: `email-updates-off` (the profile's preference). */
  reason?: 'email-updates-off';
  from?: string;
  to?: string;
  subject?: string;
  /** The server as host:port. */
  server?: string;
  /** The server's id for the message, once sent. */
  messageId?: string;
  /** With --dry-run: the two parts, as they would be sent. */
  text?: string;
  html?: string;
}

/**
 * `career digest --json`: the digest (agenda items, `week` progress, `newApplications`,
 * `stalled`, `offers`); with --email also `mail`, what became of the mail.
 */
export type DigestJson = JsonOf<Digest> & { mail?: DigestMail };

const MAX_TIMEOUT_MS = 600_000;

export function register(program: Command, context: CommandContext): void {
  program
    .command('digest')
    .description(nounSummary('digest'))
    .option('--email', 'send it by mail (text and HTML) instead of printing it')
    .option('--to <address>', 'the recipient (default: your profile email)')
    .option(
      '--since <date>',
      `applications sent since this day (default ${DEFAULT_DIGEST_DAYS} days ago)`,
    )
    .option('--dry-run', 'with --email: show the mail (headers and text) without sending it')
    .option(
      '--timeout <ms>',
      'how long to wait for the mail server at each step (default: smtp.timeoutMs, 15000)',
    )
    .addHelpText(
      'after',
      '\nThe mail goes through smtp.url (CAREER_SMTP_URL) from smtp.from (CAREER_SMTP_FROM); the\n' +
        "password is the URL's, else CAREER_SMTP_PASSWORD, else smtp.password, else asked at a\n" +
        'terminal. With email updates off in your profile, --email sends nothing.\n' +
        'Exit codes: 10 mail server unreachable, 11 sign-in refused, 12 no answer in time.',
    )
    .action(
      (
        flags: { email?: boolean; to?: string; since?: string; dryRun?: boolean; timeout?: string },
        command: Command,
      ) =>
        run(
          {
            globals: globalOptions(command),
            email: flags.email === true,
            to: flags.to,
            since: flags.since,
            dryRun: flags.dryRun === true,
            timeout: flags.timeout,
          },
          context,
        ),
    );
}

function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  if (!/^\s*\d+\s*$/.test(text) || value < 1 || value > MAX_TIMEOUT_MS) {
    throw new UsageError(
      `--timeout: '${text}' must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`,
    );
  }
  return value;
}

export async function run(options: DigestOptions, context: CommandContext): Promise<void> {
  if (
    !options.email &&
    (options.to !== undefined || options.dryRun || options.timeout !== undefined)
  ) {
    throw new UsageError('--to, --dry-run and --timeout go with --email', {
      hint: 'career digest --email --dry-run shows the mail without sending it',
    });
  }
  const since = optionalDateFlag(context, options.since, DATE_FIELDS.since);
  const timeoutMs = parseTimeout(options.timeout);
  // Checked before the data is read: a missing server or sender is a usage error either way.
  const settings = options.email ? mailSettings(context, timeoutMs) : undefined;
  const digest = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    ({ user, data, workspace }) =>
      buildDigest(data, user, workspace.config, {
        now: context.clock.now(),
        ...(since ? { since } : {}),
      }),
  );
  if (settings === undefined) {
    if (options.globals.json) context.out.printJson(digest);
    else {
      const width = context.io.stdout.isTerminal ? context.io.columns : undefined;
      for (const line of digestLines(digest, coloursFor(context.io.stdout), width))
        context.out.printLine(line);
    }
    return;
  }
  if (!digest.emailUpdates) {
    const mail: DigestMail = { sent: false, dryRun: options.dryRun, reason: 'email-updates-off' };
    if (options.globals.json) context.out.printJson({ ...digest, mail });
    context.out.printWarning('nothing was sent: email updates are off in your profile');
    context.out.printNote('turn them on with `career profile update --email-updates`');
    return;
  }
  const message: MailMessage = {
    from: settings.from,
    to: recipient(options.to, digest.email),
    subject: digestSubject(digest),
    // The mail's text has no colour, whatever the terminal has.
    text: digestText(digest, new Chalk({ level: 0 })),
    html: digestHtml(digest),
  };
  const headers = {
    from: message.from,
    to: message.to,
    subject: message.subject,
    server: settings.server,
  };
  if (options.dryRun) {
    if (options.globals.json) {
      context.out.printJson({
        ...digest,
        mail: { sent: false, dryRun: true, ...headers, text: message.text, html: message.html },
      });
    } else {
      context.out.printLine(`From: ${message.from}`);
      context.out.printLine(`To: ${message.to}`);
      context.out.printLine(`Subject: ${message.subject}`);
      context.out.printLine('Content-Type: multipart/alternative (text and HTML)');
      context.out.printLine();
      context.out.printLine(message.text.replace(/\n$/, ''));
    }
    context.out.printNote(
      `dry run: nothing was sent to ${settings.shownUrl} (the HTML part is ${Buffer.byteLength(message.html)} bytes)`,
    );
    return;
  }
  const server = await serverWithPassword(settings, context);
  const sent = await sendMail(server, message);
  if (options.globals.json) {
    context.out.printJson({
      ...digest,
      mail: { sent: true, dryRun: false, ...headers, messageId: sent.messageId },
    });
  } else context.out.printSuccess(`Sent the digest to ${message.to} (through ${sent.server})`);
}
