// `career export ...`: your data in other formats. `export calendar` writes upcoming
// interviews and open follow-ups as an iCalendar (.ics) file.
import type { Command } from 'commander';
import {
  calendarEvents,
  DEFAULT_CALENDAR_DAYS,
  parseCalendarDays,
  toICalendar,
  writeFileAtomically,
} from '../services/calendar-service.js';
import { withSignedIn } from '../services/workspace.js';
import { printJson, printNote, printSuccess } from '../ui/output.js';
import { globalOptions, nounSummary } from './index.js';

export function register(program: Command): void {
  const exportCommand = program.command('export').description(nounSummary('export'));
  registerCalendar(exportCommand);
}

/** `career export calendar [--out FILE.ics] [--days N]`. */
function registerCalendar(exportCommand: Command): void {
  exportCommand
    .command('calendar')
    .description('Interviews and open follow-ups as iCalendar (.ics) events')
    .option('--out <file>', 'write the .ics file here (default: standard output)')
    .option('--days <n>', `how many days ahead (default ${DEFAULT_CALENDAR_DAYS})`)
    .addHelpText(
      'after',
      [
        '',
        'Includes interviews from the start of today to N days ahead, and open follow-ups due by',
        'then (overdue ones too). Interviews last an hour; follow-ups due at 00:00 are all-day',
        'events, others last 30 minutes. Event UIDs come from the interview and follow-up ids, so',
        'importing a newer file again updates the events instead of adding copies.',
        '--json prints the events instead of the .ics text.',
      ].join('\n'),
    )
    .action(async (flags: { out?: string; days?: string }, command: Command) => {
      const globals = globalOptions(command);
      const days = flags.days === undefined ? DEFAULT_CALENDAR_DAYS : parseCalendarDays(flags.days);
      const events = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        calendarEvents(data, days),
      );
      const text = toICalendar(events);
      if (flags.out !== undefined) await writeFileAtomically(flags.out, text);
      if (globals.json) {
        printJson(events);
        return;
      }
      if (flags.out === undefined) {
        process.stdout.write(text);
        return;
      }
      const noun = events.length === 1 ? 'event' : 'events';
      printSuccess(`Wrote ${events.length} ${noun} to ${flags.out}`);
      if (events.length === 0) printNote(`Nothing due in the next ${days} days.`);
    });
}
