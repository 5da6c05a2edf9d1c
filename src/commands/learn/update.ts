// `career learn update`: change a learning activity (an empty value clears an optional field).
import type { Command } from 'commander';
import { parseList } from '../../domain/choices.js';
import {
  getActivity,
  updateActivity,
  type ActivityDocument,
  type UpdateActivityInput,
} from '../../services/learning-service.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import {
  addActivityOptions,
  parseStatus,
  parseType,
  printWritten,
  startField,
  type ActivityFlags,
} from './fields.js';
import type { UserRepositories } from '../../repositories/index.js';
import { checkedDate, DATE_FIELDS, printDateLines } from '../options/dates.js';

export interface LearnUpdateOptions {
  globals: GlobalOptions;
  /** An activity id or a unique prefix of one. */
  id: string;
  changes: UpdateActivityInput;
  /** --start as given: its sense depends on the activity's status (planned: ahead). */
  start?: string | undefined;
  expectedEnd?: string | undefined;
}

/** `career learn update --json`: the activity after the change. */
export type LearnUpdateJson = JsonOf<ActivityDocument>;

interface LearnUpdateFlags extends ActivityFlags {
  addSkills?: string;
  removeSkills?: string;
}

export function updateCommand(learn: Command, context: CommandContext): Command {
  const command = learn
    .command('update')
    .description('Change a learning activity (an empty value clears an optional field)')
    .argument('<id>', 'its id or a unique prefix (4+ characters)');
  return addActivityOptions(command)
    .option('--add-skills <list>', 'skills to add to the activity, comma-separated')
    .option('--remove-skills <list>', 'skills to remove from the activity, comma-separated')
    .action((id: string, flags: LearnUpdateFlags, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          id,
          changes: changesFrom(flags),
          start: flags.start,
          expectedEnd: flags.expectedEnd,
        },
        context,
      ),
    );
}

function changesFrom(flags: LearnUpdateFlags): UpdateActivityInput {
  const input: UpdateActivityInput = {};
  if (flags.title !== undefined) input.title = flags.title;
  if (flags.type !== undefined) input.type = parseType(flags.type);
  if (flags.status !== undefined) input.status = parseStatus(flags.status);
  if (flags.provider !== undefined) input.provider = flags.provider;
  if (flags.notes !== undefined) input.notes = flags.notes;
  if (flags.certificate !== undefined) input.certificateUrl = flags.certificate;
  if (flags.skills !== undefined) input.skills = parseList(flags.skills);
  if (flags.addSkills !== undefined) input.addSkills = parseList(flags.addSkills);
  if (flags.removeSkills !== undefined) input.removeSkills = parseList(flags.removeSkills);
  return input;
}

// An empty value clears an optional field on update (`--start ''`).
async function datesOf(
  data: UserRepositories,
  options: LearnUpdateOptions,
  context: CommandContext,
): Promise<Pick<UpdateActivityInput, 'startDate' | 'expectedEndDate'>> {
  const dates: Pick<UpdateActivityInput, 'startDate' | 'expectedEndDate'> = {};
  const { start, expectedEnd } = options;
  if (expectedEnd !== undefined) {
    dates.expectedEndDate =
      expectedEnd.trim() === ''
        ? null
        : await checkedDate(context, expectedEnd, DATE_FIELDS.learningEnd);
  }
  if (start === undefined) return dates;
  if (start.trim() === '') return { ...dates, startDate: null };
  const status = options.changes.status ?? (await getActivity(data, options.id)).status;
  return { ...dates, startDate: await checkedDate(context, start, startField(status)) };
}

export async function run(options: LearnUpdateOptions, context: CommandContext): Promise<void> {
  const activity = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) => {
      const changes = { ...options.changes, ...(await datesOf(data, options, context)) };
      return updateActivity(data, options.id, changes, context.clock.now());
    },
  );
  printWritten(context, options.globals.json, activity, 'Updated');
  if (options.globals.json) return;
  printDateLines(context, [
    [startField(activity.status), options.start === undefined ? undefined : activity.startDate],
    [
      DATE_FIELDS.learningEnd,
      options.expectedEnd === undefined ? undefined : activity.expectedEndDate,
    ],
  ]);
}
