// The learning section of `career stats`: completed activities by type, and skills gained.
import type { Stats } from '../../services/stats/stats-service.js';
import type { Printer } from '../../ui/output.js';
import { renderBars } from '../../ui/charts.js';
import { printable } from '../../ui/printable.js';
import { formatDate } from '../../ui/status-colours.js';
import { truncateToWidth } from '../../ui/terminal-width.js';
import { heading, lines } from './fit.js';

const MAX_SKILL_BARS = 10;

export function printLearning(out: Printer, stats: Stats, width: number): void {
  const { learning } = stats;
  heading(
    out,
    `Learning completed${stats.since ? ` since ${formatDate(stats.since)}` : ''}: ${learning.completed}`,
    width,
  );
  if (learning.completed === 0) {
    out.printLine(truncateToWidth('Nothing completed yet (see `career learn list`).', width));
    return;
  }
  lines(
    out,
    renderBars(
      learning.byType.map((entry) => ({ label: entry.type, value: entry.count })),
      width,
    ),
  );
  if (learning.skills.length === 0) return;
  out.printLine();
  heading(out, `Skills gained: ${learning.skills.length}`, width);
  const shown = learning.skills.slice(0, MAX_SKILL_BARS);
  lines(
    out,
    renderBars(
      shown.map((entry) => ({ label: entry.skill, value: entry.count })),
      width,
    ),
  );
  const more = learning.skills.length - shown.length;
  if (more > 0) {
    const rest = learning.skills.slice(MAX_SKILL_BARS).map((entry) => entry.skill);
    // Escaped before it is cut, so that an escape in a skill is shown, not dropped.
    out.printLine(truncateToWidth(printable(`+${more} more: ${rest.join(', ')}`), width));
  }
}
