// `career learn show`: one learning activity.
import type { Command } from 'commander';
import { getActivity, type ActivityDocument } from '../../services/learning-service.js';
import { coloursFor } from '../../ui/colours.js';
import type { Field } from '../../ui/output.js';
import { colourStatus, formatDate } from '../../ui/status-colours.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface LearnShowOptions {
  globals: GlobalOptions;
  /** An activity id or a unique prefix of one. */
  id: string;
}

/** `career learn show --json`: the activity as stored. */
export type LearnShowJson = JsonOf<ActivityDocument>;

export function showCommand(learn: Command, context: CommandContext): Command {
  return learn
    .command('show')
    .description('Show one learning activity')
    .argument('<id>', 'its id or a unique prefix (4+ characters)')
    .action((id: string, _flags: unknown, command: Command) =>
      run({ globals: globalOptions(command), id }, context),
    );
}

export async function run(options: LearnShowOptions, context: CommandContext): Promise<void> {
  const activity = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ data }) =>
    getActivity(data, options.id),
  );
  if (options.globals.json) context.out.printJson(activity);
  else context.out.printFields(activityFields(activity, context));
}

function activityFields(activity: ActivityDocument, context: CommandContext): Field[] {
  const fields: Field[] = [
    ['ID', activity._id.toHexString()],
    ['Title', activity.title],
    ['Type', activity.type],
    ['Status', colourStatus(activity.status, coloursFor(context.io.stdout))],
    ['Provider', activity.provider ?? ''],
    ['Started', formatDate(activity.startDate)],
    ['Expected end', formatDate(activity.expectedEndDate)],
    ['Completed', formatDate(activity.completionDate)],
    ['Skills', activity.skills.join(', ')],
    ['Certificate', activity.certificateUrl ?? ''],
    ['Notes', activity.notes ?? ''],
    ['Created', formatDate(activity.createdAt, true)],
    ['Updated', formatDate(activity.updatedAt, true)],
  ];
  // Fields never set are left out rather than shown empty.
  return fields.filter(([, value]) => value !== '');
}
