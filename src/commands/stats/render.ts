// How `career stats` looks: the funnel, this week, the weekly charts and learning, every line
// fitted to the width.
import type { ChalkInstance } from 'chalk';
import type { Stats, WeekStats } from '../../services/stats/stats-service.js';
import { weekLabel } from '../../services/stats/weeks.js';
import type { WeeklyStatus } from '../../services/targets-service.js';
import { weekProgressText } from '../../ui/agenda-view.js';
import { renderBars, renderSparkline, type BarRow } from '../../ui/charts.js';
import type { Printer } from '../../ui/output.js';
import { formatDate } from '../../ui/status-colours.js';
import { truncateToWidth } from '../../ui/terminal-width.js';
import { heading, lines, percent, plural } from './fit.js';
import { printLearning } from './learning.js';
import { printOffers } from './offers.js';

/** Where the charts go: the width to fit and the colours of stdout. */
export interface View {
  width: number;
  colours: ChalkInstance;
}

/** Up to this many weeks get one bar each; more become a sparkline. */
const MAX_WEEK_BARS = 26;

function printFunnel(out: Printer, stats: Stats, width: number): void {
  const { stages, rejected } = stats.funnel;
  heading(
    out,
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
  lines(out, renderBars(rows, width));
  const { responses, medianDays } = stats.responseTime;
  out.printLine(
    truncateToWidth(
      medianDays === null
        ? 'No answers yet to measure the time to a first response.'
        : `Median time to a first response: ${plural(medianDays, 'day')} (${plural(responses, 'answer')})`,
      width,
    ),
  );
  printArchived(out, stats, width);
}

/** Archived records are history: counted above, and said how many (when there are any). */
function printArchived(out: Printer, stats: Stats, width: number): void {
  const { applications, connections } = stats.archived;
  if (applications === 0 && connections === 0) return;
  const parts = [
    `${plural(applications, 'application')} (still in the funnel)`,
    plural(connections, 'connection'),
  ];
  out.printLine(truncateToWidth(`Archived: ${parts.join(', ')}`, width));
}

/** The "This week" section: progress against the weekly targets, as the agenda shows it. */
function printThisWeek(out: Printer, thisWeek: WeeklyStatus, view: View): void {
  heading(out, `This week (from ${formatDate(thisWeek.weekStart)})`, view.width);
  // Cut to the width, and so without colour.
  out.printLine(truncateToWidth(String(weekProgressText(thisWeek, view.colours)), view.width));
}

function printWeekly(
  out: Printer,
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
    out,
    `${title} (${plural(weeks.length, 'week')} from ${weekLabel(first.weekStart)}, ${total} in all)`,
    width,
  );
  if (weeks.length <= MAX_WEEK_BARS) {
    lines(
      out,
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
  out.printLine(renderSparkline(values, width));
  out.printLine(
    truncateToWidth(
      `${weekLabel(first.weekStart)} … ${weekLabel(last.weekStart)}, at most ${Math.max(...values)} a week`,
      width,
    ),
  );
}

export function printStats(out: Printer, stats: Stats, view: View): void {
  const { width } = view;
  printFunnel(out, stats, width);
  out.printLine();
  printThisWeek(out, stats.thisWeek, view);
  out.printLine();
  const { weeks } = stats.weekly;
  printWeekly(
    out,
    'Applications per week',
    weeks,
    (week) => week.applications,
    () => undefined,
    width,
  );
  out.printLine();
  printWeekly(
    out,
    'Follow-ups done per week',
    weeks,
    (week) => week.followUpsCompleted,
    (week) => (week.followUpsDue > 0 ? `${week.followUpsDue} due` : undefined),
    width,
  );
  out.printLine();
  printLearning(out, stats, width);
  out.printLine();
  printOffers(out, stats, width);
}
