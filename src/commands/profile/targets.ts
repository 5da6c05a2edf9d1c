// `career profile targets`: your weekly targets and this week's progress; override them.
import type { ChalkInstance } from 'chalk';
import type { Command } from 'commander';
import {
  changeTargetOverrides,
  MAX_TARGET,
  parseTarget,
  weeklyStatus,
  type TargetProgress,
  type WeeklyStatus,
} from '../../services/targets-service.js';
import { weekSummaryLine } from '../../ui/agenda-view.js';
import { coloursFor } from '../../ui/colours.js';
import type { Printer } from '../../ui/output.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface ProfileTargetsOptions {
  globals: GlobalOptions;
  /** The overrides to set (none: only show). */
  changes: { applicationsPerWeek?: number; followUpsPerWeek?: number; reset: boolean };
}

/** `career profile targets --json`: the targets and this week's progress. */
export type ProfileTargetsJson = JsonOf<WeeklyStatus>;

interface TargetsFlags {
  applications?: string;
  followUps?: string;
  reset?: boolean;
}

export function targetsCommand(profile: Command, context: CommandContext): Command {
  return profile
    .command('targets')
    .description("Show your weekly targets and this week's progress; override them")
    .option('--applications <n>', `applications a week (0-${MAX_TARGET}), instead of the profile's`)
    .option('--follow-ups <n>', `follow-ups a week (0-${MAX_TARGET}), instead of the profile's`)
    .option('--reset', 'remove both overrides: back to the targets from your profile')
    .action((flags: TargetsFlags, command: Command) => run(parse(flags, command), context));
}

function parse(flags: TargetsFlags, command: Command): ProfileTargetsOptions {
  const changes = {
    ...(flags.applications === undefined
      ? {}
      : { applicationsPerWeek: parseTarget(flags.applications, 'applications') }),
    ...(flags.followUps === undefined
      ? {}
      : { followUpsPerWeek: parseTarget(flags.followUps, 'followUps') }),
    reset: flags.reset === true,
  };
  return { globals: globalOptions(command), changes };
}

export async function run(options: ProfileTargetsOptions, context: CommandContext): Promise<void> {
  const { changes } = options;
  const changing = changes.reset || Object.keys(changes).length > 1;
  const status = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    ({ user, data, workspace }) => {
      changeTargetOverrides(workspace.config, changes);
      return weeklyStatus(data, user, workspace.config, context.clock.now());
    },
  );
  if (options.globals.json) {
    context.out.printJson(status);
    return;
  }
  if (changing) context.out.printSuccess(changes.reset ? 'Targets reset' : 'Targets updated');
  printTargets(context.out, status, coloursFor(context.io.stdout));
}

const SOURCE_LABELS = {
  config: 'your override',
  profile: 'from your profile',
  default: 'default',
} as const;

function targetSource(target: TargetProgress): string {
  return `${SOURCE_LABELS[target.source]}: ${target.reason}`;
}

function printTargets(out: Printer, status: WeeklyStatus, colours: ChalkInstance): void {
  out.printFields([
    [
      'Applications a week',
      `${status.applications.perWeek}  (${targetSource(status.applications)})`,
    ],
    ['Follow-ups a week', `${status.followUps.perWeek}  (${targetSource(status.followUps)})`],
  ]);
  out.printLine(weekSummaryLine(status, colours));
}
