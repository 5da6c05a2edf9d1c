// `career job add --from-url` as a child process (the built CLI): the exit code of each way a
// page can fail, end to end, against a local server; and a saved page on stdin.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobAddJson } from '../../src/commands/job/add.js';
import { signedInAccount, type TestAccount } from '../helpers/accounts.js';
import {
  closedPortUrl,
  postingText,
  startPostingServer,
  type PostingServer,
} from '../helpers/posting-server.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

let server: PostingServer;
let ada: TestAccount;

beforeAll(async () => {
  server = await startPostingServer();
  ada = await signedInAccount('Ada');
});

afterAll(async () => {
  await server?.close();
  removeTempDirs();
});

describe('career job add --from-url in a child process', () => {
  it('exits 0 with the job, and 3, 12, 13, 14 or 2 with one error line', async () => {
    const added = await ada.run([
      'job',
      'add',
      '--json',
      '--from-url',
      server.url('/postings/greenhouse-like.html'),
    ]);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout) as JobAddJson).toMatchObject({
      company: 'Initech',
      salary: { min: 70000, max: 90000 },
    });
    const cases: Array<[args: string[], code: number]> = [
      [['--from-url', server.url('/postings/no-posting.html')], 3],
      [['--from-url', server.url('/silent'), '--timeout', '0.5'], 12],
      [['--from-url', server.url('/loop/a')], 13],
      [['--from-url', server.url('/endless')], 13],
      [['--from-url', server.url('/json')], 13],
      [['--from-url', await closedPortUrl()], 14],
      [['--from-url', 'file:///etc/passwd'], 2],
    ];
    for (const [args, code] of cases) {
      const result = await ada.run(['job', 'add', ...args]);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr, args.join(' ')).toMatch(/^error: [^\n]+\n(hint: [^\n]+\n)?$/);
      expect(result.stdout, args.join(' ')).toBe('');
    }
  });

  it('reads a saved page from stdin with --from-file -', async () => {
    const result = await ada.run(['job', 'add', '--from-file', '-'], {
      input: postingText('several-scripts.html'),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^✓ Added job [0-9a-f]{8,}: Site Reliability Engineer at Hooli\nRead from stdin \(schema\.org JobPosting\): company, title, location, salary, employment type, description\.\n$/,
    );
  });
});
