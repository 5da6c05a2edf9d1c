// `career profile ...`: see, change or delete your profile (and `setup`, the init wizard).
import type { Command } from 'commander';
import type { UserProfile } from '../repositories/index.js';
import { deleteAccount, publicProfile, updateProfile } from '../services/profile-service.js';
import {
  changeTargetOverrides,
  MAX_TARGET,
  parseTarget,
  weeklyStatus,
  type TargetProgress,
  type WeeklyStatus,
} from '../services/targets-service.js';
import { withSignedIn } from '../services/workspace.js';
import { parseList } from '../domain/choices.js';
import { weekSummaryLine } from '../ui/agenda-view.js';
import { UsageError } from '../domain/errors.js';
import { printFields, printJson, printLine, printNote, printSuccess } from '../ui/output.js';
import { askYesNo, canPrompt } from '../ui/prompts.js';
import { globalOptions, nounSummary } from './index.js';
import type { CommandContext } from './context.js';
import { setupCommand } from './init/setup.js';
import { addProfileOptions, profileFieldsFromFlags, type ProfileFlags } from './profile-options.js';

export function register(program: Command, context: CommandContext): void {
  const profile = program.command('profile').description(nounSummary('profile'));

  profile
    .command('show')
    .description('Show your profile')
    .action(async (_options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const user = await withSignedIn({ dbUri: globals.dbUri }, async ({ user }) => user);
      if (globals.json) printJson(publicProfile(user));
      else printProfile(user);
    });

  addProfileOptions(profile.command('update').description('Change fields of your profile'), {
    identity: true,
  })
    .option('--add-skills <list>', 'add skills (comma-separated)')
    .option('--remove-skills <list>', 'remove skills (comma-separated)')
    .action(
      async (
        flags: ProfileFlags & { addSkills?: string; removeSkills?: string },
        command: Command,
      ) => {
        const globals = globalOptions(command);
        const changes = profileFieldsFromFlags(flags);
        const skills = {
          ...(flags.addSkills === undefined ? {} : { add: parseList(flags.addSkills) }),
          ...(flags.removeSkills === undefined ? {} : { remove: parseList(flags.removeSkills) }),
        };
        const user = await withSignedIn({ dbUri: globals.dbUri }, ({ user, workspace }) =>
          updateProfile(workspace, user, changes, skills),
        );
        if (globals.json) printJson(publicProfile(user));
        else printSuccess('Profile updated');
      },
    );

  profile
    .command('delete')
    .description('Delete your account and ALL its data (jobs, applications, contacts, ...)')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action(async (flags: { yes?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      if (flags.yes !== true && !canPrompt()) {
        throw new UsageError('deleting the account needs confirmation', {
          hint: 'pass --yes to delete without a prompt',
        });
      }
      const report = await withSignedIn({ dbUri: globals.dbUri }, async (signedIn) => {
        if (flags.yes !== true && !(await confirmDeletion(signedIn.user))) return undefined;
        return deleteAccount(signedIn.workspace, signedIn.user, signedIn.data);
      });
      if (report === undefined) {
        printNote('Nothing was deleted.');
        return;
      }
      if (globals.json) printJson({ deleted: true, ...report });
      else {
        const counts = [
          count(report.jobs, 'job'),
          count(report.applications, 'application'),
          count(report.contacts, 'contact'),
          count(report.connections, 'connection'),
          count(report.activities, 'development activity', 'development activities'),
          count(report.conversations, 'conversation'),
        ];
        printSuccess(`Deleted the account and its ${counts.join(', ')}`);
      }
    });

  profile
    .command('targets')
    .description("Show your weekly targets and this week's progress; override them")
    .option('--applications <n>', `applications a week (0-${MAX_TARGET}), instead of the profile's`)
    .option('--follow-ups <n>', `follow-ups a week (0-${MAX_TARGET}), instead of the profile's`)
    .option('--reset', 'remove both overrides: back to the targets from your profile')
    .action(
      async (
        flags: { applications?: string; followUps?: string; reset?: boolean },
        command: Command,
      ) => {
        const globals = globalOptions(command);
        const changes = {
          ...(flags.applications === undefined
            ? {}
            : { applicationsPerWeek: parseTarget(flags.applications, 'applications') }),
          ...(flags.followUps === undefined
            ? {}
            : { followUpsPerWeek: parseTarget(flags.followUps, 'followUps') }),
          reset: flags.reset === true,
        };
        const changing = flags.reset === true || Object.keys(changes).length > 1;
        const status = await withSignedIn({ dbUri: globals.dbUri }, ({ user, data, workspace }) => {
          changeTargetOverrides(workspace.config, changes);
          return weeklyStatus(data, user, workspace.config);
        });
        if (globals.json) {
          printJson(status);
          return;
        }
        if (changing) printSuccess(flags.reset === true ? 'Targets reset' : 'Targets updated');
        printTargets(status);
      },
    );

  setupCommand(
    profile.command('setup').description('Run the setup wizard (the same as `career init`)'),
    context,
  );
}

function confirmDeletion(user: UserProfile): Promise<boolean> {
  return askYesNo(
    `Delete the account ${user.email} and all its data? This cannot be undone.`,
    false,
  );
}

function printProfile(user: UserProfile): void {
  const yesNo = (value: boolean | null | undefined) => (value === false ? 'off' : 'on');
  printFields([
    ['Name', user.name],
    ['Email', user.email],
    ['Title', user.currentTitle ?? ''],
    ['Company', user.currentCompany ?? ''],
    ['Goal', user.goalType ?? ''],
    ['Timeframe', user.timeframe ?? ''],
    ['Networking', user.networkingIntensity ?? ''],
    ['Skills', user.skills.join(', ')],
    ['Notifications', yesNo(user.preferences?.notifications)],
    ['Email updates', yesNo(user.preferences?.emailUpdates)],
    ['Member since', user.createdAt.toISOString().slice(0, 10)],
  ]);
}

const SOURCE_LABELS = {
  config: 'your override',
  profile: 'from your profile',
  default: 'default',
} as const;

function targetSource(target: TargetProgress): string {
  return `${SOURCE_LABELS[target.source]}: ${target.reason}`;
}

function printTargets(status: WeeklyStatus): void {
  printFields([
    [
      'Applications a week',
      `${status.applications.perWeek}  (${targetSource(status.applications)})`,
    ],
    ['Follow-ups a week', `${status.followUps.perWeek}  (${targetSource(status.followUps)})`],
  ]);
  printLine(weekSummaryLine(status));
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
