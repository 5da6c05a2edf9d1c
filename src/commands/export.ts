// `career export ...`: your data in other formats. `career export --type ... --format ...`
// writes the signed-in user's records to stdout or a file (the command's own action, run when
// no subcommand is named); `career export calendar` writes upcoming interviews and open
// follow-ups as an iCalendar (.ics) file.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import {
  checkExport,
  EXPORT_FORMATS,
  EXPORT_TYPES,
  exportRecords,
} from '../services/export/index.js';
import {
  calendarEvents,
  DEFAULT_CALENDAR_DAYS,
  parseCalendarDays,
  toICalendar,
  writeFileAtomically,
} from '../services/calendar-service.js';
import { withSignedIn } from '../services/workspace.js';
import { UsageError } from '../domain/errors.js';
import { printJson, printNote, printSuccess } from '../ui/output.js';
import { escapingStream } from '../ui/terminal-stream.js';
import { globalOptions, nounSummary } from './index.js';

interface ExportFlags {
  type?: string;
  format?: string;
  out?: string;
  raw?: boolean;
}

function formatFor(flags: ExportFlags): string {
  if (flags.format !== undefined) return flags.format;
  const extension = flags.out === undefined ? '' : path.extname(flags.out).slice(1).toLowerCase();
  if (extension === 'jsonl') return 'ndjson';
  return (EXPORT_FORMATS as readonly string[]).includes(extension) ? extension : 'json';
}

export function register(program: Command): void {
  const exportCommand = program.command('export').description(nounSummary('export'));
  registerDataExport(exportCommand);
  registerCalendar(exportCommand);
}

/** `career export --type ... [--format ...] [--out FILE]`: the command's own action. */
function registerDataExport(exportCommand: Command): void {
  exportCommand
    .option('--type <type>', `what to export: ${EXPORT_TYPES.join('|')}`)
    .option(
      '--format <format>',
      `${EXPORT_FORMATS.join('|')} (default: from --out's extension, else json)`,
    )
    .option('--out <file>', 'write to this file (replaced whole, never half-written)')
    .option('--raw', "CSV: write text cells as stored, without the ' before = + - @ (see below)")
    .addHelpText(
      'after',
      '\nApplications include their job (job.company, job.title, ...), connections their contact\n' +
        '(contact.name, ...), so `career import` of the file into an empty database gives back\n' +
        'the same records. CSV writes lists and subdocuments (tags, interviews) as JSON text.\n' +
        "In CSV, a text cell starting with = + - @, a tab or a carriage return (after any ')\n" +
        "gets one more ' in front, so that a spreadsheet shows it as text instead of running it\n" +
        "as a formula; `career import` removes that ' again. --raw writes cells as stored.",
    )
    .action(async (flags: ExportFlags, command: Command) => {
      const globals = globalOptions(command);
      if (flags.type === undefined) {
        throw new UsageError('missing --type: what to export', {
          hint: `career export --type ${EXPORT_TYPES.join('|')} [--format ${EXPORT_FORMATS.join('|')}]`,
        });
      }
      const request = {
        ...checkExport({ type: flags.type, format: formatFor(flags) }),
        raw: flags.raw === true,
      };
      const target = flags.out;
      // A temporary file beside the target, renamed into place once complete.
      const temporary =
        target === undefined
          ? undefined
          : path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
      // At a terminal a person reads it: data's control characters are shown as escapes there.
      const terminal =
        temporary === undefined && process.stdout.isTTY
          ? escapingStream(process.stdout)
          : undefined;
      // Owner-only (it holds the user's records), and never through a file or link already
      // there under the temporary name (its name is predictable).
      const file =
        temporary === undefined
          ? undefined
          : createWriteStream(temporary, { mode: 0o600, flags: 'wx' });
      if (file) {
        await new Promise<void>((resolve, reject) => {
          file.once('open', () => resolve());
          file.once('error', (error) =>
            reject(new UsageError(`cannot write ${target}: ${error.message}`)),
          );
        });
      }
      const out: Writable = file ?? terminal?.stream ?? process.stdout;
      try {
        const count = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
          exportRecords(data, request, out),
        );
        await terminal?.finish();
        if (temporary !== undefined && target !== undefined) {
          out.end();
          await finished(out);
          await rename(temporary, target);
          printNote(`Exported ${count} ${request.type} to ${target}`);
        }
      } catch (error) {
        if (temporary !== undefined) {
          out.destroy();
          await rm(temporary, { force: true });
        }
        throw error;
      }
    });
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
    .action(async (_flags: unknown, command: Command) => {
      const globals = globalOptions(command);
      // Commander gives an option both `export` and `calendar` define (--out) to the parent
      // wherever it appears, so read the options merged down the command chain.
      const flags = command.optsWithGlobals<{ out?: string; days?: string; type?: string }>();
      if (flags.type !== undefined) {
        throw new UsageError('--type is for the data export, not `export calendar`', {
          hint: 'career export calendar [--out FILE.ics] [--days N]',
        });
      }
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
