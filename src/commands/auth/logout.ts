// `career auth logout`: end this machine's session.
import type { Command } from 'commander';
import { logout } from '../../services/auth-service.js';
import type { CommandContext } from '../context.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface AuthLogoutOptions {
  globals: GlobalOptions;
}

/** `career auth logout --json`: whether a session was ended. */
export interface AuthLogoutJson {
  signedOut: boolean;
}

export function logoutCommand(auth: Command, context: CommandContext): Command {
  return auth
    .command('logout')
    .description('Sign out on this machine')
    .action((_flags: unknown, command: Command) =>
      run({ globals: globalOptions(command) }, context),
    );
}

export async function run(options: AuthLogoutOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const ended = await context.withWorkspace({ dbUri: options.globals.dbUri }, logout);
  const json: AuthLogoutJson = { signedOut: ended };
  if (options.globals.json) out.printJson(json);
  else if (ended) out.printSuccess('Signed out');
  else out.printNote('You were not signed in.');
}
