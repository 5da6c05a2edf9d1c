// `career connect followup ...`: plan, change and complete follow-ups with your connections. Only wires
// the verbs.
import type { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { addCommand } from './add.js';
import { doneCommand } from './done.js';
import { listCommand } from './list.js';
import { removeCommand } from './remove.js';
import { snoozeCommand } from './snooze.js';
import { updateCommand } from './update.js';

export function registerFollowUps(connect: Command, context: CommandContext): void {
  const followUp = connect
    .command('followup')
    .description('Plan, change and complete follow-ups with your connections');
  const verbs = [addCommand, listCommand, doneCommand, updateCommand, snoozeCommand, removeCommand];
  for (const verb of verbs) verb(followUp, context);
}
