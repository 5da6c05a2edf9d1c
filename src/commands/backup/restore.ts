// `career backup restore`: replace the database with an archive, checked in full first.
import type { Command } from 'commander';
import { restoreBackup, type RestoredBackup } from '../../services/backup-service.js';
import type { Printer } from '../../ui/output.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { choiceOption } from '../options/choice.js';
import { databaseChoice, dirOption, plural } from './render.js';

export interface BackupRestoreOptions {
  globals: GlobalOptions;
  /** A path, or a name from `career backup list`. */
  archive: string;
  dir: string | undefined;
  drop: boolean;
  yes: boolean;
  tool: 'mongorestore' | undefined;
}

/** what was restored, replaced and migrated; cancelled when the replacement was refused. */
export type BackupRestoreJson = JsonOf<RestoredBackup>;

interface RestoreFlags {
  dir?: string;
  drop?: boolean;
  yes?: boolean;
  tool?: 'mongorestore';
}

export function restoreCommand(backup: Command, context: CommandContext): Command {
  return backup
    .command('restore')
    .description('Replace the database with an archive (checked in full first)')
    .argument('<archive>', 'a path, or a name from `career backup list`')
    .addOption(dirOption())
    .option('--drop', 'replace a database that already holds data')
    .option('--yes', 'with --drop: do not ask for confirmation')
    .addOption(
      choiceOption(
        '--tool <tool>',
        'use mongorestore (for mongodump archives)',
        ['mongorestore'],
        'tool',
      ),
    )
    .addHelpText(
      'after',
      '\nA restore refuses a corrupt, truncated or newer archive before writing anything, runs\nthe data migrations on an older one, and signs nobody in (sessions are not in backups).',
    )
    .action((archive: string, flags: RestoreFlags, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          archive,
          dir: flags.dir,
          drop: flags.drop === true,
          yes: flags.yes === true,
          tool: flags.tool,
        },
        context,
      ),
    );
}

export async function run(options: BackupRestoreOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const restored = await restoreBackup({
    ...databaseChoice(options.globals.dbUri, context),
    archive: options.archive,
    dir: options.dir,
    drop: options.drop,
    tool: options.tool,
    quiet: options.globals.json,
    toolOutput: context.io.stderr.stream,
    confirmReplace: (existing, location) =>
      context.prompts.confirmOrRequireYes(
        `Replace the ${existing.documents} documents in ${location} with ${options.archive}?`,
        options.yes,
        'replacing the data with --drop',
      ),
  });
  if (!restored.cancelled) for (const warning of restored.warnings) out.printWarning(warning);
  if (options.globals.json) out.printJson(restored);
  else printRestored(out, restored);
}

function printRestored(out: Printer, restored: RestoredBackup): void {
  if (restored.cancelled) {
    out.printNote('Cancelled; nothing was changed.');
    return;
  }
  const what =
    restored.documents === null
      ? `Restored ${restored.name} with mongorestore`
      : `Restored ${plural(restored.documents, 'document')} in ${plural(Object.keys(restored.collections ?? {}).length, 'collection')} from ${restored.name}`;
  out.printSuccess(restored.replaced > 0 ? `${what} (replacing ${restored.replaced})` : what);
  const migration = restored.migration;
  if (migration && migration.applied.length > 0) {
    out.printSuccess(`Migrated the data from schema version ${migration.from} to ${migration.to}`);
  }
  out.printNote(
    'Nobody is signed in to the restored data (sessions are not backed up): use `career auth login`.',
  );
}
