// `career learn start`: mark a learning activity as in progress.
import type { Command } from 'commander';
import { startActivity, type ActivityDocument } from '../../services/learning-service.js';
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
    .option('--date <date>', 'when you started (default: now)')
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
  const activity = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ data }) =>
    startActivity(data, options.id, options.date, context.clock.now()),
  );
  printWritten(context, options.globals.json, activity, 'Started');
  if (!options.globals.json) {
    printDateLines(context, [[DATE_FIELDS.learningStarted, activity.startDate]]);
  }
}
