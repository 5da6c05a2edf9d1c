// The in-process harness itself (test/helpers/in-process.ts): runs one after the other in one
// file and one home each open and close their own database, leave no Mongoose connection
// open, and each get their own io (colour, terminal, width) and exit code.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inProcessAccount, openConnections, runInProcess } from '../helpers/in-process.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

afterAll(removeTempDirs);

const BOLD_ID = '\x1b[1mId\x1b[22m';

describe('runInProcess', () => {
  it('runs commands one after the other in one home, closing every connection', async () => {
    const ada = await inProcessAccount('Ada');
    expect(openConnections()).toBe(0);
    const added = await ada.run(['job', 'add', '--company', 'ACME', '--title', 'Engineer']);
    expect(added).toMatchObject({ code: 0, stderr: '', home: ada.home });
    expect(added.stdout).toMatch(/^✓ Added job [0-9a-f]{8}: Engineer at ACME\n$/);
    expect(openConnections()).toBe(0);
    const listed = await ada.run(['job', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ company: 'ACME' }]);
    expect(openConnections()).toBe(0);
  });

  it('returns the exit code and captures errors, without exiting the process', async () => {
    const unknown = await runInProcess(['job', 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('hint: run `career job --help` for usage');
    const signedOut = await runInProcess(['job', 'list']);
    expect(signedOut.code).toBe(6);
    expect(signedOut.stderr).toMatch(/^error: not signed in\n/);
    expect(openConnections()).toBe(0);
    const version = await runInProcess(['--version']);
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('gives each run its own io: colour at a terminal, none in a pipe or with --no-color', async () => {
    const ada = await inProcessAccount('Ada');
    await ada.run(['job', 'add', '--company', 'ACME', '--title', 'Engineer']);
    const terminal = { tty: true, columns: 100, env: { NO_COLOR: '' } };
    const coloured = await ada.run(['job', 'list'], terminal);
    expect(coloured.stdout).toContain(BOLD_ID);
    // The run before had colour: this one, in a pipe, has none (no state carried over).
    const piped = await ada.run(['job', 'list'], { env: { NO_COLOR: '' } });
    expect(piped.stdout).toMatch(/^[0-9a-f]{8,}\tACME\tEngineer\t/);
    expect(piped.stdout).not.toContain('\x1b[');
    const flagged = await ada.run(['job', 'list', '--no-color'], terminal);
    expect(flagged.stdout).not.toContain('\x1b[');
    expect((await ada.run(['job', 'list'], terminal)).stdout).toContain(BOLD_ID);
  });
});
