// `career learn ...`: courses, certifications, workshops and projects (the seed's
// DevelopmentActivity), and the skills they add to the profile once completed. Only wires the
// verbs: each lives in its own module (flags, a typed options object, `run`).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { addCommand } from './add.js';
import { completeCommand } from './complete.js';
import { listCommand } from './list.js';
import { removeCommand } from './remove.js';
import { showCommand } from './show.js';
import { startCommand } from './start.js';
import { updateCommand } from './update.js';

export function register(program: Command, context: CommandContext): void {
  const learn = program.command('learn').description(nounSummary('learn'));
  const verbs = [
    addCommand,
    listCommand,
    showCommand,
    startCommand,
    completeCommand,
    updateCommand,
    removeCommand,
  ];
  for (const verb of verbs) verb(learn, context);
}
