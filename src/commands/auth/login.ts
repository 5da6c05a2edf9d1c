// `career auth login`: sign in on this machine.
import type { Command } from 'commander';
import { login } from '../../services/auth-service.js';
import { publicProfile } from '../../services/profile-service.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { existingPassword } from '../options/password.js';
import { PASSWORD_HELP } from './register.js';

export interface AuthLoginOptions {
  globals: GlobalOptions;
  email: string | undefined;
  passwordStdin: boolean;
}

/** `career auth login --json`: the signed-in account's public profile. */
export type AuthLoginJson = JsonOf<ReturnType<typeof publicProfile>>;

export function loginCommand(auth: Command, context: CommandContext): Command {
  return auth
    .command('login')
    .description('Sign in to your account')
    .option('--email <email>', 'your account email')
    .option('--password-stdin', 'read the password from stdin')
    .addHelpText(
      'after',
      `${PASSWORD_HELP}\nAfter 5 failed sign-ins within 15 minutes the account is locked for 15 minutes.`,
    )
    .action((flags: { email?: string; passwordStdin?: boolean }, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          email: flags.email,
          passwordStdin: flags.passwordStdin === true,
        },
        context,
      ),
    );
}

export async function run(options: AuthLoginOptions, context: CommandContext): Promise<void> {
  const { out, prompts } = context;
  const email = await prompts.valueOrPrompt(options.email, '--email', 'Email');
  const password = await existingPassword(options.passwordStdin, context);
  const user = await context.withWorkspace({ dbUri: options.globals.dbUri }, (workspace) =>
    login(workspace, email, password),
  );
  if (options.globals.json) out.printJson(publicProfile(user));
  else out.printSuccess(`Signed in as ${user.name} (${user.email})`);
}
