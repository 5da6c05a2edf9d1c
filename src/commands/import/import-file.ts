// `career import FILE`: reads, checks and stores the rows of one file, batch by batch.
import type { Command } from 'commander';
import { RowsRejectedError } from '../../domain/errors.js';
import type { ImportSummary, OpenedImport } from '../../services/import/index.js';
import { IMPORT_FORMATS, IMPORT_TYPES } from '../../services/import/types.js';
import { startProgress } from '../../ui/progress.js';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { plural, printSummary } from './summary.js';

export interface ImportOptions {
  globals: GlobalOptions;
  /** A path, or - for stdin. */
  file: string;
  type: string | undefined;
  format: string | undefined;
  dryRun: boolean;
  rejectsFile: string | undefined;
  raw: boolean;
}

/** `career import --json`: what was imported, updated, skipped and rejected. */
export type ImportJson = ImportSummary;

interface ImportFlags {
  type?: string;
  format?: string;
  dryRun?: boolean;
  rejects?: string;
  raw?: boolean;
}

const IMPORT_HELP =
  '\nExit codes: 0 all rows imported, 8 some rows rejected (the others are in), 2 usage.\n' +
  'Rerunning a file changes nothing: rows are matched to records by natural keys.\n' +
  "A CSV cell that is ' (or more) then = + - @, a tab or a carriage return loses one ':\n" +
  '`career export` adds it so spreadsheets do not run formulas, and --rejects files too.';

export function importFileCommand(program: Command, context: CommandContext): Command {
  return program
    .command('import')
    .description(nounSummary('import'))
    .argument('<file>', 'the file to import, or - for stdin')
    .option('--type <type>', `what the file holds: ${IMPORT_TYPES.join('|')}`)
    .option(
      '--format <format>',
      `${IMPORT_FORMATS.join('|')} (default: from the extension and header)`,
    )
    .option('--dry-run', 'check and count every row, write nothing')
    .option('--rejects <file>', 'write the rejected rows here as CSV, with their line and reason')
    .option('--raw', "CSV: take cells as written, keeping the ' an export puts before = + - @")
    .addHelpText('after', IMPORT_HELP)
    .action((file: string, flags: ImportFlags, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          file,
          type: flags.type,
          format: flags.format,
          dryRun: flags.dryRun === true,
          rejectsFile: flags.rejects,
          raw: flags.raw === true,
        },
        context,
      ),
    );
}

export async function run(options: ImportOptions, context: CommandContext): Promise<void> {
  const { openImport } = await import('../../services/import/index.js');
  // Opened before signing in: a usage error (type, format, file) writes nothing.
  const opened = await openImport({
    file: options.file,
    ...(options.type === undefined ? {} : { type: options.type }),
    ...(options.format === undefined ? {} : { format: options.format }),
    raw: options.raw,
    stdin: context.io.stdin,
  });
  const summary = await importRows(options, context, opened);
  if (options.globals.json) context.out.printJson(summary);
  else printSummary(context.out, summary, options.rejectsFile);
  if (summary.rejected > 0) throw rowsRejected(summary, options.rejectsFile);
}

async function importRows(
  options: ImportOptions,
  context: CommandContext,
  opened: OpenedImport,
): Promise<ImportSummary> {
  const { runImport } = await import('../../services/import/index.js');
  // The engine on its own thread stores one batch while this one reads and checks the next.
  const connectOptions = { dbUri: options.globals.dbUri, engineThread: true };
  return context.withSignedIn(connectOptions, async ({ data, workspace }) => {
    const progress = await startProgress({
      enabled: !options.globals.json,
      total: opened.size,
      label: `Importing ${opened.type}`,
      io: context.io,
    });
    try {
      return await runImport(data, opened, {
        dryRun: options.dryRun,
        rejectsFile: options.rejectsFile,
        onProgress: (rows, bytes) => progress.update(rows, bytes),
        // Each batch in one transaction where the deployment has them.
        connection: workspace.database.connection,
      });
    } finally {
      progress.stop();
    }
  });
}

function rowsRejected(summary: ImportSummary, rejectsFile: string | undefined): RowsRejectedError {
  return new RowsRejectedError(
    `${plural(summary.rejected, 'row')} rejected; the others were imported`,
    {
      hint:
        rejectsFile === undefined
          ? 'pass --rejects FILE to get the rejected rows with their reasons as CSV'
          : `the rejected rows and their reasons are in ${rejectsFile}`,
    },
  );
}
