// `career agenda` and `career today`: what needs doing, most urgent first (overdue, then
// soonest), and this week's progress against the targets. One module, two entries in the
// registry: `today` is the agenda looking no further than today.
import type { Command } from 'commander';
import {
  agendaReport,
  DEFAULT_AGENDA_DAYS,
  DEFAULT_STALLED_AFTER_DAYS,
  DEFAULT_TODAY_DAYS,
  MAX_AGENDA_DAYS,
  parseDayCount,
  type AgendaReport,
} from '../services/agenda-service.js';
import { withSignedIn } from '../services/workspace.js';
import { agendaLines, weekSummaryLine } from '../ui/agenda-view.js';
import { printJson, printLine } from '../ui/output.js';
import { formatDate } from '../ui/status-colours.js';
import { globalOptions, nounSummary, type NounModule } from './index.js';

interface AgendaFlags {
  days?: string;
  stalledAfter?: string;
}

function comingUpTitle(report: AgendaReport): string {
  if (report.days === 0) return 'Later today';
  return `Coming up (to ${formatDate(report.horizon)})`;
}

function printAgenda(report: AgendaReport): void {
  if (report.items.length === 0) {
    const span = report.days === 0 ? 'today' : `in the next ${report.days} days`;
    printLine(`Nothing overdue, and nothing due ${span}.`);
  } else {
    for (const line of agendaLines(report.items, comingUpTitle(report))) printLine(line);
  }
  printLine();
  printLine(weekSummaryLine(report.week));
}

function define(command: Command, defaultDays: number): void {
  command
    .option(
      '--days <n>',
      `look n days ahead, to the end of that day (default ${defaultDays}; 0 = today)`,
    )
    .option(
      '--stalled-after <days>',
      `an application with no activity for this many days is stalled (default ${DEFAULT_STALLED_AFTER_DAYS})`,
    )
    .action(async (flags: AgendaFlags, actionCommand: Command) => {
      const globals = globalOptions(actionCommand);
      const days =
        flags.days === undefined
          ? defaultDays
          : parseDayCount(flags.days, 'days', { min: 0, max: MAX_AGENDA_DAYS });
      const stalledAfterDays =
        flags.stalledAfter === undefined
          ? DEFAULT_STALLED_AFTER_DAYS
          : parseDayCount(flags.stalledAfter, 'stalledAfter', { min: 1, max: MAX_AGENDA_DAYS });
      const report = await withSignedIn({ dbUri: globals.dbUri }, ({ user, data, workspace }) =>
        agendaReport(data, user, workspace.config, { days, stalledAfterDays }),
      );
      if (globals.json) printJson(report);
      else printAgenda(report);
    });
}

export function register(program: Command): void {
  define(program.command('agenda').description(nounSummary('agenda')), DEFAULT_AGENDA_DAYS);
}

/** `career today`: the same agenda, looking no further than the end of today by default. */
export const today: NounModule = {
  register(program: Command): void {
    define(program.command('today').description(nounSummary('today')), DEFAULT_TODAY_DAYS);
  },
};
