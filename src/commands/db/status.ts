// `career db status`: the backend, the server, and the collections with their indexes.
import type { Command } from 'commander';
import { withDatabase } from '../../db/connect.js';
import { getDatabaseStatus, type DatabaseStatus } from '../../services/database-status.js';
import { renderTable } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface DbStatusOptions {
  globals: GlobalOptions;
}

/** the backend and where it came from, the server, and each collection's count and indexes. */
export type DbStatusJson = JsonOf<DatabaseStatus>;

export function statusCommand(db: Command, context: CommandContext): Command {
  return db
    .command('status')
    .description('Show the backend, server version, collections, counts and indexes')
    .action((_flags: unknown, command: Command) =>
      run({ globals: globalOptions(command) }, context),
    );
}

export async function run(options: DbStatusOptions, context: CommandContext): Promise<void> {
  const status = await withDatabase(
    { dbUri: options.globals.dbUri, env: context.env as NodeJS.ProcessEnv, paths: context.paths },
    getDatabaseStatus,
  );
  if (options.globals.json) context.out.printJson(status);
  else printStatus(status, context);
}

function formatKey(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}: ${String(direction)}`)
    .join(', ');
}

function describeSource(source: string): string {
  if (source === 'default') return '';
  return ` (from ${source === 'flag' ? '--db-uri' : source})`;
}

function printStatus(status: DatabaseStatus, { out, io }: CommandContext): void {
  out.printFields([
    ['Backend', `${status.backend.kind}${describeSource(status.backend.source)}`],
    ['Location', status.backend.location],
    ['Server', status.serverVersion],
    ['Database', status.database],
  ]);
  out.printLine();
  if (status.collections.length === 0) {
    out.printLine('No collections yet.');
    return;
  }
  out.printHeading('Collections');
  out.printLine(
    renderTable(
      ['Collection', 'Documents', 'Indexes'],
      status.collections.map((c) => [c.name, String(c.documents), String(c.indexes.length)]),
      io,
    ),
  );
  out.printLine();
  out.printHeading('Indexes');
  const indexes = status.collections.flatMap((c) =>
    c.indexes.map((index) => [c.name, index.name, formatKey(index.key), index.unique ? 'yes' : '']),
  );
  out.printLine(renderTable(['Collection', 'Index', 'Key', 'Unique'], indexes, io));
}
