// `career contact ...`: the people in your network (the records connections point at). Only
// wires the verbs: each lives in its own module (flags, a typed options object, `run`).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { addCommand } from './add.js';
import { listCommand } from './list.js';
import { removeCommand } from './remove.js';
import { showCommand } from './show.js';
import { updateCommand } from './update.js';

export function register(program: Command, context: CommandContext): void {
  const contact = program.command('contact').description(nounSummary('contact'));
  for (const verb of [addCommand, listCommand, showCommand, updateCommand, removeCommand]) {
    verb(contact, context);
  }
}
