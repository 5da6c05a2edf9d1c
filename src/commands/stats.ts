// `career stats`: the application funnel, time to a first response, applications and
// follow-ups per week as charts fitted to the terminal, and learning.
import type { Command } from 'commander';
import {
  computeStats,
  parseWeeks,
  type Stats,
  type WeekStats,
} from '../services/stats/stats-service.js';
import { weekLabel } from '../services/stats/weeks.js';
import type { WeeklyStatus } from '../services/targets-service.js';
import { withSignedIn } from '../services/workspace.js';
import { weekProgressText } from '../ui/agenda-view.js';
import { renderBars, renderSparkline, type BarRow } from '../ui/charts.js';
import { parseDate } from '../domain/dates.js';
import { printHeading, printJson, printLine } from '../ui/output.js';
import { printable } from '../ui/printable.js';
import { formatDate } from '../ui/status-colours.js';
import { terminalColumns, truncateToWidth } from '../ui/terminal-width.js';
import { globalOptions, nounSummary } from './index.js';

/** Up to this many weeks get one bar each; more become a sparkline. */
const MAX_WEEK_BARS = 26;
const MAX_SKILL_BARS = 10;

function percent(ratio: number | null): string {
  return ratio === null ? '–' : `${Math.round(ratio * 100)}%`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Prints lines cut to the width (headings may be long on a narrow terminal). */
function heading(text: string, width: number): void {
  printHeading(truncateToWidth(text, width));
}

function lines(texts: readonly string[]): void {
  for (const text of texts) printLine(text);
}

function printFunnel(stats: Stats, width: number): void {
  const { stages, rejected } = stats.funnel;
  heading(
    stats.since ? `Applications since ${formatDate(stats.since)}` : 'Applications (all time)',
    width,
  );
  const rows: BarRow[] = stages.map((stage, index) => ({
    label: stage.status,
    value: stage.count,
    ...(index > 0
      ? { note: `${percent(stage.conversion)} of ${stages[index - 1]?.status ?? ''}` }
      : {}),
  }));
  rows.push({
    label: 'rejected',
    value: rejected.count,
    note: `${percent(rejected.shareOfApplied)} of applied`,
  });
  lines(renderBars(rows, width));
  const { responses, medianDays } = stats.responseTime;
  printLine(
    truncateToWidth(
      medianDays === null
        ? 'No answers yet to measure the time to a first response.'
        : `Median time to a first response: ${medianDays} days (${plural(responses, 'answer')})`,
      width,
    ),
  );
}

/** The "This week" section: progress against the weekly targets, as the agenda shows it. */
function printThisWeek(thisWeek: WeeklyStatus, width: number): void {
  heading(`This week (from ${formatDate(thisWeek.weekStart)})`, width);
  // Cut to the width, and so without colour.
  printLine(truncateToWidth(String(weekProgressText(thisWeek)), width));
}

function printWeekly(
  title: string,
  weeks: readonly WeekStats[],
  value: (week: WeekStats) => number,
  note: (week: WeekStats) => string | undefined,
  width: number,
): void {
  const total = weeks.reduce((sum, week) => sum + value(week), 0);
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  if (!first || !last) return;
  heading(
    `${title} (${plural(weeks.length, 'week')} from ${weekLabel(first.weekStart)}, ${total} in all)`,
    width,
  );
  if (weeks.length <= MAX_WEEK_BARS) {
    lines(
      renderBars(
        weeks.map((week) => {
          const text = note(week);
          return {
            label: weekLabel(week.weekStart),
            value: value(week),
            ...(text ? { note: text } : {}),
          };
        }),
        width,
      ),
    );
    return;
  }
  const values = weeks.map(value);
  printLine(renderSparkline(values, width));
  printLine(
    truncateToWidth(
      `${weekLabel(first.weekStart)} … ${weekLabel(last.weekStart)}, at most ${Math.max(...values)} a week`,
      width,
    ),
  );
}

function printLearning(stats: Stats, width: number): void {
  const { learning } = stats;
  heading(
    `Learning completed${stats.since ? ` since ${formatDate(stats.since)}` : ''}: ${learning.completed}`,
    width,
  );
  if (learning.completed === 0) {
    printLine(truncateToWidth('Nothing completed yet (see `career learn list`).', width));
    return;
  }
  lines(
    renderBars(
      learning.byType.map((entry) => ({ label: entry.type, value: entry.count })),
      width,
    ),
  );
  if (learning.skills.length === 0) return;
  printLine();
  heading(`Skills gained: ${learning.skills.length}`, width);
  const shown = learning.skills.slice(0, MAX_SKILL_BARS);
  lines(
    renderBars(
      shown.map((entry) => ({ label: entry.skill, value: entry.count })),
      width,
    ),
  );
  const more = learning.skills.length - shown.length;
  if (more > 0) {
    const rest = learning.skills.slice(MAX_SKILL_BARS).map((entry) => entry.skill);
    // Escaped before it is cut, so that an escape in a skill is shown, not dropped.
    printLine(truncateToWidth(printable(`+${more} more: ${rest.join(', ')}`), width));
  }
}

function printStats(stats: Stats, width: number): void {
  printFunnel(stats, width);
  printLine();
  printThisWeek(stats.thisWeek, width);
  printLine();
  const { weeks } = stats.weekly;
  printWeekly(
    'Applications per week',
    weeks,
    (week) => week.applications,
    () => undefined,
    width,
  );
  printLine();
  printWeekly(
    'Follow-ups done per week',
    weeks,
    (week) => week.followUpsCompleted,
    (week) => (week.followUpsDue > 0 ? `${week.followUpsDue} due` : undefined),
    width,
  );
  printLine();
  printLearning(stats, width);
}

export function register(program: Command): void {
  program
    .command('stats')
    .description(nounSummary('stats'))
    .option('--since <date>', 'only what happened since this date (charts from its week)')
    .option('--weeks <n>', 'how many weeks the per-week charts show (default 12)')
    .addHelpText(
      'after',
      '\nWeeks are ISO weeks, Monday to Sunday in UTC. Charts fit the terminal width ($COLUMNS\nwhen output is not a terminal).',
    )
    .action(async (flags: { since?: string; weeks?: string }, command: Command) => {
      const globals = globalOptions(command);
      const since = flags.since === undefined ? undefined : parseDate(flags.since, 'since');
      const weeks = flags.weeks === undefined ? undefined : parseWeeks(flags.weeks);
      const stats = await withSignedIn({ dbUri: globals.dbUri }, ({ data, user, workspace }) =>
        computeStats(data, user, workspace.config, { since, weeks }),
      );
      if (globals.json) {
        printJson(stats);
        return;
      }
      printStats(stats, terminalColumns());
    });
}
