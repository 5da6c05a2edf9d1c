// `career profile setup`: the setup wizard, the same as `career init` (which owns it).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { setupCommand as wizardOn } from '../init/setup.js';

export function setupCommand(profile: Command, context: CommandContext): Command {
  return wizardOn(
    profile.command('setup').description('Run the setup wizard (the same as `career init`)'),
    context,
  );
}
