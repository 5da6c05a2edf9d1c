// `career apply remove`: remove an application (its job stays).
import type { Command } from 'commander';
import type { UserRepositories } from '../../repositories/index.js';
import {
  findApplication,
  removeApplication,
  type ApplicationDocument,
} from '../../services/application-service.js';
import { shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { ID_ARGUMENT } from './shared.js';

export interface ApplyRemoveOptions {
  globals: GlobalOptions;
  /** An application id or a unique prefix of one. */
  id: string;
  /** Do not ask (required without a terminal). */
  yes: boolean;
}

/** `career apply remove --json`: the application as it was. */
export type ApplyRemoveJson = JsonOf<ApplicationDocument>;

interface Removed {
  application: ApplicationDocument;
  /** " for TITLE at COMPANY", or nothing when the job is gone. */
  what: string;
}

export function removeCommand(apply: Command, context: CommandContext): Command {
  return apply
    .command('remove')
    .description('Remove an application (its job stays)')
    .argument('<id>', ID_ARGUMENT)
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .action((id: string, flags: { yes?: boolean }, command: Command) =>
      run({ globals: globalOptions(command), id, yes: flags.yes === true }, context),
    );
}

export async function run(options: ApplyRemoveOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const result = await context.withSignedIn({ dbUri: options.globals.dbUri }, async ({ data }) => {
    const removed = await confirmAndRemove(data, options, context);
    return (
      removed && withPrintedIds(data, removed, (each) => ({ application: [each.application._id] }))
    );
  });
  if (!result) {
    out.printNote('Nothing removed.');
    return;
  }
  const [{ application, what }, ids] = result;
  if (options.globals.json) out.printJson(application);
  else out.printSuccess(`Removed application ${shortId(application._id, ids)}${what}`);
}

/** The removal, after the question (undefined when the person says no). */
async function confirmAndRemove(
  data: UserRepositories,
  options: ApplyRemoveOptions,
  { prompts }: CommandContext,
): Promise<Removed | undefined> {
  const application = await findApplication(data, options.id);
  const job = await data.jobs.findById(application.jobId);
  const what = job ? ` for ${job.title} at ${job.company}` : '';
  const question = `Remove the application${what}?`;
  if (!(await prompts.confirmOrRequireYes(question, options.yes, 'removing'))) return undefined;
  await removeApplication(data, application._id);
  return { application, what };
}
