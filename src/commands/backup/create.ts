// `career backup create`: an archive of the whole database (gzip, checksummed).
import { InvalidArgumentError, type Command } from 'commander';
import { createBackup, type CreatedBackup } from '../../services/backup-service.js';
import type { Printer } from '../../ui/output.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { choiceOption } from '../options/choice.js';
import { databaseChoice, dirOption, formatBytes, plural } from './render.js';

export interface BackupCreateOptions {
  globals: GlobalOptions;
  dir: string | undefined;
  keep: number | undefined;
  quiet: boolean;
  tool: 'mongodump' | undefined;
}

/** the archive written: its name, file, size and counts, and the archives --keep deleted. */
export type BackupCreateJson = JsonOf<CreatedBackup>;

interface CreateFlags {
  dir?: string;
  keep?: number;
  quiet?: boolean;
  tool?: 'mongodump';
}

function parseKeep(value: string): number {
  const keep = Number(value);
  if (!Number.isInteger(keep) || keep < 1) {
    throw new InvalidArgumentError('must be a whole number of 1 or more');
  }
  return keep;
}

export function createCommand(backup: Command, context: CommandContext): Command {
  return backup
    .command('create')
    .description('Write an archive of the whole database (gzip, checksummed)')
    .addOption(dirOption())
    .option('--keep <n>', 'then delete all but the newest N archives in the directory', parseKeep)
    .option('--quiet', 'print nothing unless something fails (for cron)')
    .addOption(
      choiceOption(
        '--tool <tool>',
        'use mongodump instead of the built-in format',
        ['mongodump'],
        'tool',
      ),
    )
    .action((flags: CreateFlags, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          dir: flags.dir,
          keep: flags.keep,
          quiet: flags.quiet === true,
          tool: flags.tool,
        },
        context,
      ),
    );
}

export async function run(options: BackupCreateOptions, context: CommandContext): Promise<void> {
  const created = await createBackup({
    ...databaseChoice(options.globals.dbUri, context),
    dir: options.dir,
    keep: options.keep,
    tool: options.tool,
    quiet: options.quiet,
    toolOutput: context.io.stderr.stream,
  });
  if (options.quiet) return;
  if (options.globals.json) context.out.printJson(created);
  else printCreated(context.out, created);
}

function printCreated(out: Printer, created: CreatedBackup): void {
  const what =
    created.documents === null
      ? 'Backed up the database with mongodump'
      : `Backed up ${plural(created.documents, 'document')} in ${plural(Object.keys(created.collections ?? {}).length, 'collection')}`;
  out.printSuccess(`${what} to ${created.file} (${formatBytes(created.bytes)})`);
  if (created.pruned.length > 0) {
    out.printNote(`Deleted ${created.pruned.length} older backup(s): ${created.pruned.join(', ')}`);
  }
}
