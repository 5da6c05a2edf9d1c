// `career init` (and `career profile setup`) without a terminal: everything from flags.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TEST_PASSWORD } from '../helpers/accounts.js';
import { runInProcess } from '../helpers/in-process.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

const ALL_FLAGS = [
  '--title',
  'Staff Engineer',
  '--company',
  'Acme',
  '--goal',
  'promotion',
  '--timeframe',
  '6-months',
  '--networking',
  'high',
  '--skills',
  'TypeScript, MongoDB,TypeScript',
  '--no-notifications',
  '--no-email-updates',
];

describe('career init', () => {
  it('creates the account from flags alone and signs in; run again, it updates the profile', async () => {
    const home = makeTempDir('career-init-');
    const created = await runInProcess(
      ['--json', 'init', '--name', 'Grace Hopper', '--email', 'grace@example.com', ...ALL_FLAGS],
      { home, env: { CAREER_PASSWORD: TEST_PASSWORD } },
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).not.toContain(TEST_PASSWORD);
    const user = JSON.parse(created.stdout) as Record<string, unknown>;
    expect(user).toMatchObject({
      name: 'Grace Hopper',
      email: 'grace@example.com',
      currentTitle: 'Staff Engineer',
      currentCompany: 'Acme',
      goalType: 'promotion',
      timeframe: '6-months',
      networkingIntensity: 'high',
      skills: ['TypeScript', 'MongoDB'],
      preferences: { notifications: false, emailUpdates: false },
    });
    expect(user).not.toHaveProperty('password');

    const [whoami, updated, nothing] = await Promise.all([
      runInProcess(['auth', 'whoami'], { home }),
      runInProcess(['--json', 'profile', 'setup', '--title', 'Principal Engineer'], { home }),
      runInProcess(['init'], { home }),
    ]);
    expect(whoami.stdout).toContain('grace@example.com');
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({
      _id: user._id,
      currentTitle: 'Principal Engineer',
      goalType: 'promotion',
    });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('already signed in as grace@example.com');
  });

  it('names the missing flag when there is no terminal, and writes nothing', async () => {
    const home = makeTempDir('career-init-');
    const [noEmail, noName, noPassword, badTimeframe] = await Promise.all([
      runInProcess(['init', '--name', 'Grace'], { home, env: { CAREER_PASSWORD: TEST_PASSWORD } }),
      runInProcess(['init', '--email', 'g@example.com'], {
        home,
        env: { CAREER_PASSWORD: TEST_PASSWORD },
      }),
      runInProcess(['init', '--name', 'Grace', '--email', 'g@example.com'], { home }),
      runInProcess(['init', '--name', 'G', '--email', 'g@example.com', '--timeframe', 'soon'], {
        home,
        env: { CAREER_PASSWORD: TEST_PASSWORD },
      }),
    ]);
    expect(noEmail.code).toBe(2);
    expect(noEmail.stderr).toContain('--email');
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('--name');
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('--password-stdin');
    expect(badTimeframe.code).toBe(2);
    expect(badTimeframe.stderr).toContain('3-months, 6-months, 1-year');

    // Nothing was created: the email is still free.
    const later = await runInProcess(
      ['init', '--name', 'Grace', '--email', 'g@example.com', '--password-stdin'],
      {
        home,
        stdin: `${TEST_PASSWORD}\n`,
      },
    );
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout).toContain('Created the account g@example.com');
  });

  it("checks a flag's email before anything else, in the words of the flag", async () => {
    const home = makeTempDir('career-init-');
    await runInProcess(['init', '--name', 'Grace', '--email', 'grace@example.com'], {
      home,
      env: { CAREER_PASSWORD: TEST_PASSWORD },
    });
    await runInProcess(['auth', 'logout'], { home });
    // No password and no name either: the email is what is wrong, so it is said first.
    const [bad, taken] = await Promise.all([
      runInProcess(['init', '--email', 'grace'], { home }),
      runInProcess(['init', '--email', 'Grace@Example.com'], { home }),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("error: --email: 'grace' is not an email address\n");
    expect(taken.code).toBe(5);
    expect(taken.stderr).toContain(
      'error: an account with the email grace@example.com already exists\n' +
        'hint: sign in with `career auth login --email grace@example.com`',
    );
  });
});
