// `career auth register`: a new account, signed in at once.
import type { Command } from 'commander';
import type { ProfileFields } from '../../repositories/index.js';
import { createAccount } from '../../services/auth-service.js';
import { publicProfile } from '../../services/profile-service.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { wordError } from '../error-wording.js';
import { newAccountIdentity } from '../options/new-account.js';
import { PASSWORD_ENV } from '../options/password.js';
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
  const { out } = context;
  const user = await context.withWorkspace({ dbUri: options.globals.dbUri }, async (workspace) => {
    const { name, email, password, answered } = await newAccountIdentity(
      workspace,
      { name: options.name, email: options.email, passwordStdin: options.passwordStdin },
      { name: 'Name', email: 'Email' },
      context,
    );
    try {
      return await createAccount(workspace, {
        profile: { ...options.profile, name, email },
        password,
      });
    } catch (error) {
      throw wordError(error, [], answered);
    }
  });
  if (options.globals.json) out.printJson(publicProfile(user));
  else out.printSuccess(`Created the account ${user.email} for ${user.name}; you are signed in`);
}
