// src/mail/smtp.ts on its own: what it reads from a server URL (TLS, ports, the user name
// and password percent-decoded), and an unknown host as unreachable (exit 10).
import { describe, expect, it } from 'vitest';
import { ExitCode, MailUnreachableError, UsageError } from '../../src/domain/errors.js';
import { redactUrl } from '../../src/db/uri.js';
import { sendMail, serverName, smtpUser, urlHasPassword } from '../../src/mail/smtp.js';

const message = {
  from: 'a@example.org',
  to: 'b@example.org',
  subject: 's',
  text: 't',
  html: '<p>t</p>',
};

describe('the SMTP adapter', () => {
  it('reads the server URL: smtps is TLS on 465, smtp 587, credentials decoded', () => {
    expect(serverName('smtps://me@mail.example.org')).toBe('mail.example.org:465');
    expect(serverName('smtp://mail.example.org')).toBe('mail.example.org:587');
    expect(serverName('smtp://mail.example.org:2525')).toBe('mail.example.org:2525');
    expect(smtpUser('smtp://me%40example.org@mail.example.org')).toBe('me@example.org');
    expect(smtpUser('smtp://mail.example.org')).toBeUndefined();
    expect(urlHasPassword('smtp://me:p%40ss@mail.example.org')).toBe(true);
    expect(urlHasPassword('smtp://me@mail.example.org')).toBe(false);
    expect(() => serverName('http://mail.example.org')).toThrow(UsageError);
    expect(redactUrl('smtps://me:p%40ss@mail.example.org:465')).toBe(
      'smtps://me:****@mail.example.org:465',
    );
  });

  it('an unknown host is unreachable (exit 10)', async () => {
    const failure = await sendMail(
      { url: 'smtp://no-such-host.invalid:2525', timeoutMs: 5000 },
      message,
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MailUnreachableError);
    expect((failure as MailUnreachableError).exitCode).toBe(ExitCode.MailUnreachable);
    expect((failure as Error).message).toMatch(
      /^could not reach the mail server no-such-host\.invalid:2525 \((ENOTFOUND|EDNS|EAI_AGAIN)\)$/,
    );
  });
});
