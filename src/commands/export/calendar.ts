// `career export calendar [--out FILE.ics] [--days N]`: interviews and open follow-ups as
// iCalendar events.
import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import {
  calendarEvents,
  DEFAULT_CALENDAR_DAYS,
  parseCalendarDays,
  toICalendar,
  writeFileAtomically,
  type CalendarEvent,
} from '../../services/calendar-service.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { plural } from '../../domain/phrases.js';

export interface ExportCalendarOptions {
  globals: GlobalOptions;
  out: string | undefined;
  days: number;
}

/** `career export calendar --json`: the events instead of the .ics text. */
export type ExportCalendarJson = Array<JsonOf<CalendarEvent>>;

const CALENDAR_HELP = [
  '',
  'Includes interviews from the start of today to N days ahead, and open follow-ups due by',
  'then (overdue ones too). Interviews last an hour; follow-ups due at 00:00 are all-day',
  'events, others last 30 minutes. Event UIDs come from the interview and follow-up ids, so',
  'importing a newer file again updates the events instead of adding copies.',
  'Open offers add their deadline (from today to N days ahead) as an event.',
  '--json prints the events instead of the .ics text.',
].join('\n');

export function calendarCommand(exportCommand: Command, context: CommandContext): Command {
  return exportCommand
    .command('calendar')
    .description('Interviews and open follow-ups as iCalendar (.ics) events')
    .option('--out <file>', 'write the .ics file here (default: standard output)')
    .option('--days <n>', `how many days ahead (default ${DEFAULT_CALENDAR_DAYS})`)
    .addHelpText('after', CALENDAR_HELP)
    .action((_flags: unknown, command: Command) => run(parse(command), context));
}

function parse(command: Command): ExportCalendarOptions {
  // Commander gives an option both `export` and `calendar` define (--out) to the parent
  // wherever it appears, so read the options merged down the command chain.
  const flags = command.optsWithGlobals<{ out?: string; days?: string; type?: string }>();
  if (flags.type !== undefined) {
    throw new UsageError('--type is for the data export, not `export calendar`', {
      hint: 'career export calendar [--out FILE.ics] [--days N]',
    });
  }
  return {
    globals: globalOptions(command),
    out: flags.out,
    days: flags.days === undefined ? DEFAULT_CALENDAR_DAYS : parseCalendarDays(flags.days),
  };
}

export async function run(options: ExportCalendarOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const events = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ data }) =>
    calendarEvents(data, options.days, context.clock.now()),
  );
  const text = toICalendar(events);
  if (options.out !== undefined) await writeFileAtomically(options.out, text);
  if (options.globals.json) {
    out.printJson(events);
    return;
  }
  if (options.out === undefined) {
    context.io.stdout.stream.write(text);
    return;
  }
  const noun = events.length === 1 ? 'event' : 'events';
  out.printSuccess(`Wrote ${events.length} ${noun} to ${options.out}`);
  if (events.length === 0) out.printNote(`Nothing due in the next ${plural(options.days, 'day')}.`);
}
