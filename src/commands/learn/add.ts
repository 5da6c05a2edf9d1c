// `career learn add`: a new learning activity (title and type asked for at a terminal).
import type { Command } from 'commander';
import { parseList } from '../../domain/choices.js';
import {
  addActivity,
  type ActivityDocument,
  type AddActivityInput,
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
  typeOrPrompt,
  type ActivityFlags,
} from './fields.js';
import {
  confirmLikelyDate,
  DATE_FIELDS,
  optionalDateFlag,
  printDateLines,
} from '../options/dates.js';

export interface LearnAddOptions {
  globals: GlobalOptions;
  /** Asked for at a terminal when missing. */
  title: string | undefined;
  /** As given (checked before anything is asked); chosen at a terminal when missing. */
  type: string | undefined;
  /** The other fields, parsed. */
  fields: Omit<AddActivityInput, 'title' | 'type'>;
}

/** `career learn add --json`: the activity as stored. */
export type LearnAddJson = JsonOf<ActivityDocument>;

export function addCommand(learn: Command, context: CommandContext): Command {
  return addActivityOptions(learn.command('add').description('Add a learning activity')).action(
    (flags: ActivityFlags, command: Command) => run(parse(flags, command, context), context),
  );
}

/** Everything is checked before anything is asked or written. */
function parse(flags: ActivityFlags, command: Command, context: CommandContext): LearnAddOptions {
  const status = flags.status === undefined ? undefined : parseStatus(flags.status);
  if (flags.type !== undefined) parseType(flags.type);
  const startDate = optionalDateFlag(context, flags.start, startField(status));
  const expectedEndDate = optionalDateFlag(context, flags.expectedEnd, DATE_FIELDS.learningEnd);
  const fields: LearnAddOptions['fields'] = {
    ...(status ? { status } : {}),
    ...(flags.provider !== undefined ? { provider: flags.provider } : {}),
    ...(startDate ? { startDate } : {}),
    ...(expectedEndDate ? { expectedEndDate } : {}),
    ...(flags.skills !== undefined ? { skills: parseList(flags.skills) } : {}),
    ...(flags.notes !== undefined ? { notes: flags.notes } : {}),
    ...(flags.certificate !== undefined ? { certificateUrl: flags.certificate } : {}),
  };
  return { globals: globalOptions(command), title: flags.title, type: flags.type, fields };
}

export async function run(options: LearnAddOptions, context: CommandContext): Promise<void> {
  const { startDate, expectedEndDate, status } = options.fields;
  await confirmLikelyDate(context, startField(status), startDate);
  await confirmLikelyDate(context, DATE_FIELDS.learningEnd, expectedEndDate);
  const title = await context.prompts.valueOrPrompt(options.title, '--title', 'Title');
  const type = await typeOrPrompt(options.type, context);
  const activity = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ data }) =>
    addActivity(data, { title, type, ...options.fields }, context.clock.now()),
  );
  printWritten(context, options.globals.json, activity, 'Added');
  if (options.globals.json) return;
  printDateLines(context, [
    [startField(status), startDate],
    [DATE_FIELDS.learningEnd, expectedEndDate],
  ]);
}
