// `career profile delete` at a terminal asks the person to type the account's email (as
// `gh repo delete` asks for the repository's name): a "y" or a wrong email deletes nothing.
// Scripts pass --yes (test/cli/profile.test.ts).
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TEST_PASSWORD } from '../helpers/accounts.js';
import { runInProcess } from '../helpers/in-process.js';
import { keys, startInTerminal } from '../helpers/pseudo-terminal.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

async function deleteTyping(home: string, typed: string): Promise<string> {
  const term = startInTerminal(['profile', 'delete'], { home, columns: 200 });
  await term.answer(/Type ada@example\.com to delete it:/, typed + keys.enter);
  const { code, screen } = await term.finished;
  expect(code, screen).toBe(0);
  return screen;
}

describe('career profile delete at a terminal', () => {
  it('deletes only once the email is typed', async () => {
    const home = makeTempDir('career-delete-');
    const created = await runInProcess(
      ['init', '--name', 'Ada', '--email', 'ada@example.com', '--goal', 'new-job'],
      { home, env: { CAREER_PASSWORD: TEST_PASSWORD } },
    );
    expect(created.code, created.stderr).toBe(0);
    await runInProcess(['job', 'add', '--company', 'ACME', '--title', 'Engineer'], { home });

    for (const typed of ['y', 'yes', 'ada@example.org']) {
      const screen = await deleteTyping(home, typed);
      expect(screen).toContain('this deletes the account ada@example.com and all its data');
      expect(screen).toContain('Nothing was deleted.');
      expect((await runInProcess(['auth', 'whoami'], { home })).code).toBe(0);
    }

    const screen = await deleteTyping(home, ' ADA@example.com ');
    expect(screen).toContain('Deleted the account and its 1 job, 0 applications');
    expect((await runInProcess(['auth', 'whoami'], { home })).code).toBe(6);
  });
});
