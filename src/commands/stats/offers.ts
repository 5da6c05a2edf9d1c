// The offers section of `career stats`: offers received, and per currency how many and their
// median base over a year (bases in different currencies are never mixed).
import type { Stats } from '../../services/stats/stats-service.js';
import { formatAmount } from '../../ui/amounts.js';
import type { Printer } from '../../ui/output.js';
import { formatDate } from '../../ui/status-colours.js';
import { truncateToWidth } from '../../ui/terminal-width.js';
import { heading, plural } from './fit.js';

export function printOffers(out: Printer, stats: Stats, width: number): void {
  const { offers } = stats;
  heading(
    out,
    `Offers received${stats.since ? ` since ${formatDate(stats.since)}` : ''}: ${offers.received}`,
    width,
  );
  if (offers.received === 0) {
    out.printLine(truncateToWidth('No offers yet (record one with `career apply offer`).', width));
    return;
  }
  for (const entry of offers.perCurrency) {
    out.printLine(
      truncateToWidth(
        `${entry.currency}: ${plural(entry.count, 'offer')}, median base ${formatAmount(entry.medianBase)} a year`,
        width,
      ),
    );
  }
}
