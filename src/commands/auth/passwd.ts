// `career auth passwd`: a new password; the other sessions end.
import type { Command } from 'commander';
import { changePassword } from '../../services/auth-service.js';
import type { CommandContext } from '../context.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { NEW_PASSWORD_ENV, PASSWORD_ENV, passwordChange } from '../options/password.js';
import { plural } from '../../domain/phrases.js';

export interface AuthPasswdOptions {
  globals: GlobalOptions;
  passwordStdin: boolean;
}

/** `career auth passwd --json`: that it changed, and how many other sessions ended. */
export interface AuthPasswdJson {
  changed: true;
  /** How many other sessions were signed out. */
  endedSessions: number;
}

export function passwdCommand(auth: Command, context: CommandContext): Command {
  return auth
    .command('passwd')
    .description('Change your password (signs out your other sessions)')
    .option('--password-stdin', 'read two lines from stdin: the current password, then the new one')
    .addHelpText(
      'after',
      `\nThe passwords are asked at masked prompts; scripts set ${PASSWORD_ENV} (current) and ` +
        `${NEW_PASSWORD_ENV} (new), or pass --password-stdin.`,
    )
    .action((flags: { passwordStdin?: boolean }, command: Command) =>
      run(
        { globals: globalOptions(command), passwordStdin: flags.passwordStdin === true },
        context,
      ),
    );
}

export async function run(options: AuthPasswdOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const result = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ user, workspace }) => {
      const { current, next } = await passwordChange(options.passwordStdin, context);
      return changePassword(workspace, user, current, next);
    },
  );
  const json: AuthPasswdJson = { changed: true, endedSessions: result.endedSessions };
  if (options.globals.json) {
    out.printJson(json);
    return;
  }
  out.printSuccess('Password changed');
  if (result.endedSessions > 0)
    out.printNote(`Signed out ${plural(result.endedSessions, 'other session')}.`);
}
