// `career profile show`: your profile.
import type { Command } from 'commander';
import type { UserProfile } from '../../repositories/index.js';
import { publicProfile } from '../../services/profile-service.js';
import type { Printer } from '../../ui/output.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface ProfileShowOptions {
  globals: GlobalOptions;
}

/** `career profile show --json`: the profile (without the password hash). */
export type ProfileShowJson = JsonOf<UserProfile>;

export function showCommand(profile: Command, context: CommandContext): Command {
  return profile
    .command('show')
    .description('Show your profile')
    .action((_options: unknown, command: Command) =>
      run({ globals: globalOptions(command) }, context),
    );
}

export async function run(options: ProfileShowOptions, context: CommandContext): Promise<void> {
  const user = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ user }) => user,
  );
  if (options.globals.json) context.out.printJson(publicProfile(user));
  else printProfile(context.out, user);
}

function printProfile(out: Printer, user: UserProfile): void {
  const yesNo = (value: boolean | null | undefined) => (value === false ? 'off' : 'on');
  out.printFields([
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
