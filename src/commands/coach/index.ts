// `career coach [MESSAGE]`, `career coach history`, `career coach clear`: the noun is itself
// the verb that asks; every exchange is kept in the user's conversation.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { askCommand } from './ask.js';
import { clearCommand } from './clear.js';
import { historyCommand } from './history.js';

export function register(program: Command, context: CommandContext): void {
  const coach = askCommand(program, context);
  historyCommand(coach, context);
  clearCommand(coach, context);
}
