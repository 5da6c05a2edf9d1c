// A new account's stats, agenda and board say what to do first instead of printing zeros;
// --json is the same as ever; once something is tracked, the usual output is back.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inProcessAccount } from '../helpers/in-process.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

const FIRST_STEPS =
  ' Start with:\n' +
  '  career apply add --company ACME --title Engineer\n' +
  '  career contact add --name "Grace Hopper"\n' +
  '  career learn add --title "..." --type course\n';

describe('a new account', () => {
  it('is told what to do first by stats, agenda and board', async () => {
    const ada = await inProcessAccount();
    const [stats, agenda, today, board, statsJson, agendaJson] = await Promise.all([
      ada.run(['stats']),
      ada.run(['agenda']),
      ada.run(['today']),
      ada.run(['apply', 'board']),
      ada.run(['--json', 'stats']),
      ada.run(['--json', 'agenda']),
    ]);
    expect(stats).toMatchObject({ code: 0, stdout: `Nothing to count yet.${FIRST_STEPS}` });
    expect(agenda).toMatchObject({ code: 0, stdout: `Nothing on your agenda yet.${FIRST_STEPS}` });
    expect(today.stdout).toBe(agenda.stdout);
    expect(board.stdout).toBe('No applications yet.\n');
    expect(board.stderr).toContain('career apply add --company');
    // --json keeps its shape, zeros and all.
    const counted = JSON.parse(statsJson.stdout) as {
      funnel: { stages: Array<{ count: number }> };
    };
    expect(counted.funnel.stages.map((stage) => stage.count)).toEqual([0, 0, 0, 0]);
    expect(JSON.parse(agendaJson.stdout)).toMatchObject({ items: [] });

    await ada.run(['learn', 'add', '--title', 'Rust', '--type', 'course']);
    const [statsAfter, agendaAfter] = await Promise.all([ada.run(['stats']), ada.run(['agenda'])]);
    expect(statsAfter.stdout).toMatch(/^Applications \(all time\)\n/);
    expect(agendaAfter.stdout).toMatch(/^Nothing overdue, and nothing due in the next 7 days\.\n/);
  });
});
