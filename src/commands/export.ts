// `career export --type ... --format ...`: the signed-in user's records to stdout or a file.
// Other verbs may be added under `export` (e.g. `export calendar`): this command's own
// action is the data export, run when no subcommand is named.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import {
  checkExport,
  EXPORT_FORMATS,
  EXPORT_TYPES,
  exportRecords,
} from '../services/export/index.js';
import { withSignedIn } from '../services/workspace.js';
import { UsageError } from '../ui/errors.js';
import { printNote } from '../ui/output.js';
import { globalOptions, nounSummary } from './index.js';

interface ExportFlags {
  type?: string;
  format?: string;
  out?: string;
}

function formatFor(flags: ExportFlags): string {
  if (flags.format !== undefined) return flags.format;
  const extension = flags.out === undefined ? '' : path.extname(flags.out).slice(1).toLowerCase();
  if (extension === 'jsonl') return 'ndjson';
  return (EXPORT_FORMATS as readonly string[]).includes(extension) ? extension : 'json';
}

export function register(program: Command): void {
  program
    .command('export')
    .description(nounSummary('export'))
    .option('--type <type>', `what to export: ${EXPORT_TYPES.join('|')}`)
    .option(
      '--format <format>',
      `${EXPORT_FORMATS.join('|')} (default: from --out's extension, else json)`,
    )
    .option('--out <file>', 'write to this file (replaced whole, never half-written)')
    .addHelpText(
      'after',
      '\nApplications include their job (job.company, job.title, ...), connections their contact\n' +
        '(contact.name, ...), so `career import` of the file into an empty database gives back\n' +
        'the same records. CSV writes lists and subdocuments (tags, interviews) as JSON text.',
    )
    .action(async (flags: ExportFlags, command: Command) => {
      const globals = globalOptions(command);
      if (flags.type === undefined) {
        throw new UsageError('missing --type: what to export', {
          hint: `career export --type ${EXPORT_TYPES.join('|')} [--format ${EXPORT_FORMATS.join('|')}]`,
        });
      }
      const request = checkExport({ type: flags.type, format: formatFor(flags) });
      const target = flags.out;
      // A temporary file beside the target, renamed into place once complete.
      const temporary =
        target === undefined
          ? undefined
          : path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
      const out = temporary === undefined ? process.stdout : createWriteStream(temporary);
      if (temporary !== undefined) {
        await new Promise<void>((resolve, reject) => {
          out.once('open', () => resolve());
          out.once('error', (error) =>
            reject(new UsageError(`cannot write ${target}: ${error.message}`)),
          );
        });
      }
      try {
        const count = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
          exportRecords(data, request, out),
        );
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
