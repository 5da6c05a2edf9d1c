// `career apply archive`: file applications away (they leave the list, the board, the agenda,
// the calendar and the coach; `stats` still counts them), by id or in bulk by status and age.
import type { Command } from 'commander';
import {
  archiveStaleApplications,
  bulkOrIds,
  setApplicationsArchived,
} from '../../services/archive-service.js';
import type { ApplicationWithJob } from '../../services/application-service.js';
import { withPrintedIds, type IdLengths } from '../../services/short-ids.js';
import { UsageError } from '../../domain/errors.js';
import { field, say } from '../../domain/phrases.js';
import { colourStatus, formatDate, idShortener } from '../../ui/status-colours.js';
import { coloursFor } from '../../ui/colours.js';
import { idColumn, keep, renderTable, text } from '../../ui/table.js';
import type { TerminalText } from '../../ui/printable.js';
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
import { jobLabel, STATUS_LIST } from './shared.js';

export interface ApplyArchiveOptions {
  globals: GlobalOptions;
  /** Application ids or prefixes (or none, with `statuses`). */
  ids: string[];
  /** Bulk: every application in these statuses (comma-separated)... */
  statuses?: string;
  /** ...whose status last changed longer ago than this (`90d`, `12w`, `3mo`). */
  olderThan?: string;
  dryRun: boolean;
}

/** `career apply archive --json`: the applications archived (or that would be) and those already. */
export type ApplyArchiveJson = JsonOf<ArchiveReport<ApplicationWithJob>>;

interface ApplyArchiveFlags {
  status?: string;
  olderThan?: string;
  dryRun?: boolean;
}

export const APPLICATION_NOUN: ArchiveNoun<ApplicationWithJob> = {
  one: 'application',
  many: 'applications',
  label: jobLabel,
};

export function archiveCommand(apply: Command, context: CommandContext): Command {
  return apply
    .command('archive')
    .description('Archive applications by id, or in bulk by status and age (restorable)')
    .argument('[ids...]', 'application ids (or unique prefixes of at least 4 characters)')
    .option('--status <statuses>', `bulk: every application in these statuses (${STATUS_LIST})`)
    .option(
      '--older-than <span>',
      'bulk: only those whose status last changed over 90d, 12w, 3mo... ago',
    )
    .option('--dry-run', 'list what would be archived and change nothing')
    .action((ids: string[], flags: ApplyArchiveFlags, command: Command) =>
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

export async function run(options: ApplyArchiveOptions, context: CommandContext): Promise<void> {
  const mode = bulkOrIds(options.ids, options.statuses);
  if (mode === 'ids' && options.olderThan !== undefined) {
    throw new UsageError(say`${field('olderThan')} goes with ${field('status')}, not with ids`);
  }
  const now = context.clock.now();
  const [report, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) => {
      const found =
        mode === 'ids'
          ? idReport(
              await setApplicationsArchived(data, {
                ids: options.ids,
                at: now,
                dryRun: options.dryRun,
              }),
              options.dryRun,
            )
          : bulkReport(
              await archiveStaleApplications(
                data,
                {
                  statuses: options.statuses ?? '',
                  olderThan: options.olderThan,
                  dryRun: options.dryRun,
                },
                now,
              ),
            );
      return withPrintedIds(data, found, (each) => ({
        application: [...each.changed, ...each.unchanged].map((record) => record._id),
      }));
    },
  );
  if (options.globals.json) context.out.printJson(report);
  else if (mode === 'ids') printNamed(context, report, APPLICATION_NOUN, ids, false);
  else
    printBulk(context, report, APPLICATION_NOUN, (records) => archivedTable(records, ids, context));
}

/** The applications of a bulk archive, with when their status last changed. */
export function archivedTable(
  applications: readonly ApplicationWithJob[],
  ids: IdLengths,
  context: CommandContext,
): TerminalText {
  const colours = coloursFor(context.io.stdout);
  const short = idShortener(ids);
  return renderTable(
    [idColumn(), text('Company', 3), text('Title', 4), keep('Status', 5), keep('Changed', 2)],
    applications.map((application) => [
      short(application._id),
      application.job?.company ?? '',
      application.job?.title ?? '',
      colourStatus(application.status, colours),
      formatDate(application.statusHistory.at(-1)?.at ?? application.updatedAt),
    ]),
    context.io,
    {},
  );
}
