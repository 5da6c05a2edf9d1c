// Lists that say they are cut (issue 12, bullet 7): "Showing 1-2 of 3 jobs; --page 2 for
// more" under a page at a terminal (stderr; nothing in pipes or --json), and a page past the
// end says how many pages there are instead of "No jobs found".
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inProcessAccount, type InProcessAccount } from '../helpers/in-process.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let ada: InProcessAccount;

beforeAll(async () => {
  ada = await inProcessAccount();
  for (const company of ['Alpha', 'Beta', 'Gamma']) {
    const added = await ada.run(['apply', 'add', '--company', company, '--title', 'Engineer']);
    expect(added.code, added.stderr).toBe(0);
  }
});

afterAll(() => removeTempDirs());

describe('paged lists', () => {
  it('say at a terminal which records a page shows and how to see more', async () => {
    const first = await ada.run(['job', 'list', '--limit', '2'], { tty: true, columns: 100 });
    expect(first.stderr).toContain('Showing 1-2 of 3 jobs; --page 2 for more');
    const last = await ada.run(['job', 'list', '--limit', '2', '--page', '2'], { tty: true });
    expect(last.stderr).toContain('Showing 3-3 of 3 jobs (the last page)');
    const whole = await ada.run(['job', 'list'], { tty: true });
    expect(whole.stderr).not.toContain('Showing');
    // Sorted in memory (by the job's company) or in the database, the same words.
    const sorted = await ada.run(['apply', 'list', '--limit', '1', '--sort', 'company'], {
      tty: true,
    });
    expect(sorted.stderr).toContain('Showing 1-1 of 3 applications; --page 2 for more');
  });

  it('say nothing extra in a pipe or with --json', async () => {
    const piped = await ada.run(['job', 'list', '--limit', '2']);
    expect(piped.stderr).toBe('');
    expect(piped.stdout.trimEnd().split('\n')).toHaveLength(2);
    const json = await ada.run(['job', 'list', '--limit', '2', '--json'], { tty: true });
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toHaveLength(2);
  });

  it('say how many pages there are for a page past the end', async () => {
    for (const [args, noun] of [
      [['job', 'list'], 'jobs'],
      [['apply', 'list'], 'applications'],
    ] as const) {
      const past = await ada.run([...args, '--limit', '2', '--page', '99']);
      expect(past.code).toBe(0);
      expect(past.stdout).toBe('');
      expect(past.stderr).toContain(`Page 99 is past the end: 2 pages of 3 ${noun}`);
      expect(past.stderr).not.toContain('Add one');
      const json = await ada.run([...args, '--limit', '2', '--page', '99', '--json']);
      expect(JSON.parse(json.stdout)).toEqual([]);
    }
  });
});
