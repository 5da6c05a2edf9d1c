// `career backup verify`: every check a restore would make, without restoring.
import type { Command } from 'commander';
import { verifyBackup, type VerifiedBackup } from '../../services/backup-service.js';
import { renderTable } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { dirOption, formatBytes, formatCreated, plural } from './render.js';

export interface BackupVerifyOptions {
  globals: GlobalOptions;
  /** A path, or a name from `career backup list`. */
  archive: string;
  dir: string | undefined;
}

/** the checked archive: versions, counts, and the warnings a restore would print. */
export type BackupVerifyJson = JsonOf<VerifiedBackup>;

export function verifyCommand(backup: Command, context: CommandContext): Command {
  return backup
    .command('verify')
    .description(
      'Check an archive: gzip, every entry, checksums and counts, versions, every document and index a restore would make',
    )
    .argument('<archive>', 'a path, or a name from `career backup list`')
    .addOption(dirOption())
    .action((archive: string, flags: { dir?: string }, command: Command) =>
      run({ globals: globalOptions(command), archive, dir: flags.dir }, context),
    );
}

export async function run(options: BackupVerifyOptions, context: CommandContext): Promise<void> {
  const verified = await verifyBackup(options.archive, options.dir, context.paths);
  for (const warning of verified.warnings) context.out.printWarning(warning);
  if (options.globals.json) context.out.printJson(verified);
  else printVerified(verified, context);
}

function printVerified(verified: VerifiedBackup, { out, io }: CommandContext): void {
  out.printFields([
    ['Archive', verified.file],
    ['Created', formatCreated(verified.createdAt)],
    ['Written by', `career ${verified.appVersion}`],
    ['Schema', `version ${verified.schemaVersion}`],
    ['Size', formatBytes(verified.bytes)],
  ]);
  out.printLine(
    renderTable(
      ['Collection', 'Documents'],
      Object.entries(verified.collections ?? {}).map(([name, count]) => [name, String(count)]),
      io,
    ),
  );
  out.printSuccess(
    `Intact: ${plural(verified.documents ?? 0, 'document')}, every checksum matches, every document restorable`,
  );
}
