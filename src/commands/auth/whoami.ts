// `career auth whoami`: who is signed in on this machine.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface AuthWhoamiOptions {
  globals: GlobalOptions;
}

/** `career auth whoami --json`: the signed-in account's id, name and email. */
export interface AuthWhoamiJson {
  _id: string;
  name: string;
  email: string;
}

export function whoamiCommand(auth: Command, context: CommandContext): Command {
  return auth
    .command('whoami')
    .description('Show who is signed in')
    .action((_flags: unknown, command: Command) =>
      run({ globals: globalOptions(command) }, context),
    );
}

export async function run(options: AuthWhoamiOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const user = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ user }) => user,
  );
  if (options.globals.json) out.printJson({ _id: user._id, name: user.name, email: user.email });
  else
    out.printFields([
      ['Name', user.name],
      ['Email', user.email],
    ]);
}
