// `career import FILE --type ...`: records from CSV, JSON, NDJSON or LinkedIn's exports.
import type { Command } from 'commander';
import type { ImportSummary } from '../services/import/index.js';
import { keepMemoryFlat } from '../services/import/memory.js';
import { IMPORT_FORMATS, IMPORT_TYPES } from '../services/import/types.js';
import { withSignedIn } from '../services/workspace.js';
import { RowsRejectedError } from '../domain/errors.js';
import { printJson, printLine, printNote, printSuccess, printWarning } from '../ui/output.js';
import { startProgress } from '../ui/progress.js';
import { globalOptions, nounSummary } from './index.js';

interface ImportFlags {
  type?: string;
  format?: string;
  dryRun?: boolean;
  rejects?: string;
  raw?: boolean;
}

// Before the import's modules load (they are imported in the action): V8 sizes its young
// generation while they load, and an import's memory stays flat only if it stays small.
keepMemoryFlat();

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

function printSummary(summary: ImportSummary, rejectsFile: string | undefined): void {
  const verb = summary.dryRun ? 'Would import' : 'Imported';
  printSuccess(
    `${verb} ${summary.type}: ${summary.inserted} new, ${summary.updated} updated, ` +
      `${summary.skipped} unchanged, ${summary.rejected} rejected`,
  );
  for (const [name, counts] of Object.entries(summary.related)) {
    if (counts.inserted + counts.updated > 0) {
      printLine(`  and ${name}: ${counts.inserted} new, ${counts.updated} updated`);
    }
  }
  if (summary.unknownColumns.length > 0) {
    printWarning(
      `columns with no matching field, kept in ${summary.unknownColumnsKeptIn}: ${summary.unknownColumns.join(', ')}`,
    );
  }
  for (const rejection of summary.rejects.slice(0, 20)) {
    printNote(`line ${rejection.line}: ${rejection.reason}`);
  }
  if (summary.rejected > 20) {
    printNote(
      rejectsFile === undefined
        ? `... and ${plural(summary.rejected - 20, 'more rejected row')}; pass --rejects FILE to get them all`
        : `... and ${plural(summary.rejected - 20, 'more rejected row')}, all in ${rejectsFile}`,
    );
  }
  if (summary.dryRun) printNote('Dry run: nothing was written.');
}

export function register(program: Command): void {
  program
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
    .addHelpText(
      'after',
      '\nExit codes: 0 all rows imported, 8 some rows rejected (the others are in), 2 usage.\n' +
        'Rerunning a file changes nothing: rows are matched to records by natural keys.\n' +
        "A CSV cell that is ' (or more) then = + - @, a tab or a carriage return loses one ':\n" +
        '`career export` adds it so spreadsheets do not run formulas, and --rejects files too.',
    )
    .action(async (file: string, flags: ImportFlags, command: Command) => {
      const { openImport, runImport } = await import('../services/import/index.js');
      const globals = globalOptions(command);
      // Opened before signing in: a usage error (type, format, file) writes nothing.
      const opened = await openImport({
        file,
        ...(flags.type === undefined ? {} : { type: flags.type }),
        ...(flags.format === undefined ? {} : { format: flags.format }),
        raw: flags.raw === true,
      });
      // The engine on its own thread stores one batch while this one reads and checks the next.
      const connectOptions = { dbUri: globals.dbUri, engineThread: true };
      const summary = await withSignedIn(connectOptions, async ({ data }) => {
        const progress = await startProgress({
          enabled: !globals.json,
          total: opened.size,
          label: `Importing ${opened.type}`,
        });
        try {
          return await runImport(data, opened, {
            dryRun: flags.dryRun === true,
            rejectsFile: flags.rejects,
            onProgress: (rows, bytes) => progress.update(rows, bytes),
          });
        } finally {
          progress.stop();
        }
      });
      if (globals.json) printJson(summary);
      else printSummary(summary, flags.rejects);
      if (summary.rejected > 0) {
        throw new RowsRejectedError(
          `${plural(summary.rejected, 'row')} rejected; the others were imported`,
          {
            hint:
              flags.rejects === undefined
                ? 'pass --rejects FILE to get the rejected rows with their reasons as CSV'
                : `the rejected rows and their reasons are in ${flags.rejects}`,
          },
        );
      }
    });
}
