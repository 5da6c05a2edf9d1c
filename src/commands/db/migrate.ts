// `career db migrate`: bring the data up to the latest schema (safe to run again).
import type { Command } from 'commander';
import { migrate, type MigrationReport } from '../../db/migrations/index.js';
import type { Printer } from '../../ui/output.js';
import { renderTable } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { plural } from '../../domain/phrases.js';

export interface DbMigrateOptions {
  globals: GlobalOptions;
  dryRun: boolean;
}

/** the schema versions before and after, and each step applied (or due, with --dry-run). */
export type DbMigrateJson = JsonOf<MigrationReport>;

export function migrateCommand(db: Command, context: CommandContext): Command {
  return db
    .command('migrate')
    .description('Bring the data up to date with the latest schema (safe to run again)')
    .option('--dry-run', 'show what would change, and change nothing')
    .action((flags: { dryRun?: boolean }, command: Command) =>
      run({ globals: globalOptions(command), dryRun: flags.dryRun === true }, context),
    );
}

export async function run(options: DbMigrateOptions, context: CommandContext): Promise<void> {
  const report = await context.withWorkspace(
    { dbUri: options.globals.dbUri, checkMigrations: false },
    (workspace) => migrate(workspace.repositories, { dryRun: options.dryRun }),
  );
  if (options.globals.json) context.out.printJson(report);
  else printMigration(report, context);
}

function printMigration(report: MigrationReport, { out, io }: CommandContext): void {
  if (report.applied.length === 0) {
    out.printSuccess(`Already up to date (schema version ${report.from})`);
    return;
  }
  out.printLine(
    renderTable(
      ['Version', 'Migration', 'Documents'],
      report.applied.map((step) => [
        String(step.version),
        step.description,
        String(step.documents),
      ]),
      io,
    ),
  );
  for (const step of report.applied) printDuplicates(out, step);
  if (report.dryRun) {
    out.printNote(
      `Dry run: would migrate from version ${report.from} to ${report.to}; nothing changed.`,
    );
  } else out.printSuccess(`Migrated from schema version ${report.from} to ${report.to}`);
}

/** How many duplicates were merged, and the first of those kept (all of them in --json). */
const KEPT_SHOWN = 10;

function printDuplicates(out: Printer, step: MigrationReport['applied'][number]): void {
  const duplicates = step.duplicates;
  if (!duplicates) return;
  for (const [collection, count] of Object.entries(duplicates.merged)) {
    out.printLine(
      `${collection}: ${plural(count, 'exact copy', 'exact copies')} merged into the records they repeated`,
    );
  }
  if (duplicates.kept.length === 0) return;
  out.printLine(
    `${plural(duplicates.kept.length, 'record')} ${duplicates.kept.length === 1 ? 'shares a natural key with another but differs: kept, its' : 'share a natural key with another but differ: kept, their'} key marked`,
  );
  for (const kept of duplicates.kept.slice(0, KEPT_SHOWN)) {
    out.printLine(`  ${kept.collection} ${kept.id} repeats ${kept.duplicateOf}`);
  }
  if (duplicates.kept.length > KEPT_SHOWN) {
    out.printLine(`  and ${duplicates.kept.length - KEPT_SHOWN} more (all of them with --json)`);
  }
  out.printLine(
    'Change or remove one of each pair (`career job show ID`, `contact show ID`, ...).',
  );
}
