// `career backup list`: the archives in the backups directory, oldest first.
import type { Command } from 'commander';
import { backupDirectory, listBackups, type BackupSummary } from '../../services/backup-service.js';
import { idColumn, keep, renderTable } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { addWideOption } from '../options/list.js';
import { dirOption, formatBytes, formatCreated } from './render.js';

export interface BackupListOptions {
  globals: GlobalOptions;
  dir: string | undefined;
}

/** every archive in the directory, oldest first (documents null when it cannot be read). */
export type BackupListJson = JsonOf<BackupSummary[]>;

export function listCommand(backup: Command, context: CommandContext): Command {
  const command = backup
    .command('list')
    .description('List the archives in the backups directory, oldest first')
    .addOption(dirOption());
  return addWideOption(command).action((flags: { dir?: string }, command: Command) =>
    run({ globals: globalOptions(command), dir: flags.dir }, context),
  );
}

export async function run(options: BackupListOptions, context: CommandContext): Promise<void> {
  const backups = await listBackups(options.dir, context.paths);
  if (options.globals.json) context.out.printJson(backups);
  else printList(backups, backupDirectory(options.dir, context.paths), options.globals, context);
}

function documentsCell(backup: BackupSummary): string {
  if (backup.documents !== null) return String(backup.documents);
  return backup.kind === 'career' ? 'unreadable' : '';
}

function printList(
  backups: BackupSummary[],
  dir: string,
  globals: GlobalOptions,
  { out, io }: CommandContext,
): void {
  if (backups.length === 0) {
    out.printLine(`No backups in ${dir} yet.`);
    out.printNote('Make one with `career backup create`.');
    return;
  }
  const rows = backups.map((backup) => [
    backup.name,
    formatCreated(backup.createdAt),
    formatBytes(backup.bytes),
    documentsCell(backup),
    backup.kind,
  ]);
  out.printLine(
    renderTable(
      [idColumn('Name'), keep('Created', 3), keep('Size', 2), keep('Documents', 2), keep('Format')],
      rows,
      io,
      { wide: globals.wide },
    ),
  );
  out.printNote(`In ${dir}`);
}
