// A long listing ends at once when told to (issue 17, part 2): SIGTERM in a pipe and Ctrl-C at
// a terminal stop `contact list --limit 20000` while it prints, with the signal's own exit
// (143 / 130 in a shell). Before, working out the short ids and laying the table out took
// minutes for 20,000 rows, and the signals waited for it. Bounds here only stop a stuck test.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedInAccount, type TestAccount } from '../helpers/accounts.js';
import { seedContacts } from '../helpers/contacts-dataset.js';
import { keys, startInTerminal } from '../helpers/pseudo-terminal.js';
import { spawnCli } from '../helpers/run-cli.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });
afterAll(removeTempDirs);

const CONTACTS = 20_000;
/** How long a signalled command may take to end before the test calls it stuck. */
const STUCK_MS = 15_000;

let ada: TestAccount;

beforeAll(async () => {
  ada = await signedInAccount();
  await seedContacts(ada.home, ada.email, CONTACTS);
});

describe('a long contact list', () => {
  it('ends on SIGTERM in the middle of its output to a pipe', async () => {
    const listing = spawnCli(['contact', 'list', '--limit', String(CONTACTS)], { home: ada.home });
    await listing.waitForStdout(/Person 000000/, 240_000);
    // Nobody reads the pipe any more: the listing waits with most of its rows unwritten.
    listing.child.stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(listing.child.exitCode).toBeNull();
    listing.child.kill('SIGTERM');
    const stuck = setTimeout(() => listing.child.kill('SIGKILL'), STUCK_MS);
    const { code, signal } = await listing.exited;
    clearTimeout(stuck);
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(listing.stdout()).not.toContain(`Person ${String(CONTACTS - 1).padStart(6, '0')}`);
  });

  it('ends on Ctrl-C at a terminal with exit code 130', async () => {
    const term = startInTerminal(['contact', 'list', '--limit', String(CONTACTS)], {
      home: ada.home,
      columns: 120,
      timeoutMs: 240_000,
    });
    await term.waitFor(/Person 000000/, 240_000);
    term.type(keys.ctrlC);
    const { code, screen } = await term.finished;
    expect(code, screen.slice(-500)).toBe(130);
  });

  it('prints every row, once, in a pipe when left alone', async () => {
    const listed = await ada.run(['contact', 'list', '--limit', String(CONTACTS)], {
      timeoutMs: 240_000,
    });
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(CONTACTS);
    expect(new Set(lines.map((line) => line.split('\t')[0])).size).toBe(CONTACTS);
  });
});
