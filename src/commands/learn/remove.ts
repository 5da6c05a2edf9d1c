// `career learn remove`: delete a learning activity.
import type { Command } from 'commander';
import {
  getActivity,
  removeActivity,
  type ActivityDocument,
} from '../../services/learning-service.js';
import type { UserRepositories } from '../../repositories/index.js';
import { UsageError } from '../../domain/errors.js';
import { shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface LearnRemoveOptions {
  globals: GlobalOptions;
  /** An activity id or a unique prefix of one. */
  id: string;
  /** Do not ask (required without a terminal). */
  yes: boolean;
}

/** `career learn remove --json`: the activity as it was. */
export type LearnRemoveJson = JsonOf<ActivityDocument>;

export function removeCommand(learn: Command, context: CommandContext): Command {
  return learn
    .command('remove')
    .description('Delete a learning activity')
    .argument('<id>', 'its id or a unique prefix (4+ characters)')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .action((id: string, flags: { yes?: boolean }, command: Command) =>
      run({ globals: globalOptions(command), id, yes: flags.yes === true }, context),
    );
}

export async function run(options: LearnRemoveOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  if (!options.yes && !context.prompts.canPrompt()) {
    throw new UsageError('removing needs confirmation: pass --yes', {
      hint: `career learn remove ${options.id} --yes`,
    });
  }
  const result = await context.withSignedIn({ dbUri: options.globals.dbUri }, async ({ data }) => {
    const removed = await confirmAndRemove(data, options, context);
    return removed && withPrintedIds(data, removed, (each) => ({ activity: [each._id] }));
  });
  if (!result) {
    out.printNote('Nothing removed.');
    return;
  }
  const [removed, ids] = result;
  if (options.globals.json) out.printJson(removed);
  else out.printSuccess(`Removed: ${removed.title} (${shortId(removed._id.toHexString(), ids)})`);
}

/** The removal, after the question (undefined when the person says no). */
async function confirmAndRemove(
  data: UserRepositories,
  options: LearnRemoveOptions,
  { prompts }: CommandContext,
): Promise<ActivityDocument | undefined> {
  if (!options.yes) {
    const activity = await getActivity(data, options.id);
    if (!(await prompts.askYesNo(`Remove '${activity.title}'?`, false))) return undefined;
  }
  return removeActivity(data, options.id);
}
