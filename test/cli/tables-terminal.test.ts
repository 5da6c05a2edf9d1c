// Tables that fit, through a real pseudo-terminal (issue 12, bullet 3): the width the built CLI
// reads from its terminal (not an injected one) bounds every line, and the long title is cut.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import stringWidth from 'string-width';
import { inProcessAccount, type InProcessAccount } from '../helpers/in-process.js';
import { startInTerminal } from '../helpers/pseudo-terminal.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

const LONG_TITLE = `Principal ${'Distinguished '.repeat(22)}Engineer`;

let ada: InProcessAccount;

beforeAll(async () => {
  ada = await inProcessAccount();
  const added = await ada.run([
    'apply',
    'add',
    '--company',
    '🚀 株式会社テスト Rocket Labs',
    '--title',
    LONG_TITLE,
    '--status',
    'applied',
    '--date',
    '2026-11-02',
  ]);
  expect(added.code, added.stderr).toBe(0);
});

describe('apply list at a real terminal', () => {
  for (const columns of [60, 100]) {
    it(`fits a ${columns}-column terminal and cuts the long title with …`, async () => {
      const term = startInTerminal(['apply', 'list'], { columns, home: ada.home });
      const { code, screen } = await term.finished;
      expect(code, screen).toBe(0);
      const lines = screen.split('\n').filter((line) => line.trim() !== '');
      expect(lines.some((line) => line.includes('2026-11-02'))).toBe(true);
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
      expect(screen).toContain('…');
      expect(screen).not.toContain(LONG_TITLE);
    });
  }
});
