// `career connect followup ...`: plan and complete follow-ups with your connections. Only wires
// the verbs.
import type { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { addCommand } from './add.js';
import { doneCommand } from './done.js';
import { listCommand } from './list.js';

export function registerFollowUps(connect: Command, context: CommandContext): void {
  const followUp = connect
    .command('followup')
    .description('Plan and complete follow-ups with your connections');
  for (const verb of [addCommand, listCommand, doneCommand]) verb(followUp, context);
}
