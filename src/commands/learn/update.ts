// `career learn update`: change a learning activity (an empty value clears an optional field).
import type { Command } from 'commander';
import { parseList } from '../../domain/choices.js';
import { parseDate } from '../../domain/dates.js';
import {
  updateActivity,
  type ActivityDocument,
  type UpdateActivityInput,
} from '../../services/learning-service.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import {
  addActivityOptions,
  parseStatus,
  parseType,
  printWritten,
  type ActivityFlags,
} from './fields.js';

export interface LearnUpdateOptions {
  globals: GlobalOptions;
  /** An activity id or a unique prefix of one. */
  id: string;
  changes: UpdateActivityInput;
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
      run({ globals: globalOptions(command), id, changes: changesFrom(flags) }, context),
    );
}

// An empty value clears an optional field on update (`--start ''`).
function optionalDate(value: string | undefined, flag: string): Date | null | undefined {
  if (value === undefined) return undefined;
  return value.trim() === '' ? null : parseDate(value, flag);
}

function changesFrom(flags: LearnUpdateFlags): UpdateActivityInput {
  const input: UpdateActivityInput = {};
  if (flags.title !== undefined) input.title = flags.title;
  if (flags.type !== undefined) input.type = parseType(flags.type);
  if (flags.status !== undefined) input.status = parseStatus(flags.status);
  if (flags.provider !== undefined) input.provider = flags.provider;
  if (flags.notes !== undefined) input.notes = flags.notes;
  if (flags.certificate !== undefined) input.certificateUrl = flags.certificate;
  const startDate = optionalDate(flags.start, 'start');
  if (startDate !== undefined) input.startDate = startDate;
  const expectedEndDate = optionalDate(flags.expectedEnd, 'expectedEnd');
  if (expectedEndDate !== undefined) input.expectedEndDate = expectedEndDate;
  if (flags.skills !== undefined) input.skills = parseList(flags.skills);
  if (flags.addSkills !== undefined) input.addSkills = parseList(flags.addSkills);
  if (flags.removeSkills !== undefined) input.removeSkills = parseList(flags.removeSkills);
  return input;
}

export async function run(options: LearnUpdateOptions, context: CommandContext): Promise<void> {
  const [activity, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(data, await updateActivity(data, options.id, options.changes), (written) => ({
        activity: [written._id],
      })),
  );
  printWritten(context, options.globals.json, activity, 'Updated', ids);
}
