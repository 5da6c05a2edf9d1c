// `career db indexes [--sync] [--dry-run] [--drop-extra]`: the indexes career's schemas declare
// against those the database has; --sync creates the missing ones. An index no schema
// declares (extra) or one named as declared but built otherwise (different) is reported and
// kept unless --drop-extra says to drop it (a different one is then built as declared).
import type { Command } from 'commander';
import { withDatabase } from '../../db/connect.js';
import { plural } from '../../domain/phrases.js';
import {
  compareIndexes,
  type IndexComparison,
  type IndexReport,
} from '../../services/index-sync.js';
import { renderTable } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface DbIndexesOptions {
  globals: GlobalOptions;
  sync: boolean;
  dryRun: boolean;
  dropExtra: boolean;
}

/** each declared index (present, missing, different) and each extra one, with what was done. */
export type DbIndexesJson = JsonOf<IndexReport>;

interface DbIndexesFlags {
  sync?: boolean;
  dryRun?: boolean;
  dropExtra?: boolean;
}

export function indexesCommand(db: Command, context: CommandContext): Command {
  return db
    .command('indexes')
    .description(
      "Compare the indexes career declares with the database's; --sync creates missing ones",
    )
    .option('--sync', 'create the missing indexes')
    .option('--dry-run', 'with --sync: show what would change, and change nothing')
    .option('--drop-extra', 'with --sync: also drop extra indexes and rebuild different ones')
    .action((flags: DbIndexesFlags, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          // --dry-run and --drop-extra are about a sync: either one asks for it.
          sync: flags.sync === true || flags.dryRun === true || flags.dropExtra === true,
          dryRun: flags.dryRun === true,
          dropExtra: flags.dropExtra === true,
        },
        context,
      ),
    );
}

export async function run(options: DbIndexesOptions, context: CommandContext): Promise<void> {
  const report = await withDatabase(
    { dbUri: options.globals.dbUri, env: context.env as NodeJS.ProcessEnv, paths: context.paths },
    (database) => compareIndexes(database, options),
  );
  if (options.globals.json) context.out.printJson(report);
  else printReport(report, options, context);
}

function keyText(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([field, kind]) => `${field}: ${String(kind)}`)
    .join(', ');
}

const DONE: Record<IndexComparison['action'], [done: string, planned: string]> = {
  none: ['', ''],
  create: ['created', 'would create'],
  drop: ['dropped', 'would drop'],
  rebuild: ['rebuilt', 'would rebuild'],
};

function count(rows: readonly IndexComparison[], test: (row: IndexComparison) => boolean): number {
  return rows.filter(test).length;
}

function printReport(
  report: IndexReport,
  options: DbIndexesOptions,
  { out, io }: CommandContext,
): void {
  const rows = report.indexes;
  // The present ones are the many and need nothing: --json lists them all.
  const notable = rows.filter((row) => row.state !== 'present');
  if (notable.length > 0) {
    out.printLine(
      renderTable(
        ['Collection', 'Index', 'Key', 'Unique', 'State', 'Action'],
        notable.map((row) => [
          row.collection,
          row.name,
          keyText(row.key),
          row.unique ? 'yes' : '',
          row.state,
          DONE[row.action][options.dryRun ? 1 : 0],
        ]),
        io,
      ),
    );
  } else out.printSuccess(`All ${rows.length} indexes career declares are present`);
  const states = (['present', 'missing', 'different', 'extra'] as const)
    .map((state) => [state, count(rows, (row) => row.state === state)] as const)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`);
  if (notable.length > 0) {
    out.printNote(`${plural(rows.length, 'index', 'indexes')}: ${states.join(', ')}.`);
  }
  const acted = rows.filter((row) => row.action !== 'none');
  const kept = count(
    rows,
    (row) => row.state !== 'present' && row.state !== 'missing' && row.action === 'none',
  );
  if (options.dryRun) {
    out.printNote(
      `Dry run: would change ${plural(acted.length, 'index', 'indexes')}; nothing changed.`,
    );
  } else if (options.sync) {
    out.printSuccess(
      acted.length === 0
        ? 'Nothing to change'
        : `Changed ${plural(acted.length, 'index', 'indexes')}`,
    );
  } else if (count(rows, (row) => row.state === 'missing') > 0) {
    out.printNote('Run `career db indexes --sync` to create the missing ones.');
  }
  if (kept > 0) {
    out.printNote(
      `Kept ${plural(kept, 'extra or different index', 'extra or different indexes')}: --sync --drop-extra drops extra ones and rebuilds different ones.`,
    );
  }
}
