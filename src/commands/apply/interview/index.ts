// `career apply interview ...`: schedule and track the interviews of applications.
import type { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { addCommand } from './add.js';
import { listCommand } from './list.js';
import { updateCommand } from './update.js';

export function register(apply: Command, context: CommandContext): void {
  const interview = apply.command('interview').description('Schedule and track interviews');
  for (const verb of [addCommand, listCommand, updateCommand]) verb(interview, context);
}
