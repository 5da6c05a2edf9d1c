// `career job ...`: job openings (the jobs applications are for). Only wires the verbs: each
// lives in its own module (flags, a typed options object, `run(options, context)`).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { addCommand } from './add.js';
import { listCommand } from './list.js';
import { removeCommand } from './remove.js';
import { showCommand } from './show.js';
import { updateCommand } from './update.js';

export function register(program: Command, context: CommandContext): void {
  const job = program.command('job').description(nounSummary('job'));
  for (const verb of [addCommand, listCommand, showCommand, updateCommand, removeCommand]) {
    verb(job, context);
  }
}
