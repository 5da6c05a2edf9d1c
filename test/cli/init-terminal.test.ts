// `career init` at a real terminal (a pseudo-terminal running dist/): every answer is checked
// at its own prompt and asked again when wrong, errors name the question (the person typed no
// flag), and Ctrl+C at any question creates nothing and exits 130 with one line.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TEST_PASSWORD } from '../helpers/accounts.js';
import { runInProcess } from '../helpers/in-process.js';
import { keys, startInTerminal, type TerminalSession } from '../helpers/pseudo-terminal.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

/** The profile questions after the password, each kept at its default. */
async function keepProfileDefaults(term: TerminalSession): Promise<void> {
  for (const question of [
    /job title/,
    /company/,
    /goal/,
    /Timeframe/,
    /Networking/,
    /Skills/,
    /Notifications/,
    /Email updates/,
  ]) {
    await term.answer(question, keys.enter);
  }
}

describe('career init at a terminal', () => {
  it('asks each wrong answer again at its own prompt, keeping the others', async () => {
    const home = makeTempDir('career-wizard-');
    const taken = await runInProcess(
      ['auth', 'register', '--name', 'Taken', '--email', 'taken@example.com'],
      { home, env: { CAREER_PASSWORD: TEST_PASSWORD } },
    );
    expect(taken.code, taken.stderr).toBe(0);
    await runInProcess(['auth', 'logout'], { home });

    const term = startInTerminal(['init'], { home, columns: 200 });
    await term.answer(/Your name:/, 'Ada Lovelace' + keys.enter);
    await term.answer(/Email \(you sign in with it\):/, 'ada' + keys.enter);
    await term.waitFor(/Email \(you sign in with it\): 'ada' is not an email address/);
    // The answer stays in the prompt: clear it and type another.
    term.type(keys.backspace.repeat(3) + 'TAKEN@example.com' + keys.enter);
    await term.waitFor(/an account with the email taken@example\.com already exists/);
    term.type(keys.backspace.repeat(17) + 'ada@example.com' + keys.enter);
    await term.answer(/Password:/, 'short' + keys.enter);
    await term.waitFor(/the password must be at least 8 characters long/);
    term.type('-and-longer' + keys.enter);
    await term.answer(/Password again:/, 'something else' + keys.enter);
    await term.waitFor(/the two passwords do not match; type both again/);
    await term.answer(/Password:/, TEST_PASSWORD + keys.enter);
    await term.answer(/Password again:/, TEST_PASSWORD + keys.enter);
    await keepProfileDefaults(term);
    const { code, screen } = await term.finished;
    expect(code, screen).toBe(0);
    expect(screen).toContain('Created the account ada@example.com for Ada Lovelace');
    // No flag was typed, so errors name none (the hint to sign in is a command to run).
    expect(screen).toContain('(sign in with `career auth login --email taken@example.com`)');
    expect(screen.replaceAll('login --email', '')).not.toContain('--email');

    const whoami = await runInProcess(['--json', 'auth', 'whoami'], { home });
    expect(JSON.parse(whoami.stdout)).toMatchObject({ email: 'ada@example.com' });
    const login = await runInProcess(['auth', 'login', '--email', 'ada@example.com'], {
      home,
      env: { CAREER_PASSWORD: TEST_PASSWORD },
    });
    expect(login.code, login.stderr).toBe(0);
  });

  // Ctrl+C at a text prompt, at the masked password, at a list and at a yes/no question.
  const stops: Array<[string, (term: TerminalSession) => Promise<void>]> = [
    ['the name', (term) => term.waitFor(/Your name:/).then(() => undefined)],
    [
      'the second password',
      async (term) => {
        await term.answer(/Your name:/, 'Ada' + keys.enter);
        await term.answer(/Email/, 'ada@example.com' + keys.enter);
        await term.answer(/Password:/, TEST_PASSWORD + keys.enter);
        await term.waitFor(/Password again:/);
      },
    ],
    [
      'the last question',
      async (term) => {
        await term.answer(/Your name:/, 'Ada' + keys.enter);
        await term.answer(/Email/, 'ada@example.com' + keys.enter);
        await term.answer(/Password:/, TEST_PASSWORD + keys.enter);
        await term.answer(/Password again:/, TEST_PASSWORD + keys.enter);
        for (const question of [/job title/, /company/, /goal/, /Timeframe/, /Networking/]) {
          await term.answer(question, keys.enter);
        }
        await term.answer(/Skills/, 'go' + keys.enter);
        await term.answer(/Notifications/, keys.enter);
        await term.waitFor(/Email updates/);
      },
    ],
  ];

  it.each(stops)('creates nothing when Ctrl+C is pressed at %s', async (_where, reach) => {
    const home = makeTempDir('career-wizard-');
    const term = startInTerminal(['init'], { home });
    await reach(term);
    term.type(keys.ctrlC);
    const { code, screen } = await term.finished;
    expect(code, screen).toBe(130);
    // One line, at the end.
    expect(screen.trimEnd().split('\n').at(-1)).toBe('error: cancelled');
    expect(screen.match(/error:/g)).toHaveLength(1);

    expect(existsSync(path.join(home, 'config.json'))).toBe(false);
    const whoami = await runInProcess(['auth', 'whoami'], { home });
    expect(whoami.code).toBe(6);
    // The email is free: no account was made with it.
    const again = await runInProcess(
      ['init', '--name', 'Ada', '--email', 'ada@example.com', '--goal', 'new-job'],
      { home, env: { CAREER_PASSWORD: TEST_PASSWORD } },
    );
    expect(again.code, again.stderr).toBe(0);
  });
});
