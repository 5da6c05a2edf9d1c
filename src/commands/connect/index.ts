// `career connect ...`: your relationship with each contact (the seed's Connection) and the
// follow-ups that keep it alive. Only wires the verbs (and the `followup` sub-noun).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { addCommand } from './add.js';
import { archiveCommand } from './archive.js';
import { registerFollowUps } from './followup/index.js';
import { listCommand } from './list.js';
import { removeCommand } from './remove.js';
import { showCommand } from './show.js';
import { statusCommand } from './status.js';
import { unarchiveCommand } from './unarchive.js';
import { updateCommand } from './update.js';

export function register(program: Command, context: CommandContext): void {
  const connect = program.command('connect').description(nounSummary('connect'));
  const verbs = [addCommand, listCommand, showCommand, updateCommand, statusCommand, removeCommand];
  for (const verb of verbs) verb(connect, context);
  for (const verb of [archiveCommand, unarchiveCommand]) verb(connect, context);
  registerFollowUps(connect, context);
}
