// The pseudo-terminal helper itself: the program sees a terminal of the given width, keys
// typed reach it, Ctrl+C is a SIGINT, and the exit code and output come back.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { keys, startInTerminal } from '../helpers/pseudo-terminal.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

describe('startInTerminal', () => {
  it('runs the CLI at the width asked for and returns its exit code and output', async () => {
    const term = startInTerminal(['--help'], { columns: 50 });
    const { code, screen } = await term.finished;
    expect(code).toBe(0);
    expect(screen).toContain('Usage: career');
    // Commander wraps the description to the terminal's width (50 columns, not 80).
    expect(screen).toContain('Track your career: applications, contacts,\nlearning and a coach.');
    expect(screen).not.toMatch(/\x1b|\r/); // eslint-disable-line no-control-regex
  });

  it('types keys at prompts and passes Ctrl+C on as an interrupt', async () => {
    const term = startInTerminal(['init']);
    await term.answer(/Your name/, 'Ada' + keys.enter);
    await term.waitFor(/Email/);
    expect(term.screen()).toContain('Ada');
    term.type(keys.ctrlC);
    const { code } = await term.finished;
    expect(code).toBe(130);
  });
});
