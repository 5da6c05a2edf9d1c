// `career connect archive`: file connections away (they leave `connect list`, and their
// follow-ups the agenda, the calendar, `connect followup list` and the coach), by id or in
// bulk by status and age.
import { cadenceFacts } from '../../services/cadence-service.js';
import type { Command } from 'commander';
import {
  archiveStaleConnections,
  bulkOrIds,
  setConnectionsArchived,
} from '../../services/archive-service.js';
import {
  CONNECTION_STATUSES,
  type ConnectionWithContact,
} from '../../services/connection-service.js';
import { withPrintedIds } from '../../services/short-ids.js';
import { UsageError } from '../../domain/errors.js';
import { field, say } from '../../domain/phrases.js';
import {
  bulkReport,
  idReport,
  printBulk,
  printNamed,
  type ArchiveNoun,
  type ArchiveReport,
} from '../archive-output.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { connectionsTable, contactLabel } from './render.js';

export interface ConnectArchiveOptions {
  globals: GlobalOptions;
  /** Connection ids or prefixes (or none, with `statuses`). */
  ids: string[];
  /** Bulk: every connection in these statuses (comma-separated)... */
  statuses?: string;
  /** ...not changed for longer than this (`90d`, `12w`, `3mo`). */
  olderThan?: string;
  dryRun: boolean;
}

/** `career connect archive --json`: the connections archived (or that would be) and those already. */
export type ConnectArchiveJson = JsonOf<ArchiveReport<ConnectionWithContact>>;

interface ConnectArchiveFlags {
  status?: string;
  olderThan?: string;
  dryRun?: boolean;
}

export const CONNECTION_NOUN: ArchiveNoun<ConnectionWithContact> = {
  one: 'connection',
  many: 'connections',
  label: contactLabel,
};

export function archiveCommand(connect: Command, context: CommandContext): Command {
  return connect
    .command('archive')
    .description('Archive connections by id, or in bulk by status and age (restorable)')
    .argument('[ids...]', 'connection ids (or unique prefixes of at least 4 characters)')
    .option(
      '--status <statuses>',
      `bulk: every connection in these statuses (${CONNECTION_STATUSES.join(', ')})`,
    )
    .option('--older-than <span>', 'bulk: only those not changed for 90d, 12w, 3mo...')
    .option('--dry-run', 'list what would be archived and change nothing')
    .action((ids: string[], flags: ConnectArchiveFlags, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          ids,
          ...(flags.status === undefined ? {} : { statuses: flags.status }),
          ...(flags.olderThan === undefined ? {} : { olderThan: flags.olderThan }),
          dryRun: flags.dryRun === true,
        },
        context,
      ),
    );
}

export async function run(options: ConnectArchiveOptions, context: CommandContext): Promise<void> {
  const mode = bulkOrIds(options.ids, options.statuses);
  if (mode === 'ids' && options.olderThan !== undefined) {
    throw new UsageError(say`${field('olderThan')} goes with ${field('status')}, not with ids`);
  }
  const now = context.clock.now();
  const { ids: named, dryRun } = options;
  const [report, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) => {
      const found =
        mode === 'ids'
          ? idReport(await setConnectionsArchived(data, { ids: named, at: now, dryRun }), dryRun)
          : bulkReport(
              await archiveStaleConnections(
                data,
                { statuses: options.statuses ?? '', olderThan: options.olderThan, dryRun },
                now,
              ),
            );
      return withPrintedIds(data, found, (each) => ({
        connection: [...each.changed, ...each.unchanged].map((record) => record._id),
      }));
    },
  );
  if (options.globals.json) context.out.printJson(report);
  else if (mode === 'ids') printNamed(context, report, CONNECTION_NOUN, ids, false);
  else {
    printBulk(context, report, CONNECTION_NOUN, (records) =>
      connectionsTable(
        records.map((record) => ({ ...record, ...cadenceFacts(record) })),
        ids,
        context.io,
        options.globals.wide,
        context.clock.now(),
      ),
    );
  }
}
