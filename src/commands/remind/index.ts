// `career remind`: one verb, the noun itself (as `agenda` is).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { remindCommand } from './report.js';

export function register(program: Command, context: CommandContext): void {
  remindCommand(program.command('remind').description(nounSummary('remind')), context);
}
