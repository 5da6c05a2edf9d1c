// `career apply update`: the date, notes, documents or job of an application.
import type { Command } from 'commander';
import { updateApplication, type ApplicationWithJob } from '../../services/application-service.js';
import { shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { checkedDateFlag, DATE_FIELDS, dateLine } from '../options/dates.js';
import { ID_ARGUMENT, jobLabel } from './shared.js';

export interface ApplyUpdateFlags {
  date?: string;
  notes?: string;
  resume?: string;
  coverLetter?: string;
  job?: string;
}

export interface ApplyUpdateOptions {
  globals: GlobalOptions;
  /** An application id or a unique prefix of one. */
  id: string;
  flags: ApplyUpdateFlags;
}

/** `career apply update --json`: the application after the change, with its job's summary. */
export type ApplyUpdateJson = JsonOf<ApplicationWithJob>;

export function updateCommand(apply: Command, context: CommandContext): Command {
  return apply
    .command('update')
    .description('Change the date, notes, documents or job of an application')
    .argument('<id>', ID_ARGUMENT)
    .option('--date <date>', 'when you applied')
    .option('--notes <text>', 'replace the notes (an empty value clears them)')
    .option('--resume <url>', 'the resume you sent (an empty value clears it)')
    .option('--cover-letter <url>', 'the cover letter you sent (an empty value clears it)')
    .option('--job <id>', 'move the application to another of your jobs')
    .addHelpText('after', '\nChange the status with `career apply status ID STATUS`.')
    .action((id: string, flags: ApplyUpdateFlags, command: Command) =>
      run({ globals: globalOptions(command), id, flags }, context),
    );
}

export async function run(options: ApplyUpdateOptions, context: CommandContext): Promise<void> {
  const { globals, flags } = options;
  const date = await checkedDateFlag(context, flags.date, DATE_FIELDS.applicationDate);
  const [updated, ids] = await context.withSignedIn({ dbUri: globals.dbUri }, async ({ data }) =>
    withPrintedIds(
      data,
      await updateApplication(data, options.id, { ...flags, date }),
      (written) => ({ application: [written._id] }),
    ),
  );
  if (globals.json) {
    context.out.printJson(updated);
    return;
  }
  context.out.printSuccess(
    `Updated application ${shortId(updated._id, ids)} for ${jobLabel(updated)}`,
  );
  if (date && updated.applicationDate) {
    context.out.printLine(dateLine(DATE_FIELDS.applicationDate, updated.applicationDate));
  }
}
