// `career auth register`: a new account, signed in at once.
import type { Command } from 'commander';
import type { ProfileFields } from '../../repositories/index.js';
import { createAccount } from '../../services/auth-service.js';
import { publicProfile } from '../../services/profile-service.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { newAccountPassword, PASSWORD_ENV } from '../options/password.js';
import {
  addProfileFieldOptions,
  profileFieldFlags,
  type ProfileFlags,
} from '../options/profile-fields.js';

export const PASSWORD_HELP =
  `\nThe password is asked at a masked prompt; scripts pass it with --password-stdin or ` +
  `${PASSWORD_ENV}.`;

export interface AuthRegisterOptions {
  globals: GlobalOptions;
  name: string | undefined;
  email: string | undefined;
  profile: ProfileFields;
  passwordStdin: boolean;
}

/** `career auth register --json`: the new account's public profile. */
export type AuthRegisterJson = JsonOf<ReturnType<typeof publicProfile>>;

export function registerCommand(auth: Command, context: CommandContext): Command {
  const command = auth
    .command('register')
    .description('Create an account and sign in')
    .option('--password-stdin', 'read the password from stdin');
  return addProfileFieldOptions(command, { identity: true })
    .addHelpText('after', PASSWORD_HELP)
    .action((flags: ProfileFlags & { passwordStdin?: boolean }, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          name: flags.name,
          email: flags.email,
          profile: profileFieldFlags(flags),
          passwordStdin: flags.passwordStdin === true,
        },
        context,
      ),
    );
}

export async function run(options: AuthRegisterOptions, context: CommandContext): Promise<void> {
  const { out, prompts } = context;
  const name = await prompts.valueOrPrompt(options.name, '--name', 'Name');
  const email = await prompts.valueOrPrompt(options.email, '--email', 'Email');
  const password = await newAccountPassword(options.passwordStdin, context);
  const user = await context.withWorkspace({ dbUri: options.globals.dbUri }, (workspace) =>
    createAccount(workspace, { profile: { ...options.profile, name, email }, password }),
  );
  if (options.globals.json) out.printJson(publicProfile(user));
  else out.printSuccess(`Created the account ${user.email} for ${user.name}; you are signed in`);
}
