// `career apply unarchive`: bring archived applications back into every view.
import type { Command } from 'commander';
import { setApplicationsArchived } from '../../services/archive-service.js';
import type { ApplicationWithJob } from '../../services/application-service.js';
import { withPrintedIds } from '../../services/short-ids.js';
import { idReport, printNamed, type ArchiveReport } from '../archive-output.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { APPLICATION_NOUN } from './archive.js';

export interface ApplyUnarchiveOptions {
  globals: GlobalOptions;
  /** Application ids or prefixes. */
  ids: string[];
}

/** `career apply unarchive --json`: the applications restored and those that were not archived. */
export type ApplyUnarchiveJson = JsonOf<ArchiveReport<ApplicationWithJob>>;

export function unarchiveCommand(apply: Command, context: CommandContext): Command {
  return apply
    .command('unarchive')
    .description('Restore archived applications')
    .argument('<ids...>', 'application ids (or unique prefixes of at least 4 characters)')
    .action((ids: string[], _flags: object, command: Command) =>
      run({ globals: globalOptions(command), ids }, context),
    );
}

export async function run(options: ApplyUnarchiveOptions, context: CommandContext): Promise<void> {
  const [report, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) => {
      const outcome = await setApplicationsArchived(data, {
        ids: options.ids,
        at: null,
        dryRun: false,
      });
      return withPrintedIds(data, idReport(outcome, false), (each) => ({
        application: [...each.changed, ...each.unchanged].map((record) => record._id),
      }));
    },
  );
  if (options.globals.json) context.out.printJson(report);
  else printNamed(context, report, APPLICATION_NOUN, ids, true);
}
