// `career profile update`: change fields of your profile.
import type { Command } from 'commander';
import type { ProfileFields, UserProfile } from '../../repositories/index.js';
import { publicProfile, updateProfile } from '../../services/profile-service.js';
import { parseList } from '../../domain/choices.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import {
  addProfileFieldOptions,
  profileFieldFlags,
  type ProfileFlags,
} from '../options/profile-fields.js';

export interface ProfileUpdateOptions {
  globals: GlobalOptions;
  changes: ProfileFields;
  skills: { add?: string[]; remove?: string[] };
}

/** `career profile update --json`: the profile after the change. */
export type ProfileUpdateJson = JsonOf<UserProfile>;

type UpdateFlags = ProfileFlags & { addSkills?: string; removeSkills?: string };

export function updateCommand(profile: Command, context: CommandContext): Command {
  const command = profile.command('update').description('Change fields of your profile');
  return addProfileFieldOptions(command, { identity: true })
    .option('--add-skills <list>', 'add skills (comma-separated)')
    .option('--remove-skills <list>', 'remove skills (comma-separated)')
    .action((flags: UpdateFlags, command: Command) => run(parse(flags, command), context));
}

function parse(flags: UpdateFlags, command: Command): ProfileUpdateOptions {
  const skills = {
    ...(flags.addSkills === undefined ? {} : { add: parseList(flags.addSkills) }),
    ...(flags.removeSkills === undefined ? {} : { remove: parseList(flags.removeSkills) }),
  };
  return { globals: globalOptions(command), changes: profileFieldFlags(flags), skills };
}

export async function run(options: ProfileUpdateOptions, context: CommandContext): Promise<void> {
  const user = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ user, workspace }) =>
    updateProfile(workspace, user, options.changes, options.skills),
  );
  if (options.globals.json) context.out.printJson(publicProfile(user));
  else context.out.printSuccess('Profile updated');
}
