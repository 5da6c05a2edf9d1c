// What the learn verbs share: the activity field flags (`learn add` and `learn update`), the
// --type/--status parsers, and the line or document a written activity prints.
import type { Command } from 'commander';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  type ActivityDocument,
  type ActivityStatus,
  type ActivityType,
} from '../../services/learning-service.js';
import { matchChoice } from '../../domain/choices.js';
import { missingFlag } from '../../ui/prompts.js';
import { shortId } from '../../ui/status-colours.js';
import type { IdLengths } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import { DATE_FIELDS, type DateField } from '../options/dates.js';

/** The activity flags as commander parses them. */
export interface ActivityFlags {
  title?: string;
  type?: string;
  provider?: string;
  start?: string;
  expectedEnd?: string;
  status?: string;
  skills?: string;
  notes?: string;
  certificate?: string;
}

/** The flags `learn add` and `learn update` share. */
export function addActivityOptions(command: Command): Command {
  return command
    .option('--title <title>', 'what you are learning')
    .option('--type <type>', `one of: ${ACTIVITY_TYPES.join(', ')}`)
    .option('--provider <provider>', 'who offers it (a school, platform, employer)')
    .option('--start <date>', 'when it starts or started (2026-03-01, "next monday")')
    .option('--expected-end <date>', 'when you expect to finish')
    .option('--status <status>', `one of: ${ACTIVITY_STATUSES.join(', ')}`)
    .option('--skills <list>', 'skills it teaches, comma-separated')
    .option('--notes <text>', 'anything worth remembering')
    .option('--certificate <url>', 'link to the certificate');
}

export function parseType(value: string): ActivityType {
  return matchChoice(value, ACTIVITY_TYPES, 'type');
}

export function parseStatus(value: string): ActivityStatus {
  return matchChoice(value, ACTIVITY_STATUSES, 'status');
}

/** The start date's field: planned (ahead) unless the activity is under way or done. */
export function startField(status: ActivityStatus | undefined): DateField {
  return status === undefined || status === 'planned'
    ? DATE_FIELDS.learningStart
    : { ...DATE_FIELDS.learningStart, sense: 'past' };
}

/** The type given, or one chosen from a list at a terminal. */
export async function typeOrPrompt(
  value: string | undefined,
  context: CommandContext,
): Promise<ActivityType> {
  if (value !== undefined && value !== '') return parseType(value);
  if (!context.prompts.canPrompt()) throw missingFlag('--type', 'the type');
  const { select } = await import('@inquirer/prompts');
  return select(
    { message: 'Type:', choices: ACTIVITY_TYPES.map((type) => ({ value: type, name: type })) },
    { input: context.io.stdin, output: context.io.stdout.stream },
  );
}

/** Prints a written activity: the document with --json, a success line otherwise. */
export function printWritten(
  context: CommandContext,
  json: boolean,
  activity: ActivityDocument,
  message: string,
  ids: IdLengths,
): void {
  if (json) context.out.printJson(activity);
  else {
    const id = shortId(activity._id.toHexString(), ids);
    context.out.printSuccess(`${message}: ${activity.title} (${id})`);
  }
}
