// `career learn start`: mark a learning activity as in progress.
import type { Command } from 'commander';
import { startActivity, type ActivityDocument } from '../../services/learning-service.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import {
  confirmLikelyDate,
  DATE_FIELDS,
  optionalDateFlag,
  printDateLines,
} from '../options/dates.js';
import { printWritten } from './fields.js';

export interface LearnStartOptions {
  globals: GlobalOptions;
  /** An activity id or a unique prefix of one. */
  id: string;
  /** When you started (now by default). */
  date: Date | undefined;
}

/** `career learn start --json`: the activity, in progress. */
export type LearnStartJson = JsonOf<ActivityDocument>;

export function startCommand(learn: Command, context: CommandContext): Command {
  return learn
    .command('start')
    .description('Mark a learning activity as in progress')
    .argument('<id>', 'its id or a unique prefix (4+ characters)')
    .option('--date <date>', 'when you started (default: its planned start once reached, else now)')
    .action((id: string, flags: { date?: string }, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          id,
          date: optionalDateFlag(context, flags.date, DATE_FIELDS.learningStarted),
        },
        context,
      ),
    );
}

export async function run(options: LearnStartOptions, context: CommandContext): Promise<void> {
  await confirmLikelyDate(context, DATE_FIELDS.learningStarted, options.date);
  const now = context.clock.now();
  const [activity, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(data, await startActivity(data, options.id, options.date, now), (each) => ({
        activity: [each._id],
      })),
  );
  printWritten(context, options.globals.json, activity, 'Started', ids);
  if (!options.globals.json) {
    printDateLines(context, [[DATE_FIELDS.learningStarted, activity.startDate]]);
  }
  const start = activity.startDate ?? undefined;
  if (options.date === undefined && start !== undefined && start.getTime() !== now.getTime()) {
    context.out.printNote('Kept its planned start date; pass --date to set another.');
  }
}
