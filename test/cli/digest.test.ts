// `career digest`, in this process: the week for two users of one database (each sees only
// their own), and with --email a real SMTP server on 127.0.0.1 (test/helpers/smtp.ts) that
// requires a sign-in and receives the mail: multipart/alternative, text and HTML, the data in
// both and escaped in the HTML. Failures (refused, wrong password, no answer) are one line
// and their own exit code; the password is never printed, not even with --debug.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DigestJson } from '../../src/commands/digest/index.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { inProcessAccount, type InProcessAccount } from '../helpers/in-process.js';
import { jsonOutput } from '../helpers/json-output.js';
import {
  refusedPort,
  settled,
  silentServer,
  smtpServer,
  type TestSmtpServer,
} from '../helpers/smtp.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const SMTP_PASSWORD = 'mail-S3cret-pw';
const TITLE = 'Dev <script>alert(1)</script>';
const COMPANY = 'Acme & <Co>';

let database: IsolatedDatabase;
let ada: InProcessAccount;
let bob: InProcessAccount;
let server: TestSmtpServer;
let mailEnv: Record<string, string>;

async function idOf(result: Promise<{ code: number; stdout: string; stderr: string }>) {
  const done = await result;
  expect(done.code, done.stderr).toBe(0);
  return (JSON.parse(done.stdout) as { _id: string })._id;
}

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  ada = await inProcessAccount('Ada <Lovelace>', { dbUri: database.uri });
  bob = await inProcessAccount('Bob', { dbUri: database.uri });
  server = await smtpServer('ada-mail', SMTP_PASSWORD);
  mailEnv = {
    CAREER_SMTP_URL: `smtp://ada-mail@127.0.0.1:${server.port}`,
    CAREER_SMTP_FROM: 'Career <career@example.org>',
    CAREER_SMTP_PASSWORD: SMTP_PASSWORD,
  };
  await idOf(
    ada.run([
      '--json',
      'apply',
      'add',
      '--company',
      COMPANY,
      '--title',
      TITLE,
      '--status',
      'applied',
      '--date',
      'yesterday',
    ]),
  );
  const globex = await idOf(
    ada.run([
      '--json',
      'apply',
      'add',
      '--company',
      'Globex',
      '--title',
      'SRE',
      '--status',
      'interviewing',
      '--date',
      '3 days ago',
    ]),
  );
  const offer = await ada.run([
    'apply',
    'offer',
    globex,
    '--base',
    '72k',
    '--currency',
    'eur',
    '--deadline',
    'in 3 days',
  ]);
  expect(offer.code, offer.stderr).toBe(0);
  // Sent before the digest's week: not a new application.
  await idOf(
    ada.run([
      '--json',
      'apply',
      'add',
      '--company',
      'Initech',
      '--title',
      'Old',
      '--status',
      'applied',
      '--date',
      '20 days ago',
    ]),
  );
  await idOf(
    bob.run([
      '--json',
      'apply',
      'add',
      '--company',
      'Hooli',
      '--title',
      'Bob only',
      '--status',
      'applied',
      '--date',
      'today',
    ]),
  );
});

afterAll(async () => {
  await server?.close();
  await database?.close();
  removeTempDirs();
});

