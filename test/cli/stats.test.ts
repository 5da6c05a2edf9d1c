// `career stats` end to end on a seeded dataset with known answers (test/helpers/
// insights-seed.ts): the funnel, the median response time, per-week bins, learning, the
// charts fitted to $COLUMNS, and another user's records never counted; run in this process.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import stringWidth from 'string-width';
import type { StatsJson } from '../../src/commands/stats/index.js';
import {
  inProcessAccount,
  type InProcessAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { jsonOutput } from '../helpers/json-output.js';
import { insightsFixture, isoWeekStart, type InsightsFixture } from '../helpers/insights-seed.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The --json output, which must come with nothing on stderr. */
function json(result: InProcessResult): StatsJson {
  return jsonOutput<StatsJson>(result, { emptyStderr: true });
}

let fixture: InsightsFixture<InProcessAccount>;

beforeAll(async () => {
  // Ada runs in this process (test/helpers/in-process.ts).
  fixture = await insightsFixture(inProcessAccount);
});

afterAll(async () => {
  await fixture.close();
  removeTempDirs();
});

/** Week `weeksAgo` back from the current one, as the JSON prints it. */
function weekIso(weeksAgo: number): string {
  return new Date(fixture.thisWeek.getTime() - weeksAgo * WEEK_MS).toISOString();
}

/** How many of `dates` fall in each week from `first` on, for `count` weeks. */
function binned(dates: readonly Date[], first: Date, count: number): number[] {
  const bins = new Array<number>(count).fill(0);
  for (const date of dates) {
    const index = Math.round((isoWeekStart(date).getTime() - first.getTime()) / WEEK_MS);
    if (index >= 0 && index < count) bins[index] = (bins[index] ?? 0) + 1;
  }
  return bins;
}

describe('career stats', () => {
  it('computes the funnel, the median response, weekly bins and learning (--json)', async () => {
    const stats = json(await fixture.ada.run(['stats', '--json']));
    expect(stats.since).toBeNull();
    expect(stats.funnel.stages).toEqual([
      { status: 'toApply', count: 9, conversion: null },
      { status: 'applied', count: 7, conversion: 0.7778 },
      { status: 'interviewing', count: 5, conversion: 0.7143 },
      { status: 'offer', count: 2, conversion: 0.4 },
    ]);
    expect(stats.funnel.rejected).toEqual({ count: 2, shareOfApplied: 0.2857 });
    // Responses after 2, 4, 6, 1 and 7 days; the application with no date has none.
    expect(stats.responseTime).toEqual({ responses: 5, medianDays: 4 });

    // Twelve ISO weeks, oldest first, ending with this one; empty weeks are 0.
    const { weeks } = stats.weekly;
    expect(weeks).toHaveLength(12);
    expect(stats.weekly.firstWeek).toBe(weekIso(11));
    expect(weeks.map((week) => week.weekStart)).toEqual(
      Array.from({ length: 12 }, (_, index) => weekIso(11 - index)),
    );
    expect(weeks.map((week) => week.applications)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 1, 0]);
    expect(weeks.map((week) => week.followUpsCompleted)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 2,
    ]);
    expect(weeks.map((week) => week.followUpsDue)).toEqual(
      binned(fixture.followUpDueDates, new Date(weekIso(11)), 12),
    );
    // This week against the targets: no goal, timeframe or networking intensity in the
    // profile, so the defaults (new-job within 6 months: 5 applications; moderate: 3).
    expect(stats.thisWeek.applications).toMatchObject({ perWeek: 5, source: 'default' });
    expect(stats.thisWeek.followUps).toMatchObject({ perWeek: 3, source: 'default' });
    // The targets' week starts Monday 00:00 local time, the charts' in UTC: the same week here
    // when the machine runs on UTC.
    if (new Date().getTimezoneOffset() === 0) {
      expect(stats.thisWeek.weekStart).toBe(weeks[11]?.weekStart);
      expect(stats.thisWeek.applications.done).toBe(weeks[11]?.applications);
      expect(stats.thisWeek.followUps.done).toBe(weeks[11]?.followUpsCompleted);
    }

    expect(stats.learning).toEqual({
      completed: 3,
      byType: [
        { type: 'course', count: 2 },
        { type: 'project', count: 1 },
      ],
      // Counted once per activity, ignoring letter case; the other user's skills never appear.
      skills: [
        { skill: 'SQL', count: 3 },
        { skill: 'data modeling', count: 1 },
        { skill: 'Replication', count: 1 },
        { skill: 'TypeScript', count: 1 },
      ],
    });
  });

  it('limits everything to --since, with weeks from its week', async () => {
    const since = new Date(weekIso(6));
    const stats = json(await fixture.ada.run(['stats', '--json', '--since', since.toISOString()]));
    expect(stats.since).toBe(since.toISOString());
    expect(stats.funnel.stages.map((stage) => stage.count)).toEqual([7, 6, 4, 1]);
    expect(stats.funnel.rejected.count).toBe(2);
    // Responses after 1, 2, 4 and 6 days: an even count, so the mean of the middle two.
    expect(stats.responseTime).toEqual({ responses: 4, medianDays: 3 });
    expect(stats.weekly.weeks.map((week) => week.applications)).toEqual([0, 0, 1, 1, 2, 1, 0]);
    expect(stats.learning.byType).toEqual([{ type: 'course', count: 1 }]);
    expect(stats.learning.skills.map((entry) => entry.skill)).toEqual(['data modeling', 'SQL']);
  });

  it('draws charts that fit the width, with --weeks choosing the range', async () => {
    for (const columns of [100, 40]) {
      const result = await fixture.ada.run(['stats', '--weeks', '6'], {
        env: { COLUMNS: String(columns) },
      });
      expect(result.code).toBe(0);
      const lines = result.stdout.split('\n');
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
      expect(result.stdout).toContain('Applications (all time)');
      expect(result.stdout).toMatch(/^toApply\s+█+\s+9$/m);
      // Text lines are cut to the width with an ellipsis.
      expect(result.stdout).toContain(
        columns >= 60
          ? 'Median time to a first response: 4 days (5 answers)'
          : 'Median time to a first response: 4 days…',
      );
      expect(result.stdout).toContain(`This week (from ${weekIso(0).slice(0, 10)})`);
      // One bar row per week: six weeks, the busiest (2 applications) with the longest bar.
      const weekRows = lines.filter((line) => /^\d{4}-\d{2}-\d{2} /.test(line));
      expect(weekRows).toHaveLength(12);
      const busiest = weekRows.find((line) => line.startsWith(weekIso(2).slice(0, 10)));
      expect(busiest).toMatch(/█+ 2$/);
      expect(result.stdout).toMatch(/^SQL\s+█+\s+3$/m);
    }
    // A wide terminal gives the funnel its conversion notes.
    const wide = await fixture.ada.run(['stats'], { env: { COLUMNS: '100' } });
    expect(wide.stdout).toMatch(/^applied\s+[█▏▎▍▌▋▊▉]+\s+7 {2}78% of toApply$/m);
    // Long ranges become a sparkline, one character per week at most.
    const long = await fixture.ada.run(['stats', '--weeks', '52'], { env: { COLUMNS: '30' } });
    expect(long.code).toBe(0);
    for (const line of long.stdout.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(30);
    expect(long.stdout).toMatch(/^[▁▂▃▄▅▆▇█]{30}$/m);
  });

  it('rejects bad options with usage errors', async () => {
    const weeks = await fixture.ada.run(['stats', '--weeks', '0']);
    expect(weeks.code).toBe(2);
    expect(weeks.stderr).toMatch(/--weeks must be a whole number from 1 to 520/);
    const both = await fixture.ada.run(['stats', '--weeks', '4', '--since', '2026-01-01']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give one of them/);
  });
});
