// `career search TEXT`: one verb, the noun itself (as `agenda` is).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { searchCommand } from './report.js';

export function register(program: Command, context: CommandContext): void {
  searchCommand(program.command('search').description(nounSummary('search')), context);
}
