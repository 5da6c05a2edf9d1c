// `career digest --email` as a child process (the built CLI): the exit codes a script
// branches on, end to end: 0 sent, 10 unreachable, 11 sign-in refused, 12 no answer in time,
// each failure one line and a hint on stderr, and the password nowhere in the output.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedInAccount, type TestAccount } from '../helpers/accounts.js';
import {
  refusedPort,
  settled,
  silentServer,
  smtpServer,
  type TestSmtpServer,
} from '../helpers/smtp.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const PASSWORD = 'process-Mail-pw';
let ada: TestAccount;
let server: TestSmtpServer;

beforeAll(async () => {
  ada = await signedInAccount('Ada Lovelace');
  server = await smtpServer('ada', PASSWORD);
});

afterAll(async () => {
  await server?.close();
  removeTempDirs();
});

function env(url: string, password = PASSWORD): Record<string, string> {
  return {
    CAREER_SMTP_URL: url,
    CAREER_SMTP_FROM: 'career@example.org',
    CAREER_SMTP_PASSWORD: password,
  };
}

describe('career digest --email (child process)', () => {
  it('exits 0 once the server took the mail', async () => {
    const result = await ada.run(['digest', '--email'], {
      env: env(`smtp://ada@127.0.0.1:${server.port}`),
    });
    expect(result.code, result.stderr).toBe(0);
    const [mail] = await settled(server, 1);
    expect(mail?.envelopeTo).toEqual([ada.email]);
    expect(mail?.parsed.html).toContain('Your week in career');
  });

  it('exits 10, 11 and 12 for refused, wrong password and silence, in one line each', async () => {
    const silent = await silentServer();
    try {
      const refused = await ada.run(['digest', '--email'], {
        env: env(`smtp://ada@127.0.0.1:${await refusedPort()}`),
      });
      const wrong = await ada.run(['digest', '--email'], {
        env: env(`smtp://ada@127.0.0.1:${server.port}`, 'wrong-Secret-1'),
      });
      const quiet = await ada.run(['digest', '--email', '--timeout', '300'], {
        env: env(`smtp://ada@127.0.0.1:${silent.port}`),
      });
      expect([refused.code, wrong.code, quiet.code]).toEqual([10, 11, 12]);
      for (const result of [refused, wrong, quiet]) {
        const lines = result.stderr.trim().split('\n');
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatch(/^error: /);
        expect(lines[1]).toMatch(/^hint: /);
        expect(result.stdout).toBe('');
        expect(result.stderr).not.toContain('Secret-1');
        expect(result.stderr).not.toContain(PASSWORD);
      }
    } finally {
      await silent.close();
    }
  });
});
