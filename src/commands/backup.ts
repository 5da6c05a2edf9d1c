// `career backup ...`: archives of the whole database, made to run from cron (no sign-in,
// --quiet, exit codes) and refused on restore unless every byte checks out.
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  backupDirectory,
  createBackup,
  listBackups,
  restoreBackup,
  verifyBackup,
  type BackupSummary,
  type CreatedBackup,
  type RestoredBackup,
  type VerifiedBackup,
} from '../services/backup-service.js';
import {
  printFields,
  printJson,
  printLine,
  printNote,
  printSuccess,
  printWarning,
} from '../ui/output.js';
import { confirmOrRequireYes } from '../ui/prompts.js';
import { renderTable } from '../ui/table.js';
import { globalOptions, nounSummary } from './index.js';

interface CreateFlags {
  dir?: string;
  keep?: number;
  quiet?: boolean;
  tool?: 'mongodump';
}

interface RestoreFlags {
  dir?: string;
  drop?: boolean;
  yes?: boolean;
  tool?: 'mongorestore';
}

function parseKeep(value: string): number {
  const keep = Number(value);
  if (!Number.isInteger(keep) || keep < 1) {
    throw new InvalidArgumentError('must be a whole number of 1 or more');
  }
  return keep;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function formatCreated(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

const dirOption = (): Option =>
  new Option('--dir <dir>', 'the backups directory (default: backups under CAREER_HOME)');

export function register(program: Command): void {
  const backup = program
    .command('backup')
    .description(nounSummary('backup'))
    .addHelpText(
      'after',
      `\nBackups hold every user's data (no sign-in needed), except sign-in sessions.\nFor cron:  0 3 * * *  career backup create --quiet --keep 14`,
    );

  backup
    .command('create')
    .description('Write an archive of the whole database (gzip, checksummed)')
    .addOption(dirOption())
    .option('--keep <n>', 'then delete all but the newest N archives in the directory', parseKeep)
    .option('--quiet', 'print nothing unless something fails (for cron)')
    .addOption(
      new Option('--tool <tool>', 'use mongodump instead of the built-in format').choices([
        'mongodump',
      ]),
    )
    .action(async (flags: CreateFlags, command: Command) => {
      const globals = globalOptions(command);
      const created = await createBackup({
        dbUri: globals.dbUri,
        dir: flags.dir,
        keep: flags.keep,
        tool: flags.tool,
        quiet: flags.quiet === true,
      });
      if (flags.quiet) return;
      if (globals.json) printJson(created);
      else printCreated(created);
    });

  backup
    .command('list')
    .description('List the archives in the backups directory, oldest first')
    .addOption(dirOption())
    .action(async (flags: { dir?: string }, command: Command) => {
      const backups = await listBackups(flags.dir);
      if (globalOptions(command).json) printJson(backups);
      else printList(backups, backupDirectory(flags.dir));
    });

  backup
    .command('verify')
    .description(
      'Check an archive: gzip, every entry, checksums and counts, versions, every document and index a restore would make',
    )
    .argument('<archive>', 'a path, or a name from `career backup list`')
    .addOption(dirOption())
    .action(async (archive: string, flags: { dir?: string }, command: Command) => {
      const verified = await verifyBackup(archive, flags.dir);
      for (const warning of verified.warnings) printWarning(warning);
      if (globalOptions(command).json) printJson(verified);
      else printVerified(verified);
    });

  backup
    .command('restore')
    .description('Replace the database with an archive (checked in full first)')
    .argument('<archive>', 'a path, or a name from `career backup list`')
    .addOption(dirOption())
    .option('--drop', 'replace a database that already holds data')
    .option('--yes', 'with --drop: do not ask for confirmation')
    .addOption(
      new Option('--tool <tool>', 'use mongorestore (for mongodump archives)').choices([
        'mongorestore',
      ]),
    )
    .addHelpText(
      'after',
      '\nA restore refuses a corrupt, truncated or newer archive before writing anything, runs\nthe data migrations on an older one, and signs nobody in (sessions are not in backups).',
    )
    .action(async (archive: string, flags: RestoreFlags, command: Command) => {
      const globals = globalOptions(command);
      const restored = await restoreBackup({
        dbUri: globals.dbUri,
        archive,
        dir: flags.dir,
        drop: flags.drop === true,
        tool: flags.tool,
        quiet: globals.json,
        confirmReplace: (existing, location) =>
          confirmOrRequireYes(
            `Replace the ${existing.documents} documents in ${location} with ${archive}?`,
            flags.yes,
            'replacing the data with --drop',
          ),
      });
      if (!restored.cancelled) for (const warning of restored.warnings) printWarning(warning);
      if (globals.json) printJson(restored);
      else printRestored(restored);
    });
}

function printCreated(created: CreatedBackup): void {
  const what =
    created.documents === null
      ? 'Backed up the database with mongodump'
      : `Backed up ${plural(created.documents, 'document')} in ${plural(Object.keys(created.collections ?? {}).length, 'collection')}`;
  printSuccess(`${what} to ${created.file} (${formatBytes(created.bytes)})`);
  if (created.pruned.length > 0) {
    printNote(`Deleted ${created.pruned.length} older backup(s): ${created.pruned.join(', ')}`);
  }
}

function printList(backups: BackupSummary[], dir: string): void {
  if (backups.length === 0) {
    printLine(`No backups in ${dir} yet.`);
    printNote('Make one with `career backup create`.');
    return;
  }
  printLine(
    renderTable(
      ['Name', 'Created', 'Size', 'Documents', 'Format'],
      backups.map((backup) => [
        backup.name,
        formatCreated(backup.createdAt),
        formatBytes(backup.bytes),
        backup.documents === null
          ? backup.kind === 'career'
            ? 'unreadable'
            : ''
          : String(backup.documents),
        backup.kind,
      ]),
    ),
  );
  printNote(`In ${dir}`);
}

function printVerified(verified: VerifiedBackup): void {
  printFields([
    ['Archive', verified.file],
    ['Created', formatCreated(verified.createdAt)],
    ['Written by', `career ${verified.appVersion}`],
    ['Schema', `version ${verified.schemaVersion}`],
    ['Size', formatBytes(verified.bytes)],
  ]);
  printLine(
    renderTable(
      ['Collection', 'Documents'],
      Object.entries(verified.collections ?? {}).map(([name, count]) => [name, String(count)]),
    ),
  );
  printSuccess(
    `Intact: ${plural(verified.documents ?? 0, 'document')}, every checksum matches, every document restorable`,
  );
}

function printRestored(restored: RestoredBackup): void {
  if (restored.cancelled) {
    printNote('Cancelled; nothing was changed.');
    return;
  }
  const what =
    restored.documents === null
      ? `Restored ${restored.name} with mongorestore`
      : `Restored ${plural(restored.documents, 'document')} in ${plural(Object.keys(restored.collections ?? {}).length, 'collection')} from ${restored.name}`;
  printSuccess(restored.replaced > 0 ? `${what} (replacing ${restored.replaced})` : what);
  const migration = restored.migration;
  if (migration && migration.applied.length > 0) {
    printSuccess(`Migrated the data from schema version ${migration.from} to ${migration.to}`);
  }
  printNote(
    'Nobody is signed in to the restored data (sessions are not backed up): use `career auth login`.',
  );
}