describe('career digest (printed)', () => {
  it('shows each user the week of their own data only', async () => {
    const text = await ada.run(['digest']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Your week in career: ');
    expect(text.stdout).toContain(`${TITLE} at ${COMPANY}  (applied)`);
    expect(text.stdout).toContain('Applications sent since');
    expect(text.stdout).toContain('SRE at Globex: 72,000 EUR a year, answer within 3 days');
    expect(text.stdout).not.toContain('Old at Initech');
    expect(text.stdout).not.toContain('Bob only');

    const adaJson = jsonOutput<DigestJson>(await ada.run(['--json', 'digest']));
    expect(adaJson.newApplications.map((each) => each.title)).toEqual(['SRE', TITLE]);
    expect(adaJson.offers).toMatchObject([
      { title: 'SRE', company: 'Globex', base: 72000, currency: 'EUR', daysLeft: 3 },
    ]);
    expect(adaJson.week.applications.done).toBeGreaterThanOrEqual(1);
    expect(adaJson.mail).toBeUndefined();

    const bobJson = jsonOutput<DigestJson>(await bob.run(['--json', 'digest']));
    expect(bobJson.newApplications.map((each) => each.title)).toEqual(['Bob only']);
    expect(bobJson.offers).toEqual([]);
    expect(JSON.stringify(bobJson)).not.toContain('Globex');
  });

  it('--since moves the start of the applications section', async () => {
    const older = jsonOutput<DigestJson>(
      await ada.run(['--json', 'digest', '--since', '30 days ago']),
    );
    expect(older.newApplications.map((each) => each.title)).toContain('Old');
    const future = await ada.run(['digest', '--since', 'next friday']);
    expect(future.code).toBe(2);
  });

  it('refuses the mail flags without --email', async () => {
    const result = await ada.run(['digest', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --to, --dry-run and --timeout go with --email');
  });
});

describe('career digest --email', () => {
  it('sends a multipart text + HTML mail, signed in, with the data escaped in the HTML', async () => {
    const before = server.received.length;
    const sent = await ada.run(['digest', '--email'], { env: mailEnv });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toBe(
      `✓ Sent the digest to ${ada.email} (through 127.0.0.1:${server.port})\n`,
    );
    const [mail] = (await settled(server, before + 1)).slice(before);
    expect(mail?.user).toBe('ada-mail');
    expect(mail?.envelopeTo).toEqual([ada.email]);
    expect(mail?.envelopeFrom).toBe('career@example.org');
    const parsed = mail!.parsed;
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(parsed.from?.value).toEqual([{ name: 'Career', address: 'career@example.org' }]);
    expect(parsed.subject).toMatch(/^Your week in career: \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d$/);
    expect(parsed.text).toContain(`${TITLE} at ${COMPANY}`);
    expect(parsed.text).toContain('For Ada <Lovelace>');
    const html = String(parsed.html);
    expect(html).toContain('Dev &lt;script&gt;alert(1)&lt;/script&gt; at Acme &amp; &lt;Co&gt;');
    expect(html).toContain('For Ada &lt;Lovelace&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('SRE at Globex: 72,000 EUR a year');
    expect(mail!.raw).not.toContain(SMTP_PASSWORD);
  });

  it('--to sends elsewhere; --json says what was sent', async () => {
    const before = server.received.length;
    const result = jsonOutput<DigestJson>(
      await ada.run(['--json', 'digest', '--email', '--to', 'coach@example.net'], { env: mailEnv }),
    );
    expect(result.mail).toMatchObject({
      sent: true,
      dryRun: false,
      to: 'coach@example.net',
      from: 'Career <career@example.org>',
    });
    expect(result.mail?.messageId).toMatch(/^<.+>$/);
    const [mail] = (await settled(server, before + 1)).slice(before);
    expect(mail?.envelopeTo).toEqual(['coach@example.net']);
    const bad = await ada.run(['digest', '--email', '--to', 'not an address'], { env: mailEnv });
    expect(bad.code).toBe(2);
  });

  it('--dry-run shows the headers and the text and sends nothing', async () => {
    const before = server.received.length;
    const dry = await ada.run(['digest', '--email', '--dry-run'], {
      env: {
        ...mailEnv,
        CAREER_SMTP_URL: `smtp://ada-mail:${SMTP_PASSWORD}@127.0.0.1:${server.port}`,
      },
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(
      `From: Career <career@example.org>\nTo: ${ada.email}\nSubject: Your week in career: `,
    );
    expect(dry.stderr).toContain(
      `dry run: nothing was sent to smtp://ada-mail:****@127.0.0.1:${server.port} (the HTML part is `,
    );
    expect(dry.stdout).toContain(`${TITLE} at ${COMPANY}`);
    expect(dry.stdout + dry.stderr).not.toContain(SMTP_PASSWORD);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.received.length).toBe(before);
  });

  it('takes the server, sender and password from the config file (the variable still wins)', async () => {
    const before = server.received.length;
    await ada.run(['config', 'set', 'smtp.url', `smtp://ada-mail@127.0.0.1:${server.port}`]);
    await ada.run(['config', 'set', 'smtp.from', 'career@example.org']);
    const stored = await ada.run(['config', 'set', 'smtp.password'], {
      stdin: `${SMTP_PASSWORD}\n`,
    });
    expect(stored.stdout).toBe('✓ Set smtp.password to ********\n');
    const sent = await ada.run(['digest', '--email']);
    expect(sent.code, sent.stderr).toBe(0);
    await settled(server, before + 1);
    const wrongWins = await ada.run(['digest', '--email'], {
      env: { CAREER_SMTP_PASSWORD: 'nope' },
    });
    expect(wrongWins.code).toBe(11);
    for (const key of ['smtp.url', 'smtp.from', 'smtp.password'])
      await ada.run(['config', 'unset', key]);
  });

  it('sends nothing when email updates are off, and says why', async () => {
    await bob.run(['profile', 'update', '--no-email-updates']);
    const before = server.received.length;
    const result = await bob.run(['digest', '--email'], { env: mailEnv });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('nothing was sent: email updates are off in your profile');
    const json = jsonOutput<DigestJson>(
      await bob.run(['--json', 'digest', '--email'], { env: mailEnv }),
    );
    expect(json.mail).toEqual({ sent: false, dryRun: false, reason: 'email-updates-off' });
    expect(server.received.length).toBe(before);
  });

  it('says what to set when the server, the sender or the password is missing', async () => {
    const noServer = await ada.run(['digest', '--email']);
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toContain('error: no mail server is set');
    const noSender = await ada.run(['digest', '--email'], {
      env: { CAREER_SMTP_URL: mailEnv.CAREER_SMTP_URL! },
    });
    expect(noSender.stderr).toContain('error: no sender is set for the mail');
    const { CAREER_SMTP_PASSWORD: _password, ...withoutPassword } = mailEnv;
    const noPassword = await ada.run(['digest', '--email'], { env: withoutPassword });
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain(
      `error: the mail server 127.0.0.1:${server.port} needs a password for ada-mail`,
    );
    expect(noPassword.stderr).toContain('CAREER_SMTP_PASSWORD');
  });

  it('a wrong password is exit 11, never printed, not even with --debug', async () => {
    const wrong = 'wrong-Pa55word';
    const result = await ada.run(['--debug', 'digest', '--email'], {
      env: { ...mailEnv, CAREER_SMTP_PASSWORD: wrong },
    });
    expect(result.code).toBe(11);
    expect(result.stderr).toMatch(
      new RegExp(
        `^error: the mail server 127\\.0\\.0\\.1:${server.port} refused the sign-in: 535 `,
      ),
    );
    expect(result.stderr).toContain('caused by:');
    expect(result.stderr).not.toContain(wrong);
    expect(result.stderr).not.toContain(Buffer.from(wrong).toString('base64'));
    const inUrl = await ada.run(['--debug', 'digest', '--email'], {
      env: { ...mailEnv, CAREER_SMTP_URL: `smtp://ada-mail:${wrong}@127.0.0.1:${server.port}` },
    });
    expect(inUrl.code).toBe(11);
    expect(inUrl.stderr).not.toContain(wrong);
  });

  it('a refused connection is exit 10; a server that never answers is exit 12', async () => {
    const port = await refusedPort();
    const refused = await ada.run(['digest', '--email'], {
      env: { ...mailEnv, CAREER_SMTP_URL: `smtp://ada-mail@127.0.0.1:${port}` },
    });
    expect(refused.code).toBe(10);
    expect(refused.stderr).toBe(
      `error: could not reach the mail server 127.0.0.1:${port} (ECONNREFUSED)\n` +
        'hint: check the server URL (CAREER_SMTP_URL or smtp.url) and that the server is up\n',
    );
    const silent = await silentServer();
    try {
      const env = { ...mailEnv, CAREER_SMTP_URL: `smtp://ada-mail@127.0.0.1:${silent.port}` };
      const timedOut = await ada.run(['digest', '--email', '--timeout', '300'], { env });
      expect(timedOut.code).toBe(12);
      expect(timedOut.stderr.split('\n')[0]).toBe(
        `error: the mail server 127.0.0.1:${silent.port} did not answer within 300 ms`,
      );
      const configured = await ada.run(['digest', '--email'], {
        env: { ...env, CAREER_SMTP_TIMEOUT_MS: '200' },
      });
      expect(configured.code).toBe(12);
      expect(configured.stderr).toContain('did not answer within 200 ms');
    } finally {
      await silent.close();
    }
  });
});
