// `career profile setup`: the setup wizard, the same as `career init` (which owns it).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addSetupOptions, setupAction } from '../init.js';

export function setupCommand(profile: Command, _context: CommandContext): Command {
  // TEMPORARY: init is still in the old shape; when it takes a context, pass this one on.
  return addSetupOptions(
    profile.command('setup').description('Run the setup wizard (the same as `career init`)'),
  ).action(setupAction);
}
