// The agenda itself, shared by `career agenda` and `career today` (they differ only in the
// default --days): flags, typed options, `run` and how it looks.
import type { Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import {
  agendaReport,
  DEFAULT_STALLED_AFTER_DAYS,
  MAX_AGENDA_DAYS,
  parseDayCount,
  type AgendaReport,
} from '../../services/agenda-service.js';
import { tracksNothingYet } from '../../services/first-steps.js';
import { agendaLines, weekSummaryLine } from '../../ui/agenda-view.js';
import { coloursFor } from '../../ui/colours.js';
import type { Printer } from '../../ui/output.js';
import { formatDate } from '../../ui/status-colours.js';
import type { CommandContext } from '../context.js';
import { printFirstSteps } from '../first-steps.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { plural } from '../../domain/phrases.js';

export interface AgendaOptions {
  globals: GlobalOptions;
  /** How many days ahead, as given (undefined: the command's default). */
  days: string | undefined;
  /** After how many days without activity an application is stalled, as given. */
  stalledAfter: string | undefined;
  /** The command's default for --days (agenda 7, today 0). */
  defaultDays: number;
}

/** `career agenda --json` and `career today --json`: the items and this week's progress. */
export type AgendaJson = JsonOf<AgendaReport>;

/** Adds the agenda's flags and action to `command` (`agenda` or `today`). */
export function agendaCommand(
  command: Command,
  defaultDays: number,
  context: CommandContext,
): Command {
  return command
    .option(
      '--days <n>',
      `look n days ahead, to the end of that day (default ${defaultDays}; 0 = today)`,
    )
    .option(
      '--stalled-after <days>',
      `an application with no activity for this many days is stalled (default ${DEFAULT_STALLED_AFTER_DAYS})`,
    )
    .action((flags: { days?: string; stalledAfter?: string }, actionCommand: Command) =>
      run(
        {
          globals: globalOptions(actionCommand),
          days: flags.days,
          stalledAfter: flags.stalledAfter,
          defaultDays,
        },
        context,
      ),
    );
}

export async function run(options: AgendaOptions, context: CommandContext): Promise<void> {
  const days =
    options.days === undefined
      ? options.defaultDays
      : parseDayCount(options.days, 'days', { min: 0, max: MAX_AGENDA_DAYS });
  const stalledAfterDays =
    options.stalledAfter === undefined
      ? DEFAULT_STALLED_AFTER_DAYS
      : parseDayCount(options.stalledAfter, 'stalledAfter', { min: 1, max: MAX_AGENDA_DAYS });
  const now = context.clock.now();
  const { report, nothingYet } = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ user, data, workspace }) => {
      const found = await agendaReport(data, user, workspace.config, {
        days,
        stalledAfterDays,
        now,
      });
      const empty = !options.globals.json && found.items.length === 0;
      return { report: found, nothingYet: empty && (await tracksNothingYet(data)) };
    },
  );
  if (options.globals.json) context.out.printJson(report);
  else if (nothingYet) {
    printFirstSteps(context.out, 'Nothing on your agenda yet.');
  } else {
    // At a terminal the lines fit its width; in a pipe they are whole.
    const width = context.io.stdout.isTerminal ? context.io.columns : undefined;
    printAgenda(context.out, report, coloursFor(context.io.stdout), width);
  }
}

function comingUpTitle(report: AgendaReport): string {
  if (report.days === 0) return 'Later today';
  return `Coming up (to ${formatDate(report.horizon)})`;
}

function printAgenda(
  out: Printer,
  report: AgendaReport,
  colours: ChalkInstance,
  width: number | undefined,
): void {
  if (report.items.length === 0) {
    const span =
      report.days === 0
        ? 'today'
        : report.days === 1
          ? 'today or tomorrow'
          : `in the next ${plural(report.days, 'day')}`;
    out.printLine(`Nothing overdue, and nothing due ${span}.`);
  } else {
    for (const line of agendaLines(report.items, comingUpTitle(report), colours, width)) {
      out.printLine(line);
    }
  }
  out.printLine();
  out.printLine(weekSummaryLine(report.week, colours, width));
}
