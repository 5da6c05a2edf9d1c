// `career profile ...`: see, change or delete your profile (and `setup`, the init wizard). Only
// wires the verbs: each lives in its own module (flags, a typed options object, `run`).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { deleteCommand } from './delete.js';
import { setupCommand } from './setup.js';
import { showCommand } from './show.js';
import { targetsCommand } from './targets.js';
import { updateCommand } from './update.js';

export function register(program: Command, context: CommandContext): void {
  const profile = program.command('profile').description(nounSummary('profile'));
  for (const verb of [showCommand, updateCommand, deleteCommand, targetsCommand, setupCommand]) {
    verb(profile, context);
  }
}
