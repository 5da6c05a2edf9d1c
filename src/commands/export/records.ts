// `career export --type ... [--format ...] [--out FILE]`: the records of one type, as CSV, JSON
// or NDJSON, to stdout or a file.
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import {
  checkExport,
  EXPORT_FORMATS,
  EXPORT_TYPES,
  exportRecords,
} from '../../services/export/index.js';
import type { CommandContext } from '../context.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { openDestination } from './destination.js';

export interface ExportRecordsOptions {
  globals: GlobalOptions;
  type: string | undefined;
  /** As given, or from --out's extension, else json. */
  format: string;
  out: string | undefined;
  raw: boolean;
}

interface ExportFlags {
  type?: string;
  format?: string;
  out?: string;
  raw?: boolean;
}

const RECORDS_HELP =
  '\nApplications include their job (job.company, job.title, ...), connections their contact\n' +
  '(contact.name, ...), so `career import` of the file into an empty database gives back\n' +
  'the same records. CSV writes lists and subdocuments (tags, interviews) as JSON text.\n' +
  "In CSV, a text cell starting with = + - @, a tab or a carriage return (after any ')\n" +
  "gets one more ' in front, so that a spreadsheet shows it as text instead of running it\n" +
  "as a formula; `career import` removes that ' again. --raw writes cells as stored.";

function formatFor(flags: ExportFlags): string {
  if (flags.format !== undefined) return flags.format;
  const extension = flags.out === undefined ? '' : path.extname(flags.out).slice(1).toLowerCase();
  if (extension === 'jsonl') return 'ndjson';
  return (EXPORT_FORMATS as readonly string[]).includes(extension) ? extension : 'json';
}

export function recordsCommand(exportCommand: Command, context: CommandContext): Command {
  return exportCommand
    .option('--type <type>', `what to export: ${EXPORT_TYPES.join('|')}`)
    .option(
      '--format <format>',
      `${EXPORT_FORMATS.join('|')} (default: from --out's extension, else json)`,
    )
    .option('--out <file>', 'write to this file (replaced whole, never half-written)')
    .option('--raw', "CSV: write text cells as stored, without the ' before = + - @ (see below)")
    .addHelpText('after', RECORDS_HELP)
    .action((flags: ExportFlags, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          type: flags.type,
          format: formatFor(flags),
          out: flags.out,
          raw: flags.raw === true,
        },
        context,
      ),
    );
}

export async function run(options: ExportRecordsOptions, context: CommandContext): Promise<void> {
  if (options.type === undefined) {
    throw new UsageError('missing --type: what to export', {
      hint: `career export --type ${EXPORT_TYPES.join('|')} [--format ${EXPORT_FORMATS.join('|')}]`,
    });
  }
  const request = {
    ...checkExport({ type: options.type, format: options.format }),
    raw: options.raw,
  };
  const destination = await openDestination(options.out, context.io);
  try {
    const count = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ data }) =>
      exportRecords(data, request, destination.stream),
    );
    await destination.commit();
    if (options.out !== undefined) {
      context.out.printNote(`Exported ${count} ${request.type} to ${options.out}`);
    }
  } catch (error) {
    await destination.abandon();
    throw error;
  }
}
