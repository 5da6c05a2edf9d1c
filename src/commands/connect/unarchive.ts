// `career connect unarchive`: bring archived connections (and their follow-ups) back.
import type { Command } from 'commander';
import { setConnectionsArchived } from '../../services/archive-service.js';
import type { ConnectionWithContact } from '../../services/connection-service.js';
import { withPrintedIds } from '../../services/short-ids.js';
import { idReport, printNamed, type ArchiveReport } from '../archive-output.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { CONNECTION_NOUN } from './archive.js';

export interface ConnectUnarchiveOptions {
  globals: GlobalOptions;
  /** Connection ids or prefixes. */
  ids: string[];
}

/** `career connect unarchive --json`: the connections restored and those that were not archived. */
export type ConnectUnarchiveJson = JsonOf<ArchiveReport<ConnectionWithContact>>;

export function unarchiveCommand(connect: Command, context: CommandContext): Command {
  return connect
    .command('unarchive')
    .description('Restore archived connections')
    .argument('<ids...>', 'connection ids (or unique prefixes of at least 4 characters)')
    .action((ids: string[], _flags: object, command: Command) =>
      run({ globals: globalOptions(command), ids }, context),
    );
}

export async function run(
  options: ConnectUnarchiveOptions,
  context: CommandContext,
): Promise<void> {
  const [report, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) => {
      const outcome = await setConnectionsArchived(data, {
        ids: options.ids,
        at: null,
        dryRun: false,
      });
      return withPrintedIds(data, idReport(outcome, false), (each) => ({
        connection: [...each.changed, ...each.unchanged].map((record) => record._id),
      }));
    },
  );
  if (options.globals.json) context.out.printJson(report);
  else printNamed(context, report, CONNECTION_NOUN, ids, true);
}
