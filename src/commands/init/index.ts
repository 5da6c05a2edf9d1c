// `career init`: the guided start (the same wizard as `career profile setup`, in ./setup.ts).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { setupCommand } from './setup.js';

export function register(program: Command, context: CommandContext): void {
  setupCommand(program.command('init').description(nounSummary('init')), context);
}
