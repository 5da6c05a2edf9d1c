// `career apply board` end to end on the seeded dataset (test/helpers/insights-seed.ts): one
// column per status in pipeline order, cards newest first, --limit with "+K more", and no
// line wider than the terminal, wide characters and emoji included.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import stringWidth from 'string-width';
import type { ApplyBoardJson } from '../../src/commands/apply/board.js';
import { inProcessAccount, type InProcessAccount } from '../helpers/in-process.js';
import { insightsFixture, type InsightsFixture } from '../helpers/insights-seed.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let fixture: InsightsFixture<InProcessAccount>;

beforeAll(async () => {
  // Ada runs in this process (test/helpers/in-process.ts).
  fixture = await insightsFixture(inProcessAccount);
});

afterAll(async () => {
  await fixture.close();
  removeTempDirs();
});

const hex = (name: string): string => {
  const id = fixture.ids[name];
  if (!id) throw new Error(`no seeded id ${name}`);
  return id.toHexString();
};

describe('career apply board', () => {
  it('prints {status: [cards]} in pipeline order, newest first (--json)', async () => {
    const result = await fixture.ada.run(['apply', 'board', '--json']);
    expect(result.code).toBe(0);
    const board = JSON.parse(result.stdout) as ApplyBoardJson;
    expect(Object.keys(board)).toEqual(['toApply', 'applied', 'interviewing', 'offer', 'rejected']);
    const summary = Object.fromEntries(
      Object.entries(board).map(([status, cards]) => [
        status,
        cards.map((card) => [card._id, card.company ?? null, card.title ?? null]),
      ]),
    );
    expect(summary).toEqual({
      // A1 points at another user's job: joined to nothing, never to that job.
      toApply: [
        [hex('A2'), 'Globex', 'Platform Engineer'],
        [hex('A1'), null, null],
      ],
      applied: [[hex('A3'), '株式会社テスト', 'データエンジニア']],
      interviewing: [
        [hex('A8'), 'ACME', 'Backend Engineer'],
        [
          hex('A4'),
          '🚀 Rocket Labs',
          'Senior Staff Principal Distinguished Engineer of Everything',
        ],
      ],
      offer: [
        [hex('A9'), 'Initech', 'TPS Report Analyst'],
        [hex('A5'), 'ACME', 'Backend Engineer'],
      ],
      rejected: [
        [hex('A7'), 'Globex', 'Platform Engineer'],
        [hex('A6'), 'Initech', 'TPS Report Analyst'],
      ],
    });
    expect(result.stdout).not.toContain('EvilCorp');

    const limited = await fixture.ada.run(['apply', 'board', '--json', '--limit', '1']);
    const firstOnly = JSON.parse(limited.stdout) as ApplyBoardJson;
    expect(Object.values(firstOnly).map((cards) => cards.map((card) => card._id))).toEqual([
      [hex('A2')],
      [hex('A3')],
      [hex('A8')],
      [hex('A9')],
      [hex('A7')],
    ]);
  });

  it('fits every line to the terminal, side by side when wide, wrapped when narrow', async () => {
    const sizes = [120, 60, 30];
    // One after the other: in-process runs take turns anyway.
    const runs = [];
    for (const columns of sizes) {
      runs.push(await fixture.ada.run(['apply', 'board'], { env: { COLUMNS: String(columns) } }));
    }
    runs.push(
      await fixture.ada.run(['apply', 'board', '--limit', '1'], { env: { COLUMNS: '120' } }),
    );
    const [wide, medium, narrow, limited] = runs.map((result, index) => {
      expect(result.code).toBe(0);
      const lines = result.stdout.replace(/\n$/, '').split('\n');
      const columns = sizes[index] ?? 120;
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
      return lines;
    }) as [string[], string[], string[], string[]];

    // 120 columns: all five statuses on the first line, with their counts.
    expect(wide[0]).toMatch(
      /^toApply \(2\)\s+│ applied \(1\)\s+│ interviewing \(2\)\s+│ offer \(2\)\s+│ rejected \(2\)$/,
    );
    // Wide characters count two columns each: cut, with an ellipsis, to fit 21 columns.
    expect(wide.join('\n')).toContain(`${hex('A3').slice(0, 8)} 株式会社テ…`);
    expect(wide.join('\n')).toContain('  Senior Staff Princ…');
    expect(wide.join('\n')).not.toContain('more');
    expect(limited.join('\n')).toContain('+1 more');
    expect(limited.join('\n')).not.toContain('Senior Staff');

    // 60 columns: three columns, then the other two on a further row.
    expect(medium[0]).toMatch(/^toApply \(2\)\s+│ applied \(1\)\s+│ interviewing \(2\)$/);
    const secondRow = medium.findIndex((line) => line.startsWith('offer (2)'));
    expect(secondRow).toBeGreaterThan(0);
    expect(medium[secondRow - 1]).toBe('');
    expect(medium[secondRow]).toMatch(/^offer \(2\)\s+│ rejected \(2\)$/);

    // 30 columns: one column per row, stacked.
    const headers = narrow.filter((line) => /^\w+ \(\d+\)$/.test(line));
    expect(headers).toEqual([
      'toApply (2)',
      'applied (1)',
      'interviewing (2)',
      'offer (2)',
      'rejected (2)',
    ]);
    expect(narrow.join('\n')).not.toContain('│');
    expect(narrow.join('\n')).toContain(`${hex('A4').slice(0, 8)} 🚀 Rocket Labs`);
    expect(narrow.join('\n')).toContain(`${hex('A3').slice(0, 8)} 株式会社テスト`);
  });

  it('rejects a bad --limit', async () => {
    const result = await fixture.ada.run(['apply', 'board', '--limit', 'lots']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--limit must be a whole number/);
  });
});
